"""The dev stack: the Cloud Functions of `functions/main.py`, each served by Functions Framework
on its own loopback port, wired as on Google Cloud (the "functions" runtime: Pub/Sub publisher,
state in Cloud Storage) to the Google stand-ins, with a push dispatcher standing in for the
Pub/Sub subscriptions and a local Google signer for the OIDC tokens every call carries.

Nothing is faked inside the functions: the same entry points, decoding, token checks, stages
and client libraries run; only the far ends of the wires are local."""

import json
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from mailroom.config import CloudSettings, Settings
from mailroom.devstack.dispatcher import DispatchReport, PushDispatcher
from mailroom.devstack.google_standins import MAILBOX, GoogleStandIns, google_stand_ins
from mailroom.standins.google_identity import GoogleIdentityStandIn
from mailroom.standins.server import serving

MAIN = Path(__file__).parents[2] / "main.py"
EVENT_FUNCTIONS = {"gmail-push": "on_gmail_push", "messages": "on_message", "documents": "on_document"}
HTTP_FUNCTIONS = ("flush_rows", "on_review", "post_sweep", "sync_erp_status", "renew_watch")
CALLER = "devstack@devstack.iam.gserviceaccount.com"  # Pub/Sub push and Cloud Scheduler


@dataclass
class DevStack:
    google: GoogleStandIns
    identity: GoogleIdentityStandIn
    dispatcher: PushDispatcher
    urls: dict[str, str]  # function name → its local URL
    settings: Settings

    def push_gmail_notification(self) -> None:
        """What Gmail publishes to gmail-push when mail arrives: the mailbox's history id."""
        history_id = self.google.gmail.mailbox.history_id
        self.dispatcher.push_raw("gmail-push", json.dumps(
            {"emailAddress": MAILBOX, "historyId": history_id}).encode())

    def deliver(self, **options: object) -> DispatchReport:
        return self.dispatcher.run_until_idle(**options)  # type: ignore[arg-type]

    def call(self, function: str, attempts: int = 3) -> dict:
        """An HTTP function, as Cloud Scheduler calls it: an OIDC token for its URL, retried."""
        token = self.identity.mint(self.urls[function], CALLER)
        for _ in range(attempts):
            answer = requests.post(self.urls[function], headers={"Authorization": f"Bearer {token}"},
                                   timeout=600)
            if answer.ok:
                return answer.json()
        raise RuntimeError(f"{function} answered {answer.status_code}: {answer.text[:200]}")


@contextmanager
def devstack(home: Path) -> Iterator[DevStack]:
    import functions_framework

    from mailroom.bootstrap import bootstrap
    from mailroom.entrypoints.cloud import wiring

    identity = GoogleIdentityStandIn()
    with ExitStack() as running, google_stand_ins() as google:
        certs = running.enter_context(serving(identity)) + "/oauth2/v1/certs"
        urls = {name: running.enter_context(serving(functions_framework.create_app(name, str(MAIN))))
                for name in (*EVENT_FUNCTIONS.values(), *HTTP_FUNCTIONS)}
        dispatcher = PushDispatcher({topic: _poster(urls[name]) for topic, name in EVENT_FUNCTIONS.items()},
                                    project="devstack")
        google.pubsub.on_publish = dispatcher.push_raw
        settings = google.settings(home, cloud=CloudSettings(
            state_bucket="state", endpoint_urls=urls, certs_url=certs,
            callers={name: [CALLER] for name in urls}))
        wiring.override(bootstrap(settings, runtime="functions").services, settings)
        try:
            yield DevStack(google, identity, dispatcher, urls, settings)
        finally:
            wiring.override(None)


def _poster(url: str):  # type: ignore[no-untyped-def]
    """Delivers a CloudEvent over HTTP; the answer's status decides ack or redelivery."""
    session = requests.Session()

    def post(headers: dict[str, str], body: dict) -> int:
        return session.post(url, headers=headers, data=json.dumps(body), timeout=600).status_code

    return post


def run_mail_through(stack: DevStack, emls: list[Path], *, concurrency: int = 4,
                     reviewer: str = "devstack reviewer") -> dict[str, float]:
    """The whole flow through the functions, as on Google Cloud: mail arrives and Gmail
    notifies; the event functions run on every push; the scheduler flushes rows; a reviewer
    approves the clean ones; on_review posts them; sync_erp_status mirrors the ERP. Returns
    the seconds each phase took."""
    from mailroom.domain.errors import BadInputError
    from mailroom.domain.status import Status
    from mailroom.entrypoints.cloud import wiring
    from mailroom.service_layer import review

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    stack.google.deliver(emls)
    stack.push_gmail_notification()
    stack.deliver(concurrency=concurrency)
    seconds["notification to documents read"] = time.perf_counter() - started
    stack.call("flush_rows")
    seconds["notification to rows in the Sheet"] = time.perf_counter() - started
    services = wiring.services()
    for row in services.sheet.rows(statuses=[Status.EXTRACTED]):
        try:
            review.approve(services, row.key, reviewer)
        except BadInputError:
            pass  # not postable as read: it stays for a person to fix
    posting = time.perf_counter()
    stack.call("on_review")
    stack.call("sync_erp_status")
    seconds["posting and status sync"] = time.perf_counter() - posting
    return seconds
