"""A stand-in for Odoo's external API: XML-RPC at /xmlrpc/2/common and /xmlrpc/2/object, and
JSON-RPC at /jsonrpc, over the in-memory ORM in `odoo_models`. Faults are shaped as Odoo sends
them: over XML-RPC a Fault with code 2/3/4 and the message for user, access-denied and access
errors, code 1 and the server traceback for the rest; over JSON-RPC an error object with code
200, "Odoo Server Error" and data.name/message/debug.

`lose_responses` lists ORM methods (e.g. "create") whose next call does its work and then loses
the response; `faults` (ProxyFaults) answers 429/503 from the proxy in front of Odoo.
`pay`, `cancel` and `confirm` are what an accountant does in Odoo."""

import xmlrpc.client
from typing import Any

from flask import Response, jsonify, request

from mailroom.standins.odoo_models import OdooError, OdooModels
from mailroom.standins.proxy_faults import ProxyFaults, drop_connection
from mailroom.standins.server import StandIn


class OdooStandIn(StandIn):
    def __init__(self, *, version: int = 17, db: str = "acme", login: str = "api@acme.test",
                 api_key: str = "odoo-key", faults: ProxyFaults | None = None) -> None:
        self.models = OdooModels()
        self.version, self.db, self.login, self.api_key, self.uid = version, db, login, api_key, 2
        self.lose_responses: list[str] = []
        super().__init__(faults=faults or ProxyFaults())

    def routes(self) -> None:
        self.app.post("/xmlrpc/2/<service>")(self.xmlrpc)
        self.app.post("/jsonrpc")(self.jsonrpc)

    def xmlrpc(self, service: str) -> Response:
        params, method = xmlrpc.client.loads(request.get_data(), use_builtin_types=True)
        try:
            result = self._dispatch(service, method or "", list(params))
            body = xmlrpc.client.dumps((result,), methodresponse=True, allow_none=True)
        except OdooError as exc:
            message = exc.message if exc.code != 1 else exc.traceback
            body = xmlrpc.client.dumps(xmlrpc.client.Fault(exc.code, message), methodresponse=True)
        return Response(body, content_type="text/xml")

    def jsonrpc(self) -> Response:
        payload = request.get_json()
        params = payload.get("params", {})
        try:
            result = self._dispatch(params.get("service", ""), params.get("method", ""), params.get("args", []))
            return jsonify({"jsonrpc": "2.0", "id": payload.get("id"), "result": result})
        except OdooError as exc:
            data = {"name": exc.name, "debug": exc.traceback, "message": exc.message,
                    "arguments": [exc.message], "context": {}}
            return jsonify({"jsonrpc": "2.0", "id": payload.get("id"),
                            "error": {"code": 200, "message": "Odoo Server Error", "data": data}})

    def _dispatch(self, service: str, method: str, args: list[Any]) -> Any:
        if service == "common" and method == "version":
            return {"server_version": f"{self.version}.0", "protocol_version": 1,
                    "server_version_info": [self.version, 0, 0, "final", 0, ""], "server_serie": f"{self.version}.0"}
        if service == "common" and method == "authenticate":
            db, login, key = args[:3]
            return self.uid if (db, login, key) == (self.db, self.login, self.api_key) else False
        if service == "object" and method == "execute_kw":
            db, uid, key, model, orm_method, orm_args = args[:6]
            if (db, uid, key) != (self.db, self.uid, self.api_key):
                raise OdooError("odoo.exceptions.AccessDenied", "Access Denied")
            result = self.models.call(model, orm_method, orm_args, args[6] if len(args) > 6 else {})
            if self.lose_responses and self.lose_responses[0] == orm_method:
                self.lose_responses.pop(0)
                drop_connection()
            return result
        raise OdooError("builtins.NameError", f"unknown method '{service}.{method}'")

    # What an accountant does in Odoo, for tests to play the other side.

    def add(self, model: str, **values: Any) -> int:
        return self.models.call(model, "create", [values], {})

    def confirm(self, move_id: int) -> None:
        self.models.call("account.move", "action_post", [[move_id]], {})

    def pay(self, move_id: int, payment_state: str = "paid") -> None:
        self.models.store.update("account.move", move_id, {"payment_state": payment_state})

    def cancel(self, model: str, record_id: int) -> None:
        self.models.store.update(model, record_id, {"state": "cancel"})

    def records(self, model: str, **where: Any) -> list[dict[str, Any]]:
        return self.models.store.select(model, lambda row: all(row[k] == v for k, v in where.items()))
