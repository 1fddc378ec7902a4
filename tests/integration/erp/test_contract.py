"""One contract, every connector (the local ledger, Odoo over XML-RPC and JSON-RPC, ERPNext):
what the `Erp` port promises under at-least-once delivery, checked through each real transport."""

import pytest

from mailroom.domain.errors import PermanentError, TransientError
from mailroom.ports import Erp

from tests.integration.erp.conftest import PDF, World, posting


def attachment_for(erp: Erp):
    return PDF if erp.capabilities.attachments else None


def test_a_posting_becomes_one_record_that_find_and_status_return(world: World):
    record = world.erp.post(posting(), attachment_for(world.erp))

    assert record.state in ("draft", "posted")
    assert world.erp.find("doc-1") == record == world.erp.status(record.erp_id)
    assert world.erp.find("doc-2") is None
    assert world.count() == 1


def test_a_duplicate_delivery_returns_the_first_record(world: World):
    first = world.erp.post(posting(), attachment_for(world.erp))
    again = world.erp.post(posting(), attachment_for(world.erp))

    assert again == first and world.count() == 1


def test_a_lost_response_after_the_create_is_repaired_by_the_retry(world: World):
    world.lose_next_create()
    if world.can_fail:
        with pytest.raises(TransientError):
            world.erp.post(posting(), attachment_for(world.erp))
        assert world.count() == 1  # the ERP did make it; only the answer was lost
    else:
        world.erp.post(posting(), attachment_for(world.erp))

    record = world.erp.post(posting(), attachment_for(world.erp))

    assert world.count() == 1 and world.erp.find("doc-1") == record
    assert world.attachments(record) == (["ACME-F-1.pdf"] if world.erp.capabilities.attachments else [])


def test_the_same_vendor_reference_from_another_document_is_refused(world: World):
    world.erp.post(posting("doc-1", "F-1"))

    with pytest.raises(PermanentError, match="already in"):
        world.erp.post(posting("doc-2", "F-1"))
    assert world.count() == 1


def test_a_corrected_document_may_replace_a_cancelled_one(world: World):
    first = world.erp.post(posting("doc-1", "F-1"))
    world.cancel(first)

    second = world.erp.post(posting("doc-2", "F-1"))

    assert second.erp_id != first.erp_id and world.count() == 2


def test_paid_and_cancelled_in_the_erp_are_read_back(world: World):
    paid = world.erp.post(posting("doc-1", "F-1"))
    cancelled = world.erp.post(posting("doc-2", "F-2"))

    world.pay(paid)
    world.cancel(cancelled)

    assert world.erp.status(paid.erp_id).state == "paid"
    assert world.erp.status(cancelled.erp_id).state == "cancelled"


def test_bills_credit_notes_and_customer_orders_are_separate_records(world: World):
    bill = world.erp.post(posting("doc-1", "X-1"))
    refund = world.erp.post(posting("doc-2", "CN-1", document_type="credit_note"))
    order = world.erp.post(posting("doc-3", "X-1", document_type="purchase_order", sender="buying@acme.de"))

    assert len({bill.erp_id, refund.erp_id, order.erp_id}) == 3 and world.count() == 3
    assert world.erp.post(posting("doc-3", "X-1", document_type="purchase_order")) == order
