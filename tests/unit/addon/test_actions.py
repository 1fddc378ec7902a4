"""Each button, through the deployed function with real-shaped events: the row, the record and
the audit log change as with the Sheet, and the answer is the updated card and a notification."""

import pytest

from mailroom.domain.commands import IngestMessage
from mailroom.domain.status import Status
from tests.unit.addon.conftest import APPROVER, REVIEWER, check_response, event


def click(client, identity, user=REVIEWER.email, form=None, **parameters) -> tuple[dict, str]:
    answer = client.post("/action", json=event(identity, "action", user=user, form=form, **parameters))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    check_response(body)
    action = body["renderActions"]["action"]
    return action["navigations"][0]["updateCard"], action.get("notification", {}).get("text", "")


def shows(card: dict, text: str) -> bool:
    import json

    return text in json.dumps(card, ensure_ascii=False)


@pytest.fixture
def staged(client, in_state):
    services = in_state("needs_review")
    return services, services.sheet.rows()[0].key


def test_the_triggers_push_the_homepage_and_the_message_card(client, identity, staged):
    home = client.post("/home", json=event(identity, "home", message_id=None)).get_json()
    check_response(home)
    assert shows(home, "Review queue") and shows(home, "Needs review")
    message = client.post("/message", json=event(identity, "message")).get_json()
    check_response(message)
    assert shows(message, "F-1") and shows(message, "55% check")


def test_gmails_ui_message_id_is_read_as_the_api_id():
    from mailroom.entrypoints.addon.event import gmail_message_id

    assert gmail_message_id("msg-f:1766218163738412345") == format(1766218163738412345, "x")
    assert gmail_message_id("18a5f0c2d3e4f567") == "18a5f0c2d3e4f567"


def test_approve(client, identity, staged):
    services, key = staged
    card, note = click(client, identity, do="approve", key=key)
    assert note == "Approved F-1" and shows(card, "Approved")
    row = services.sheet.get(key)
    assert row.status == Status.APPROVED and row.reviewer == REVIEWER.email
    assert services.state.document(key).status == Status.APPROVED


def test_reject_asks_for_a_reason_then_keeps_it(client, identity, staged):
    services, key = staged
    card, _ = click(client, identity, do="reject", key=key)
    assert card["name"] == "reject" and services.sheet.get(key).status == Status.NEEDS_REVIEW
    _, note = click(client, identity, do="reject_confirmed", key=key, form={"reason": ""})
    assert note.startswith("Not done: a rejection needs a reason")
    card, note = click(client, identity, do="reject_confirmed", key=key, form={"reason": "not ours"})
    assert note == "Rejected F-1" and shows(card, "Rejected")
    assert services.sheet.get(key).note == "not ours"


def test_hold(client, identity, staged):
    services, key = staged
    card, note = click(client, identity, do="hold", key=key)
    assert services.sheet.get(key).status == Status.ON_HOLD and shows(card, "On hold") and "on hold" in note


def test_edit_shows_the_form_and_saving_updates_and_checks_the_row(client, identity, staged):
    services, key = staged
    form_card, _ = click(client, identity, do="edit", key=key)
    inputs = {w["textInput"]["name"]: w["textInput"].get("value", "")
              for w in form_card["sections"][0]["widgets"] if "textInput" in w}
    assert inputs["field.grand_total"] == "119.00"
    card, note = click(client, identity, do="save", key=key,
                       form={**inputs, "field.grand_total": "119.50", "field.issue_date": "01.02.2026"})
    row = services.sheet.get(key)
    assert str(row.grand_total) == "119.50" and str(row.issue_date) == "2026-02-01"
    assert note == "Saved issue_date, grand_total; still: net 100.00 + tax 19.00 ≠ total 119.50"
    assert shows(card, "119.50") and shows(card, "edited (read: 119.00)")
    _, note = click(client, identity, do="save", key=key, form={"field.due_date": "not a date"})
    assert note.startswith("Not done")


def test_post_now_is_for_approvers_within_their_limit(client, identity, staged):
    services, key = staged
    click(client, identity, do="approve", key=key)
    _, note = click(client, identity, do="post", key=key)
    assert note == "Not done: only an approver may post" and services.erp.postings == []
    card, note = click(client, identity, user=APPROVER.email, do="post", key=key)
    assert note == "Posted as BILL/0001" and shows(card, "Posted to the ERP")
    assert services.sheet.get(key).status == Status.POSTED


def test_post_now_above_the_limit_is_refused(client, identity, services):
    from tests.unit.conftest import mail, pump
    from tests.unit.test_pipeline_stages import deliver

    deliver(services, "m1", mail(("big.pdf", b"invoice_number=B-1;issue_date=2026-01-31;seller_name=ACME;"
                                              b"currency=EUR;net_total=1000.00;tax_total=0.00;grand_total=1000.00")))
    pump(services)
    key = services.sheet.rows()[0].key
    click(client, identity, do="approve", key=key)
    _, note = click(client, identity, user=APPROVER.email, do="post", key=key)
    assert "above your posting limit of 500" in note and services.erp.postings == []


def test_rerun_reads_a_failed_document_again(client, identity, in_state):
    services = in_state("error")
    key = services.sheet.rows()[0].key
    services.archive.objects[services.state.document(key).archive_key] = b"invoice_number=F-7;conf=0.4"
    card, note = click(client, identity, do="rerun", key=key)
    assert note == "Read again: needs review" and shows(card, "F-7")


def test_process_this_mail_now_queues_it(client, identity, services):
    card, note = click(client, identity, do="process", message="m5")
    assert "Queued" in note and shows(card, "Process this mail now")
    assert services.publisher.published == [IngestMessage(mailbox="ap@example.com", message_id="m5")]


def test_a_forbidden_transition_says_why_on_the_same_card(client, identity, staged):
    services, key = staged
    click(client, identity, do="approve", key=key)
    click(client, identity, user=APPROVER.email, do="post", key=key)
    card, note = click(client, identity, do="hold", key=key)
    assert note.startswith("Not done: a document in POSTED cannot become ON_HOLD") and shows(card, "F-1")


def test_an_unknown_row_or_action_is_answered_not_crashed(client, identity, staged):
    _, note = click(client, identity, do="approve", key="nope")
    assert note == "Not done: no staged row 'nope'"
    _, note = click(client, identity, do="launch")
    assert note == "unknown action"
