"""The service-layer additions the add-on needs: post one row now, read a failed document
again, and the read-only queries behind its cards."""

import pytest

from mailroom.domain.errors import BadInputError, InvalidTransition, PermanentError
from mailroom.domain.status import Status
from mailroom.service_layer import review
from mailroom.service_layer.addon_queries import message_documents, review_queue
from mailroom.service_layer.post import post_document
from tests.unit.addon.conftest import REVIEWER


def test_post_now_posts_that_row_only_and_once(in_state):
    services = in_state("approved")
    key = services.sheet.rows()[0].key
    assert post_document(services, key) == "BILL/0001"
    assert services.sheet.get(key).status == Status.POSTED and services.state.document(key).erp_number == "BILL/0001"
    with pytest.raises(BadInputError, match="only an approved row"):
        post_document(services, key)
    assert len(services.erp.postings) == 1


def test_post_now_refuses_an_unapproved_row(in_state):
    services = in_state("needs_review")
    with pytest.raises(BadInputError):
        post_document(services, services.sheet.rows()[0].key)
    assert services.erp.postings == []


def test_a_refused_post_now_leaves_the_error_on_the_row(in_state):
    services = in_state("approved")
    services.erp.refuse = "vendor unknown in the ERP"
    key = services.sheet.rows()[0].key
    with pytest.raises(PermanentError):
        post_document(services, key)
    assert services.sheet.get(key).status == Status.ERROR and "vendor unknown" in services.sheet.get(key).error


def test_a_failed_document_read_again_gets_the_new_reading_on_its_row(in_state):
    services = in_state("error")
    key = services.sheet.rows()[0].key
    services.archive.objects[services.state.document(key).archive_key] = b"invoice_number=F-9;conf=0.5"  # fixed
    row = review.rerun_extraction(services, key, REVIEWER.email)
    assert row.status == Status.NEEDS_REVIEW and row.invoice_number == "F-9" and row.error == ""
    assert row.reviewer == REVIEWER.email
    assert [e.action for e in services.state.audit_log(key)][-2:] == ["re-read", "needs_review"]


def test_only_a_failed_document_is_read_again(in_state):
    services = in_state("needs_review")
    with pytest.raises(InvalidTransition):
        review.rerun_extraction(services, services.sheet.rows()[0].key, REVIEWER.email)


def test_a_messages_documents_come_with_their_rows(in_state):
    services = in_state("extracting")
    [document] = message_documents(services, "m1")
    assert document.row is None and document.record.status == Status.RECEIVED
    assert message_documents(services, "nope") == []


def test_the_queue_counts_by_status_and_finds_the_oldest_waiting(in_state):
    services = in_state("needs_review")
    queue = review_queue(services)
    assert queue.counts == {Status.NEEDS_REVIEW: 1} and queue.failed == []
    assert queue.oldest_waiting is not None and queue.oldest_waiting.message_id == "m1"
