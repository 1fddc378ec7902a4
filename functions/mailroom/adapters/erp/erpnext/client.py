"""Frappe's REST API with token auth (`Authorization: token key:secret`): list with JSON
`filters` and `fields`, get, insert and update documents, and upload a file. Frappe's errors
(`exc_type`, `exception`, `_server_messages`) become our errors with Frappe's own message."""

import json
import re
from typing import Any
from urllib.parse import quote

import requests

from mailroom.adapters.erp.base import Throttle, http_error
from mailroom.domain.errors import MailroomError, TransientError
from mailroom.ports import OriginalFile

_TAGS = re.compile(r"<[^>]+>")  # Frappe messages carry HTML (<b>, <a>) for its own dialogs


class FrappeClient:
    def __init__(self, url: str, api_key: str, api_secret: str, *, timeout: float = 30.0,
                 throttle: Throttle | None = None) -> None:
        self._url, self._timeout, self._throttle = url.rstrip("/"), timeout, throttle or Throttle()
        self._session = requests.Session()
        self._session.headers.update({"Authorization": f"token {api_key}:{api_secret}",
                                      "Accept": "application/json"})

    def list(self, doctype: str, filters: list[list[Any]], fields: list[str], limit: int = 20) -> list[dict[str, Any]]:
        params = {"filters": json.dumps(filters), "fields": json.dumps(fields), "limit_page_length": limit}
        return self._request("GET", f"/api/resource/{quote(doctype)}", params=params)["data"]

    def get(self, doctype: str, name: str) -> dict[str, Any]:
        return self._request("GET", f"/api/resource/{quote(doctype)}/{quote(name)}")["data"]

    def insert(self, doctype: str, doc: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", f"/api/resource/{quote(doctype)}", json=doc)["data"]

    def update(self, doctype: str, name: str, changes: dict[str, Any]) -> dict[str, Any]:
        return self._request("PUT", f"/api/resource/{quote(doctype)}/{quote(name)}", json=changes)["data"]

    def delete(self, doctype: str, name: str) -> None:
        self._request("DELETE", f"/api/resource/{quote(doctype)}/{quote(name)}")

    def upload(self, doctype: str, name: str, original: OriginalFile) -> dict[str, Any]:
        form = {"doctype": doctype, "docname": name, "is_private": "1"}
        files = {"file": (original.filename, original.content, original.content_type)}
        return self._request("POST", "/api/method/upload_file", data=form, files=files)["message"]

    def link(self, doctype: str, name: str) -> str:
        return f"{self._url}/app/{doctype.lower().replace(' ', '-')}/{quote(name)}"

    def _request(self, method: str, path: str, **options: Any) -> dict[str, Any]:
        self._throttle.wait()
        try:
            response = self._session.request(method, self._url + path, timeout=self._timeout, **options)
        except requests.RequestException as exc:  # refused, reset, timed out, cut off
            raise TransientError(f"ERPNext at {self._url} did not answer: {exc}") from exc
        if not response.ok:
            raise _error(response)
        return response.json()


def _error(response: requests.Response) -> MailroomError:
    """Frappe's body when it has one; a proxy's page (429/502/503) has none worth reading."""
    try:
        body = response.json()
    except ValueError:
        return http_error(response.status_code, f"ERPNext answered {response.status_code} {response.reason}")
    kind = body.get("exc_type") or "error"
    return http_error(response.status_code, f"ERPNext refused it ({kind}): {_message(body)}")


def _message(body: dict[str, Any]) -> str:
    """`_server_messages` is a JSON list of JSON objects with a `message`; `exception` is
    `frappe.exceptions.Kind: message`."""
    try:
        messages = [json.loads(item).get("message", "") for item in json.loads(body["_server_messages"])]
    except (KeyError, TypeError, ValueError):
        messages = []
    text = "; ".join(m for m in messages if m) or str(body.get("exception", "")).partition(": ")[2]
    return _TAGS.sub("", text).strip() or str(body.get("message") or "no message")
