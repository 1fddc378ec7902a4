"""Every state the sidebar shows is valid Card v1 and says what a reviewer needs to know."""

import json

import jsonschema
import pytest

from mailroom.domain.status import Status
from mailroom.entrypoints.addon.form_cards import edit_card, edited_fields, reject_card
from mailroom.entrypoints.addon.home_card import home_card
from mailroom.entrypoints.addon.message_card import message_card
from mailroom.entrypoints.addon.widgets import to_json
from mailroom.service_layer.addon_queries import message_documents, review_queue
from mailroom.entrypoints.addon.present import FIELDS
from tests.unit.addon.conftest import APPROVER, SCHEMA, STATES, check_response, view
from tests.unit.conftest import CLEAN, mail, pump
from tests.unit.test_pipeline_stages import deliver


def pushed(card) -> dict:
    return {"action": {"navigations": [{"pushCard": to_json(card)}]}}


def texts(card) -> str:
    return json.dumps(to_json(card), ensure_ascii=False)


def buttons(card) -> list[str]:
    found = []
    for section in to_json(card)["sections"]:
        for widget in section["widgets"]:
            found += [b["text"] for b in widget.get("buttonList", {}).get("buttons", [])]
    return found


def card_in(in_state, state, user=None):
    services = in_state(state)
    message_id = services.state.documents()[-1].message_id
    return message_card(view(user) if user else view(), message_id, message_documents(services, message_id))


EXPECTED = {  # state → (status words on the card, buttons it must offer, buttons it must not)
    "extracting": ("Reading…", {"Refresh"}, {"Approve", "Post now"}),
    "needs_review": ("Needs review", {"Approve", "Edit", "Reject", "Hold"}, {"Post now", "Re-run extraction"}),
    "approved": ("Approved", {"Edit", "Reject", "Hold"}, {"Approve", "Post now"}),
    "posted": ("ERP record BILL/0001", {"Sheet"}, {"Approve", "Edit", "Reject"}),
    "paid": ("Paid", {"Sheet"}, {"Approve", "Edit", "Hold"}),
    "error": ("Failed", {"Re-run extraction", "Edit"}, {"Approve", "Post now"}),
    "duplicate": ("Duplicate", {"Reject", "Edit"}, {"Approve", "Post now"}),
    "on_hold": ("On hold", {"Approve", "Reject", "Edit"}, {"Hold"}),
}


@pytest.mark.parametrize("state", sorted(STATES))
def test_every_state_is_valid_card_json_and_offers_only_what_the_life_cycle_allows(in_state, state):
    card = card_in(in_state, state)
    check_response(pushed(card))
    words, offered, withheld = EXPECTED[state]
    assert words in texts(card)
    assert offered <= set(buttons(card)), buttons(card)
    assert not withheld & set(buttons(card)), buttons(card)


def test_a_low_confidence_field_shows_its_badge_source_and_reason(in_state):
    card = texts(card_in(in_state, "needs_review"))
    assert "55% check" in card and "PDF text p.1" in card and "fake" in card
    assert "F-1" in card and "ACME GmbH" in card and "119.00" in card and "EUR" in card


def test_a_sure_field_says_so_and_a_posted_document_links_to_its_erp_record(in_state):
    services = in_state("posted")
    key = services.sheet.rows()[0].key
    services.sheet.update({key: {"erp_link": "https://erp.example/bills/1"}})  # the fake ERP gives none
    card = card_in(lambda _: services, "posted")
    assert "99% sure" in texts(card) and "Posted to the ERP" in texts(card)
    links = {b["text"]: b["onClick"]["openLink"]["url"] for s in to_json(card)["sections"] for w in s["widgets"]
             for b in w.get("buttonList", {}).get("buttons", []) if "openLink" in b["onClick"]}
    assert links == {"ERP record": "https://erp.example/bills/1",
                     "Sheet": "https://docs.google.com/spreadsheets/d/SHEET"}
    assert "fake://" in texts(card)  # the original's location, as text: Gmail opens web links only


def test_post_now_is_offered_to_an_approver_within_their_limit_only(in_state):
    assert "Post now" in buttons(card_in(in_state, "approved", APPROVER))  # 119.00 ≤ 500


def test_post_now_is_withheld_above_the_approvers_limit(in_state):
    from dataclasses import replace

    assert "Post now" not in buttons(card_in(in_state, "approved", replace(APPROVER, limit=100)))


def test_a_mail_without_documents_offers_to_process_it():
    card = message_card(view(), "m9", [])
    check_response(pushed(card))
    assert buttons(card) == ["Process this mail now"]


def test_the_homepage_counts_the_queue_and_lists_failures(in_state):
    services = in_state("error")
    deliver(services, "m2", mail(("b.pdf", (CLEAN + ";conf=0.5").encode()), subject="Unsure"))
    pump(services)
    card = home_card(view(), review_queue(services))
    check_response(pushed(card))
    text = texts(card)
    assert "Needs review" in text and "Failed (1)" in text and "PDF is damaged" in text
    assert "Oldest waiting" in text and "Open the Sheet" in text


def test_the_forms_are_valid_and_pre_filled(in_state):
    services = in_state("needs_review")
    row = services.sheet.rows()[0]
    for card in (edit_card(view(), row), reject_card(view(), row)):
        check_response({"renderActions": {"action": {"navigations": [{"updateCard": to_json(card)}]}}})
    inputs = {w["textInput"]["name"]: w["textInput"].get("value", "")
              for w in to_json(edit_card(view(), row))["sections"][0]["widgets"] if "textInput" in w}
    assert inputs["field.invoice_number"] == "F-1" and inputs["field.grand_total"] == "119.00"


def test_only_changed_fields_count_as_edits(in_state):
    row = in_state("needs_review").sheet.rows()[0]
    shown = {f"field.{name}": str(getattr(row, name)) for name in FIELDS if getattr(row, name) is not None}
    assert edited_fields(shown, row) == {}
    assert edited_fields({**shown, "field.grand_total": "120.00", "field.po_number": ""}, row) == {"grand_total": "120.00"}
    del shown["field.iban" if "field.iban" in shown else "field.currency"]  # emptied: absent from the event
    assert list(edited_fields(shown, row).values()) == [""]
    assert edited_fields({}, row) == {}  # no form at all is no edit, not "empty every field"


def test_mail_text_cannot_become_card_markup(in_state):
    services = in_state("needs_review")
    record = services.state.documents()[0]
    record.subject = '<a href="https://evil">click</a>'
    services.state.save_document(record)
    assert "<a href" not in texts(message_card(view(), record.message_id, message_documents(services, record.message_id)))


@pytest.mark.parametrize("breakage", [
    lambda c: c["sections"][0]["widgets"][0]["decoratedText"].update(toplabel="x"),  # misspelt key
    lambda c: c["sections"][0]["widgets"].append({"decoratedText": {"text": "a"}, "divider": {}}),
    lambda c: c["header"].pop("title"),
    lambda c: c.update(sections=[]),
])
def test_the_schema_refuses_a_wrong_card(in_state, breakage):
    card = to_json(card_in(in_state, "needs_review"))
    breakage(card)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"action": {"navigations": [{"pushCard": card}]}}, SCHEMA)


def test_statuses_all_have_words():
    from mailroom.entrypoints.addon.present import STATUS

    assert set(STATUS) == set(Status)


def test_a_decision_made_in_the_sheet_shows_before_the_record_catches_up(in_state):
    services = in_state("needs_review")
    key = services.sheet.rows()[0].key
    services.sheet.update({key: {"status": Status.APPROVED}})  # a reviewer typed it in the Sheet
    card = card_in(lambda _: services, "needs_review")
    assert "Approved" in texts(card) and "Approve" not in buttons(card)
