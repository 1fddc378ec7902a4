"""A stand-in for ERPNext's REST API (Frappe): /api/resource/<doctype> to list (JSON `filters`
and `fields`), get, insert and update (docstatus 1 submits, 2 cancels), and
/api/method/upload_file, with token auth. Errors are Frappe's: an HTTP status (417 validation,
404 missing, 403 permission, 401 auth) and {exc_type, exception, exc, _server_messages}.
Unknown fields in an insert are dropped silently, as Frappe does; links must exist.

`lose_responses` lists operations ("insert", "update", "upload") whose next call does its work
and loses the response; `faults` (ProxyFaults) answers 429/503 from the proxy in front.
`pay`, `submit` and `cancel` are what an accountant does in ERPNext."""

import json
import secrets
from typing import Any

from flask import Response, jsonify, request

from mailroom.standins.erpnext_docs import DocStore, FrappeError
from mailroom.standins.proxy_faults import ProxyFaults, drop_connection
from mailroom.standins.server import StandIn


class ErpNextStandIn(StandIn):
    def __init__(self, *, api_key: str = "erpnext-key", api_secret: str = "erpnext-secret",
                 faults: ProxyFaults | None = None) -> None:
        self.docs = DocStore()
        self.token = f"token {api_key}:{api_secret}"
        self.lose_responses: list[str] = []
        self.denied: set[tuple[str, str]] = set()  # (doctype, operation) the API user may not do
        super().__init__(faults=faults or ProxyFaults())

    def routes(self) -> None:
        self.app.get("/api/resource/<doctype>")(self.list_docs)
        self.app.get("/api/resource/<doctype>/<name>")(self.get_doc)
        self.app.post("/api/resource/<doctype>")(self.insert_doc)
        self.app.put("/api/resource/<doctype>/<name>")(self.update_doc)
        self.app.delete("/api/resource/<doctype>/<name>")(self.delete_doc)
        self.app.post("/api/method/upload_file")(self.upload_file)
        self.app.errorhandler(FrappeError)(_error_response)

    def list_docs(self, doctype: str) -> Response:
        self._allow(doctype, "read")
        filters = json.loads(request.args.get("filters", "[]"))
        fields = json.loads(request.args.get("fields", '["name"]'))
        limit = int(request.args.get("limit_page_length", 20))
        return jsonify({"data": self.docs.query(doctype, filters, fields)[:limit or None]})

    def get_doc(self, doctype: str, name: str) -> Response:
        self._allow(doctype, "read")
        return jsonify({"data": self.docs.full(doctype, name)})

    def insert_doc(self, doctype: str) -> Response:
        self._allow(doctype, "insert")
        body = request.get_json()
        doc = json.loads(body["data"]) if isinstance(body.get("data"), str) else body
        return self._answer("insert", {"data": self.docs.insert(doctype, doc)})

    def update_doc(self, doctype: str, name: str) -> Response:
        self._allow(doctype, "update")
        return self._answer("update", {"data": self.docs.update(doctype, name, request.get_json())})

    def delete_doc(self, doctype: str, name: str) -> Response:
        self._allow(doctype, "delete")
        self.docs.delete(doctype, name)
        return jsonify({"message": "ok"})

    def upload_file(self) -> Response:
        self._allow("File", "insert")
        upload, form = request.files["file"], request.form
        self.docs.full(form["doctype"], form["docname"])  # attaching to nothing is an error
        content = upload.read()
        private = form.get("is_private") == "1"
        file_url = f"/{'private/' if private else ''}files/{upload.filename}"
        doc = self.docs.insert("File", {"name": secrets.token_hex(5), "file_name": upload.filename,
                                        "file_url": file_url, "attached_to_doctype": form["doctype"],
                                        "attached_to_name": form["docname"], "is_private": int(private),
                                        "file_size": len(content), "content": content.decode("latin-1")})
        return self._answer("upload", {"message": {k: v for k, v in doc.items() if k != "content"}})

    def _answer(self, operation: str, body: dict[str, Any]) -> Response:
        if self.lose_responses and self.lose_responses[0] == operation:
            self.lose_responses.pop(0)
            drop_connection()
        return jsonify(body)

    def _allow(self, doctype: str, operation: str) -> None:
        if request.headers.get("Authorization") != self.token:
            raise FrappeError(401, "AuthenticationError", "Invalid token")
        if (doctype, operation) in self.denied:
            raise FrappeError(403, "PermissionError", f"Insufficient Permission for {doctype}")

    # What an accountant does in ERPNext, for tests to play the other side.

    def add(self, doctype: str, **values: Any) -> str:
        return self.docs.insert(doctype, values)["name"]

    def submit(self, doctype: str, name: str) -> None:
        self.docs.update(doctype, name, {"docstatus": 1})

    def pay(self, name: str) -> None:
        self.docs.set_status("Purchase Invoice", name, "Paid")

    def cancel(self, doctype: str, name: str) -> None:
        if self.docs.full(doctype, name)["docstatus"] == 0:
            self.submit(doctype, name)  # only a submitted document can be cancelled
        self.docs.update(doctype, name, {"docstatus": 2})

    def records(self, doctype: str) -> list[dict[str, Any]]:
        return [self.docs.full(doctype, row["name"]) for row in self.docs.query(doctype, [], ["name"])]


def _error_response(exc: FrappeError) -> Response:
    message = json.dumps({"message": exc.message, "title": "Message", "indicator": "red", "raise_exception": 1})
    response = jsonify({
        "exc_type": exc.exc_type, "exception": f"frappe.exceptions.{exc.exc_type}: {exc.message}",
        "exc": json.dumps([f"Traceback (most recent call last):\nfrappe.exceptions.{exc.exc_type}: {exc.message}\n"]),
        "_server_messages": json.dumps([message]),
    })
    response.status_code = exc.status
    return response

