"""`mailroom addon preview`: a Gmail stand-in for the add-on, on the embedded stack.

One local server plays both sides. `/addon/<route>` is the add-on itself (the same `Addon`
that Cloud Functions serves, with the same token checks). `/gmail` is what Gmail does: it
takes the page's click, builds the event object Gmail would (the open message's ids, the form
inputs, the action's parameters), adds id tokens signed by a local Google signer (whose
certificates the add-on fetches over HTTP, as it fetches Google's) and POSTs it to the
function URL the card named. Mail the add-on queues is then processed by the local runner,
as Pub/Sub would have delivered it, and the open message's card is asked for again."""

import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import requests
from flask import Flask, abort, jsonify, request
from werkzeug.serving import make_server

from mailroom.bootstrap import LocalStack
from mailroom.config import AddonSettings
from mailroom.entrypoints.addon.app import Addon
from mailroom.entrypoints.addon.preview_page import PAGE
from mailroom.entrypoints.local_runner import run_until_idle
from mailroom.standins.google_identity import GoogleIdentityStandIn

ADDON_ACCOUNT = "service-0@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
CLIENT_ID = "mailroom-preview.apps.googleusercontent.com"


@dataclass(frozen=True)
class PreviewUser:
    email: str = "reviewer@local.test"
    approver: bool = True
    limit: Decimal | None = None


class Preview:
    def __init__(self, stack: LocalStack, identity: GoogleIdentityStandIn, user: PreviewUser) -> None:
        self.stack, self.identity, self.user = stack, identity, user
        self.app = Flask("mailroom-addon-preview")
        self.app.add_url_rule("/", "page", lambda: PAGE)
        self.app.add_url_rule("/messages", "messages", self._messages)
        self.app.add_url_rule("/gmail", "gmail", self._gmail, methods=["POST"])
        self.app.add_url_rule("/addon/<route>", "addon", self._addon, methods=["POST"])
        self._serial = threading.Lock()  # one click at a time, as in one Gmail tab
        self.addon: Addon | None = None
        self.base = ""

    def bind(self, host: str, port: int):  # type: ignore[no-untyped-def]
        """Listen first, so the add-on's token audiences can name the real port."""
        server = make_server(host, port, self.app, threaded=True)
        self.base = f"http://{host}:{server.server_port}"
        user = self.user
        addon = AddonSettings(
            url=f"{self.base}/addon", service_account=ADDON_ACCOUNT, oauth_client_id=CLIENT_ID,
            reviewers=[user.email], approvers={user.email: user.limit} if user.approver else {},
            sheet_url="")
        settings = self.stack.settings.model_copy(update={"addon": addon, "cloud": self.stack.settings.cloud.model_copy(
            update={"certs_url": self.identity.certs_url})})
        self.addon = Addon(settings, lambda: self.stack.services)
        return server

    def _messages(self):  # type: ignore[no-untyped-def]
        return jsonify([{"id": m.message_id, "thread": m.thread_id, "from": m.sender, "subject": m.subject,
                         "labels": sorted(m.labels)} for m in self.stack.mailbox.messages()])

    def _addon(self, route: str):  # type: ignore[no-untyped-def]
        assert self.addon is not None
        body, status, headers = self.addon(request.path, request.get_json(silent=True),
                                           request.headers.get("Authorization"))
        return jsonify(body), status, headers

    def _gmail(self):  # type: ignore[no-untyped-def]
        click = request.get_json(force=True)
        url = str(click.get("url", ""))
        if not url.startswith(f"{self.base}/addon/"):
            abort(400, "the preview calls only its own add-on")
        with self._serial:
            status, answer = self._post(url, click)
            ran = sum(run_until_idle(self.stack.services, self.stack.queue).handled.values())
            if ran and status == 200 and click.get("messageId") and "renderActions" in answer:
                # The pipeline read the mail meanwhile: show what Gmail shows on reopening it.
                _, fresh = self._post(f"{self.base}/addon/message", {"messageId": click["messageId"]})
                card = fresh["action"]["navigations"][0]["pushCard"]
                answer["renderActions"]["action"]["navigations"] = [{"updateCard": card}]
        return jsonify({"status": status, "response": answer, "ran": ran})

    def _post(self, url: str, click: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        response = requests.post(url, json=self.event(url, click), timeout=30)
        return response.status_code, response.json()

    def event(self, url: str, click: dict[str, Any]) -> dict[str, Any]:
        """The event object Gmail sends for this click (docs/google-apis.md §3.2)."""
        common: dict[str, Any] = {"hostApp": "GMAIL", "platform": "WEB", "userLocale": "en-GB"}
        if click.get("parameters"):
            common |= {"parameters": click["parameters"], "invokedFunction": url}
        if click.get("formInputs"):
            common["formInputs"] = {name: {"stringInputs": {"value": [value]}}
                                    for name, value in click["formInputs"].items() if value != ""}
        event: dict[str, Any] = {"commonEventObject": common, "authorizationEventObject": {
            "systemIdToken": self.identity.mint(url, ADDON_ACCOUNT),
            "userIdToken": self.identity.mint(CLIENT_ID, self.user.email)}}
        if click.get("messageId"):
            event["gmail"] = {"messageId": click["messageId"], "threadId": click.get("threadId", ""),
                              "accessToken": "preview-per-message-token"}
        return event
