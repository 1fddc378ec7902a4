"""Reviewer actions change the row, the record and the labels together."""

import pytest

from mailroom.domain.errors import BadInputError, InvalidTransition
from mailroom.domain.status import Status
from mailroom.service_layer import review
from tests.unit.conftest import CLEAN, mail, pump
from tests.unit.test_pipeline_stages import MAILBOX, deliver


@pytest.fixture
def staged(services):
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode())))
    pump(services)
    return services, services.sheet.rows()[0].key


def test_approving_moves_row_record_and_label_together(staged):
    services, key = staged
    row = review.approve(services, key, "ana")
    assert (row.status, row.reviewer) == (Status.APPROVED, "ana")
    assert services.state.document(key).status == Status.APPROVED
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Staged"}
    assert [e.action for e in services.state.audit_log(key)][-1] == "approved"


def test_a_row_that_could_not_be_posted_cannot_be_approved(staged):
    services, key = staged
    services.sheet.update({key: {"grand_total": None}})
    with pytest.raises(BadInputError, match="grand_total is missing"):
        review.approve(services, key, "ana")


def test_rejecting_needs_a_reason_and_keeps_it(staged):
    services, key = staged
    with pytest.raises(BadInputError):
        review.reject(services, key, "ana", " ")
    row = review.reject(services, key, "ana", "not our order")
    assert (row.status, row.note) == (Status.REJECTED, "not our order")
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Rejected"}


def test_editing_parses_typed_values_and_sends_an_approved_row_back_to_review(staged):
    services, key = staged
    review.approve(services, key, "ana")
    row = review.edit(services, key, "ana", {"grand_total": "1.234,50", "due_date": "2026-03-01",
                                              "seller_vat_id": "de 136 695 976"})
    assert str(row.grand_total) == "1234.50" and str(row.due_date) == "2026-03-01"
    assert row.seller_vat_id == "DE136695976"
    assert row.status == Status.NEEDS_REVIEW


def test_editing_a_system_column_is_refused(staged):
    services, key = staged
    with pytest.raises(BadInputError, match="cannot be edited"):
        review.edit(services, key, "ana", {"status": "POSTED"})


def test_a_posted_row_cannot_be_rejected(staged):
    services, key = staged
    review.approve(services, key, "ana")
    from mailroom.domain.commands import PostApproved
    from mailroom.service_layer.handlers import handle

    handle(PostApproved(), services)
    with pytest.raises(InvalidTransition):
        review.reject(services, key, "ana", "too late")
