"""The whole flow through the Cloud Functions entry points in `functions/main.py`, with real
CloudEvent envelopes pushed by an at-least-once dispatcher: every event twice, newest first,
a function crashing half-way. The end state must equal a plain `mailroom run`: no message
lost, no row, posting, archive object or label twice."""

import json
import shutil
from pathlib import Path

import functions_framework
import pytest

from mailroom.bootstrap import bootstrap_local
from mailroom.config import Settings
from mailroom.devstack.dispatcher import PushDispatcher, envelope
from mailroom.domain.errors import TransientError
from mailroom.entrypoints.cloud import http, wiring
from mailroom.standins.google_identity import GoogleIdentityStandIn
from mailroom.standins.server import serving
from tests.e2e.conftest import end_state, mailroom

pytestmark = pytest.mark.slow

MAIN = str(Path(__file__).parents[2] / "functions" / "main.py")
BASE = "https://europe-west1-acme.cloudfunctions.net"
SCHEDULER = "scheduler@acme.iam.gserviceaccount.com"
STAGES = {"gmail-push": "on_gmail_push", "messages": "on_message", "documents": "on_document"}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """The sample mailbox without the scans: OCR is slow and not the point here."""
    from mailroom.samples import generate_mailbox

    sample = generate_mailbox(tmp_path_factory.mktemp("samples"), huge_attachment_bytes=200_000)
    folder = tmp_path_factory.mktemp("inbox")
    for mail in sample.mails:
        if mail.case not in ("scan-jpeg", "image-only-pdf"):
            shutil.copy(sample.inbox / Path(mail.file).name, folder)
    return folder


@pytest.fixture(scope="module")
def expected(inbox, tmp_path_factory):
    home = tmp_path_factory.mktemp("reference")
    mailroom(home, "ingest", str(inbox))
    mailroom(home, "run")
    mailroom(home, "review", "approve", "--clean", "--reviewer", "test", check=False)
    mailroom(home, "sync")
    return end_state(home)


@pytest.fixture(scope="module")
def identity():
    stand_in = GoogleIdentityStandIn()
    with serving(stand_in) as url:
        stand_in.certs_url = f"{url}/oauth2/v1/certs"
        yield stand_in


@pytest.fixture
def cloud_settings(identity, monkeypatch):
    endpoints = {name: f"{BASE}/{name}"
                 for name in ("flush_rows", "on_review", "sync_erp_status", "post_sweep")}
    monkeypatch.setenv("MAILROOM_CLOUD__ENDPOINT_URLS", json.dumps(endpoints))
    monkeypatch.setenv("MAILROOM_CLOUD__CALLERS", json.dumps({n: [SCHEDULER] for n in endpoints}))
    monkeypatch.setenv("MAILROOM_CLOUD__CERTS_URL", identity.certs_url)
    wiring.reload_settings()
    http.verifier.cache_clear()
    yield endpoints
    wiring.override(None)
    wiring.reload_settings()
    http.verifier.cache_clear()


def client(target: str):
    return functions_framework.create_app(target, MAIN).test_client()


def deliver_to(target: str):
    app = client(target)
    return lambda headers, body: app.post("/", headers=headers, json=body).status_code


def cloud_flow(home: Path, inbox: Path, identity, endpoints, *, duplicate=False, reverse=False,
               sabotage=None) -> None:
    stack = bootstrap_local(Settings(home=home))
    stack.mailbox.import_path(inbox)  # mail arrives; Gmail would now push a notification
    dispatcher = PushDispatcher({topic: deliver_to(t) for topic, t in STAGES.items()})
    stack.services.publisher = dispatcher
    if sabotage:
        sabotage(stack.services)
    wiring.override(stack.services)
    history_id = stack.mailbox.list_new(None).cursor
    dispatcher.push_raw("gmail-push", json.dumps(
        {"emailAddress": stack.mailbox.name, "historyId": int(history_id)}).encode())
    dispatcher.run_until_idle(duplicate=duplicate, reverse=reverse)
    assert dispatcher.dead_letters == []
    call_as_scheduler("flush_rows", identity, endpoints)
    mailroom(home, "review", "approve", "--clean", "--reviewer", "test", check=False)
    for name in ("on_review", "sync_erp_status"):
        call_as_scheduler(name, identity, endpoints)


def call_as_scheduler(name: str, identity, endpoints, attempts: int = 3) -> None:
    """Cloud Scheduler retries a job whose answer is not 2xx (retry_config in scheduler.tf)."""
    token = identity.mint(endpoints[name], SCHEDULER)
    for _ in range(attempts):
        answer = client(name).post("/", headers={"Authorization": f"Bearer {token}"})
        if answer.status_code == 200:
            return
    raise AssertionError(f"{name}: {answer.status_code} {answer.get_data(as_text=True)}")


@pytest.mark.parametrize("duplicate, reverse", [(False, False), (True, False), (True, True)],
                         ids=["once", "every-event-twice", "twice-newest-first"])
def test_the_functions_end_like_a_plain_run(inbox, expected, identity, cloud_settings, tmp_path,
                                            duplicate, reverse):
    cloud_flow(tmp_path, inbox, identity, cloud_settings, duplicate=duplicate, reverse=reverse)
    assert end_state(tmp_path) == expected


def crash_once_after(services, port: str, method: str) -> None:
    """The instance dies right after the call succeeded: the write is done, the answer lost."""
    target = getattr(services, port)
    original, calls = getattr(target, method), []

    def crashing(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            raise TransientError(f"instance lost right after {port}.{method}")
        return result

    setattr(target, method, crashing)


@pytest.mark.parametrize("port, method", [("archive", "put"), ("state", "save_document"),
                                          ("sheet", "stage"), ("erp", "post")])
def test_a_function_that_dies_half_way_is_retried_and_finishes_the_work(
        inbox, expected, identity, cloud_settings, tmp_path, port, method):
    cloud_flow(tmp_path, inbox, identity, cloud_settings,
               sabotage=lambda services: crash_once_after(services, port, method))
    assert end_state(tmp_path) == expected


def test_an_undecodable_event_is_acknowledged_not_retried_forever(cloud_settings, tmp_path):
    wiring.override(bootstrap_local(Settings(home=tmp_path)).services)
    headers, body = envelope("p", "messages", b"not json", "1")
    assert client("on_message").post("/", headers=headers, json=body).status_code == 200


def test_a_structured_mode_cloudevent_is_understood(cloud_settings, tmp_path):
    stack = bootstrap_local(Settings(home=tmp_path))
    wiring.override(stack.services)
    _, body = envelope("p", "messages", b'{"mailbox": "inbox@local", "message_id": "gone"}', "7")
    event = {"specversion": "1.0", "id": "7", "type": "google.cloud.pubsub.topic.v1.messagePublished",
             "source": "//pubsub.googleapis.com/projects/p/topics/messages",
             "datacontenttype": "application/json", "data": body}
    answer = client("on_message").post("/", data=json.dumps(event),
                                       headers={"Content-Type": "application/cloudevents+json"})
    assert answer.status_code == 200
    assert stack.services.state.message_outcomes() == {"vanished": 1}


@pytest.mark.parametrize("target", ["flush_rows", "on_review", "post_sweep", "sync_erp_status"])
def test_http_functions_refuse_a_request_without_a_valid_token(identity, cloud_settings, tmp_path, target):
    services = bootstrap_local(Settings(home=tmp_path)).services
    wiring.override(services)
    app = client(target)
    assert app.post("/").status_code == 401
    wrong_audience = identity.mint(f"{BASE}/elsewhere", SCHEDULER)
    assert app.post("/", headers={"Authorization": f"Bearer {wrong_audience}"}).status_code == 401
    assert services.state.audit_log() == []  # nothing was done


def test_a_signed_erp_status_report_moves_the_row_and_a_forged_one_does_nothing(
        inbox, identity, cloud_settings, tmp_path, monkeypatch):
    import time as clock

    from mailroom.adapters.erp.webhook.signing import HEADER, signature
    from mailroom.domain.status import Status

    monkeypatch.setenv("MAILROOM_ERP__WEBHOOK__SECRET", "whsec-test")
    cloud_flow(tmp_path, inbox, identity, cloud_settings)
    services = bootstrap_local(Settings(home=tmp_path)).services
    wiring.override(services)
    posted = services.state.documents(statuses=[Status.POSTED])[0]
    body = json.dumps({"idempotency_key": posted.id, "erp_id": posted.erp_id,
                       "number": posted.erp_number, "state": "paid"}).encode()
    app = client("erp_status_callback")

    forged = signature(body, "not-the-secret", int(clock.time()))
    assert app.post("/", data=body, headers={HEADER: forged}).status_code == 401
    assert app.post("/", data=body).status_code == 401
    assert services.state.document(posted.id).status == Status.POSTED

    signed = signature(body, "whsec-test", int(clock.time()))
    answer = app.post("/", data=body, headers={HEADER: signed, "Content-Type": "application/json"})
    assert answer.status_code == 200 and answer.get_json()["result"] == {"changed": True}
    assert services.sheet.get(posted.id).status == Status.PAID
