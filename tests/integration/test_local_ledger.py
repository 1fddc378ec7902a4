"""LocalLedger on a real SQLite file: numbering, idempotent posting, duplicates, states."""

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from mailroom.adapters.local.ledger import LocalLedger
from mailroom.domain.errors import InvalidTransition, NotFoundError, PermanentError
from mailroom.domain.models import DocumentType, ErpPosting
from mailroom.ports import Erp


def posting(key: str, reference: str = "F-1", *, document_type: DocumentType = "invoice",
            partner: str = "ACME GmbH", vat: str | None = "DE136695976",
            year: int = 2026) -> ErpPosting:
    return ErpPosting(
        idempotency_key=key, document_type=document_type, partner_name=partner,
        partner_vat_id=vat, reference=reference, issue_date=date(year, 1, 31), currency="EUR",
        grand_total=Decimal("119.00"),
    )


@pytest.fixture
def ledger(tmp_path: Path) -> LocalLedger:
    return LocalLedger(tmp_path / "ledger.sqlite")


def test_the_local_ledger_implements_the_erp_port(ledger):
    assert isinstance(ledger, Erp)


def test_a_posting_becomes_a_posted_entry_with_a_number_and_a_link(ledger):
    record = ledger.post(posting("doc-1"))

    assert (record.number, record.state) == ("BILL/2026/0001", "posted")
    assert record.link == "ledger://BILL/2026/0001"
    assert ledger.find("doc-1") == record == ledger.status(record.erp_id)
    [entry] = ledger.entries()
    assert (entry.partner_name, entry.reference) == ("ACME GmbH", "F-1")
    assert entry.grand_total == Decimal("119.00")


def test_posting_the_same_document_twice_returns_the_first_record(ledger):
    first = ledger.post(posting("doc-1"))

    again = ledger.post(posting("doc-1"))

    assert again == first
    assert len(ledger.entries()) == 1
    assert ledger.post(posting("doc-2", "F-2")).number == "BILL/2026/0002"  # no gap


def test_numbers_run_per_document_type_and_year(ledger):
    numbers = [ledger.post(p).number for p in (
        posting("a", "F-1"), posting("b", "CN-1", document_type="credit_note"),
        posting("c", "PO-1", document_type="purchase_order"), posting("d", "F-2"),
        posting("e", "F-3", year=2027),
    )]

    assert numbers == ["BILL/2026/0001", "REFUND/2026/0001", "SO/2026/0001", "BILL/2026/0002",
                       "BILL/2027/0001"]


def test_the_same_partner_reference_under_another_key_is_refused_without_using_a_number(ledger):
    ledger.post(posting("doc-1", "F-1"))

    with pytest.raises(PermanentError, match="already in the ledger as BILL/2026/0001"):
        ledger.post(posting("doc-resent", "f 1"))  # normalised: the same reference
    with pytest.raises(PermanentError, match="BILL/2026/0001"):  # the VAT id names the partner
        ledger.post(posting("doc-renamed", "F-1", partner="ACME Germany", vat="de 136 695 976"))

    assert ledger.find("doc-resent") is None
    assert ledger.post(posting("doc-2", "F-2")).number == "BILL/2026/0002"


def test_the_same_reference_from_another_partner_or_of_another_type_is_fine(ledger):
    ledger.post(posting("doc-1", "F-1"))

    ledger.post(posting("doc-2", "F-1", partner="Other AG", vat=None))
    ledger.post(posting("doc-3", "F-1", document_type="credit_note"))

    assert len(ledger.entries()) == 3


def test_a_cancelled_entry_does_not_block_its_corrected_replacement(ledger):
    ledger.cancel(ledger.post(posting("doc-1", "F-1")).erp_id)

    assert ledger.post(posting("doc-1-corrected", "F-1")).number == "BILL/2026/0002"


def test_entries_move_from_posted_to_paid_to_cancelled_by_number_or_id(ledger):
    record = ledger.post(posting("doc-1"))

    assert ledger.mark_paid("BILL/2026/0001").state == "paid"
    assert ledger.mark_paid(record.erp_id).state == "paid"  # repeating is harmless
    assert ledger.cancel(record.erp_id).state == "cancelled"
    assert ledger.status(record.erp_id).state == "cancelled"
    with pytest.raises(InvalidTransition):
        ledger.mark_paid(record.erp_id)


def test_a_ledger_with_drafts_needs_a_confirmation_before_payment(tmp_path):
    ledger = LocalLedger(tmp_path / "ledger.sqlite", drafts=True)
    record = ledger.post(posting("doc-1"))

    assert record.state == "draft"
    with pytest.raises(InvalidTransition, match="draft"):
        ledger.mark_paid(record.number)
    assert ledger.confirm(record.number).state == "posted"


def test_documents_the_ledger_cannot_book_are_refused(ledger):
    with pytest.raises(PermanentError, match="not 'other'"):
        ledger.post(posting("doc-1", document_type="other"))


def test_an_unknown_entry_is_not_found(ledger):
    assert ledger.find("doc-x") is None
    with pytest.raises(NotFoundError):
        ledger.status("999")
    with pytest.raises(NotFoundError):
        ledger.mark_paid("BILL/2026/9999")


def test_concurrent_posters_get_consecutive_numbers(tmp_path):
    def post_five(poster: int) -> None:
        ledger = LocalLedger(tmp_path / "ledger.sqlite")  # one per process, as the CLI and a runner
        for n in range(5):
            ledger.post(posting(f"doc-{poster}-{n}", f"F-{poster}-{n}"))

    threads = [threading.Thread(target=post_five, args=(poster,)) for poster in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    numbers = sorted(e.number for e in LocalLedger(tmp_path / "ledger.sqlite").entries())
    assert numbers == [f"BILL/2026/{n:04d}" for n in range(1, 21)]


def test_a_draft_is_rolled_back_once_and_a_posted_entry_never(tmp_path, ledger):
    drafts = LocalLedger(tmp_path / "drafts.sqlite", drafts=True)
    draft = drafts.post(posting("doc-1"))
    drafts.rollback(draft.erp_id)
    drafts.rollback(draft.erp_id)
    assert drafts.status(draft.erp_id).state == "cancelled"

    entry = ledger.post(posting("doc-2"))
    with pytest.raises(PermanentError, match="only a draft"):
        ledger.rollback(entry.erp_id)
    assert ledger.status(entry.erp_id).state == "posted"
