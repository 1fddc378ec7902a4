"""Odoo's external API over XML-RPC (`/xmlrpc/2/common`, `/xmlrpc/2/object`) or JSON-RPC
(`/jsonrpc`), with an API key in place of the password. Both transports carry the same calls
(`authenticate`, `version`, `execute_kw`); this module turns their faults into our errors."""

import http.client
import itertools
import json
import re
import urllib.error
import urllib.request
import xmlrpc.client
from typing import Any, Literal

from mailroom.adapters.erp.base import Throttle, http_error
from mailroom.domain.errors import MailroomError, PermanentError, TransientError

Protocol = Literal["xmlrpc", "jsonrpc"]
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Denied|Failure|Warning)\b.*?:")
# Odoo names the exception in the fault; these mean "try again" (a lock, a restart).
_TRANSIENT_FAULTS = ("SerializationFailure", "LockNotAvailable", "OperationalError")
# /xmlrpc/2 fault codes (odoo/addons/base/controllers/rpc.py): user-facing errors carry just
# their message; anything else (code 1) carries the formatted server traceback.
_FAULT_NAMES = {2: "UserError", 3: "AccessDenied", 4: "AccessError"}


class OdooClient:
    def __init__(self, url: str, db: str, login: str, api_key: str, *,
                 protocol: Protocol = "xmlrpc", timeout: float = 30.0,
                 throttle: Throttle | None = None) -> None:
        self._url, self._db, self._login, self._key = url.rstrip("/"), db, login, api_key
        self._protocol, self._timeout, self._throttle = protocol, timeout, throttle or Throttle()
        self._uid: int | None = None
        self._ids = itertools.count(1)

    def version(self) -> dict[str, Any]:
        return self._call("common", "version")

    def execute(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._call("object", "execute_kw", self._db, self.uid, self._key, model, method,
                          list(args), kwargs)

    @property
    def uid(self) -> int:
        if self._uid is None:
            uid = self._call("common", "authenticate", self._db, self._login, self._key, {})
            if not uid:  # Odoo answers False, not a fault, to a wrong login or key
                raise PermanentError(f"Odoo refused the login {self._login} on database {self._db}:"
                                     " check the user and its API key")
            self._uid = uid
        return self._uid

    def _call(self, service: str, method: str, *args: Any) -> Any:
        self._throttle.wait()
        try:
            if self._protocol == "jsonrpc":
                return self._jsonrpc(service, method, list(args))
            proxy = xmlrpc.client.ServerProxy(f"{self._url}/xmlrpc/2/{service}", allow_none=True,
                                              transport=_TimeoutTransport(self._timeout))
            return getattr(proxy, method)(*args)
        except xmlrpc.client.Fault as fault:
            if fault.faultCode in _FAULT_NAMES:
                raise _fault_error("", name=_FAULT_NAMES[fault.faultCode],
                                   message=fault.faultString) from fault
            raise _fault_error(fault.faultString) from fault
        except xmlrpc.client.ProtocolError as exc:
            raise http_error(exc.errcode, f"Odoo answered {exc.errcode} {exc.errmsg}") from exc
        except urllib.error.HTTPError as exc:
            raise http_error(exc.code, f"Odoo answered {exc.code} {exc.reason}") from exc
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out, cut off
            raise TransientError(f"Odoo at {self._url} did not answer: {exc}") from exc

    def _jsonrpc(self, service: str, method: str, args: list[Any]) -> Any:
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": next(self._ids),
                           "params": {"service": service, "method": method, "args": args}})
        request = urllib.request.Request(f"{self._url}/jsonrpc", data=body.encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=self._timeout) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            data = answer["error"].get("data") or {}
            raise _fault_error(data.get("debug") or answer["error"].get("message", ""),
                               name=data.get("name", ""), message=data.get("message", ""))
        return answer.get("result")


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def request(self, host: Any, handler: str, request_body: bytes, verbose: bool = False) -> Any:
        """One attempt. The stock transport resends a request whose connection dropped, which
        runs a `create` whose response was lost a second time: a duplicate bill. Retries go
        through `OdooErp.post`, which looks for the first record before creating."""
        return self.single_request(host, handler, request_body, verbose)

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


def _fault_error(traceback: str, *, name: str = "", message: str = "") -> MailroomError:
    """A traceback's last `module.Exception: message` line names the error when nothing else does."""
    last = next((line for line in reversed(traceback.strip().splitlines())
                 if _EXCEPTION_LINE.match(line)), "")
    name = name or last.partition(":")[0].strip()
    message = message or last.partition(":")[2].strip() or traceback.strip()[-300:]
    if any(marker in name or marker in traceback for marker in _TRANSIENT_FAULTS):
        return TransientError(f"Odoo is busy: {message}")
    return PermanentError(f"Odoo refused it ({name.rpartition('.')[2] or 'fault'}): {message}")
