"""A stand-in for what sits behind the webhook (a Zapier/Make/n8n flow, a NetSuite RESTlet),
behaving as docs/erp-connectors.md asks a receiver to: check the signature, make one record
per `Idempotency-Key` and answer a repeat with the first answer, and report status back
through a signed callback (`callback_for`)."""

import itertools
import json
import time
from typing import Any

from flask import Response, jsonify, request

from mailroom.adapters.erp.webhook.signing import HEADER, SignatureError, signature, verify
from mailroom.standins.proxy_faults import ProxyFaults, drop_connection
from mailroom.standins.server import StandIn


class WebhookReceiver(StandIn):
    def __init__(self, secret: str, *, faults: ProxyFaults | None = None) -> None:
        self.secret = secret
        self.records: dict[str, dict[str, Any]] = {}  # by idempotency key
        self.deliveries: list[dict[str, Any]] = []  # every verified request, repeats included
        self.lose_responses = 0  # how many of the next answers to lose after doing the work
        self.refuse: str | None = None  # a 422 with this reason, as a flow that rejects the data
        self._numbers = itertools.count(1)
        super().__init__(faults=faults or ProxyFaults())

    def routes(self) -> None:
        self.app.post("/hook")(self.hook)

    def hook(self) -> Response | tuple[Response, int]:
        body = request.get_data()
        try:
            verify(request.headers.get(HEADER), body, self.secret)
        except SignatureError as exc:
            return jsonify({"error": str(exc)}), 401
        if self.refuse:
            return jsonify({"error": self.refuse}), 422
        payload = json.loads(body)
        self.deliveries.append(payload)
        key = request.headers["Idempotency-Key"]
        if key not in self.records:
            number = next(self._numbers)
            self.records[key] = {"erp_id": f"vendorbill:{number}", "number": f"VB{number:05d}",
                                 "state": "posted", "link": f"https://erp.example/vendorbill/{number}"}
        if self.lose_responses:
            self.lose_responses -= 1
            drop_connection()
        return jsonify(self.records[key])

    def callback_for(self, key: str, state: str, *, at: int | None = None) -> tuple[dict[str, str], bytes]:
        """The headers and body the receiver sends to report `state` for a posting."""
        body = json.dumps(self.records[key] | {"state": state, "idempotency_key": key}).encode()
        return {HEADER: signature(body, self.secret, int(time.time()) if at is None else at)}, body
