"""The post and status stages ask the connector's capabilities: the original file goes to ERPs
that keep it, document types an ERP cannot take become error rows, push-only ERPs are not polled."""

from decimal import Decimal

import pytest

from mailroom.domain.commands import MailboxChanged, PostApproved, SyncErpStatus
from mailroom.domain.errors import NotFoundError, PermanentError, TransientError
from mailroom.domain.models import ErpRecord, LineItem
from mailroom.domain.status import Status
from mailroom.ports import ErpCapabilities
from mailroom.service_layer.erp_status import apply_reported_status
from mailroom.service_layer.handlers import handle
from mailroom.service_layer.services import Services
from tests.unit.conftest import CLEAN, fake_extract, mail, make_services, pump
from tests.unit.fakes import FakeErp

MAILBOX = "ap@example.com"


def staged(capabilities: ErpCapabilities, text: str = CLEAN) -> Services:
    services = make_services()
    services.erp = FakeErp(capabilities)
    services.mailboxes[MAILBOX].deliver("m1", mail(("bill.pdf", text.encode())), thread_id="t-9")  # type: ignore[attr-defined]
    services.publisher.publish(MailboxChanged(mailbox=MAILBOX))
    pump(services)
    for row in services.sheet.rows():
        services.sheet.update({row.key: {"status": Status.APPROVED}})
    return services


def test_an_erp_that_keeps_files_gets_the_archived_original():
    services = staged(ErpCapabilities(attachments=True))

    handle(PostApproved(), services)

    erp = services.erp
    assert isinstance(erp, FakeErp)
    [(key, original)] = erp.attachments.items()
    assert original.content == CLEAN.encode() and original.filename == "bill.pdf"
    [posted] = erp.postings
    assert posted.thread_link.endswith("/#all/t-9") and posted.recipient == MAILBOX
    assert posted.sender == "Vendor <billing@vendor.example>" and posted.source_link.startswith("fake://")


def test_an_erp_without_files_is_not_sent_one():
    services = staged(ErpCapabilities(attachments=False))

    handle(PostApproved(), services)

    assert isinstance(services.erp, FakeErp) and services.erp.attachments == {}
    assert [r.status for r in services.sheet.rows()] == [Status.POSTED]


def test_a_document_type_the_erp_cannot_take_is_an_error_row():
    services = staged(ErpCapabilities(document_types=frozenset({"invoice"})), CLEAN + ";type=purchase_order;buyer_name=ACME;po_number=PO-1")

    handle(PostApproved(), services)

    [row] = services.sheet.rows()
    assert row.status == Status.ERROR and row.error == "the configured ERP cannot take a purchase_order"


def test_a_push_only_erp_is_not_polled_for_status():
    services = staged(ErpCapabilities(status_polling=False))
    handle(PostApproved(), services)
    assert isinstance(services.erp, FakeErp)
    services.erp.set_state("1", "paid")
    services.erp.status = None  # type: ignore[assignment,method-assign]  # any call would fail

    assert handle(SyncErpStatus(), services) == 0  # no status() call: it would raise for a webhook
    assert [r.status for r in services.sheet.rows()] == [Status.POSTED]


def test_extracted_lines_go_along_only_while_they_add_up_to_the_reviewed_total():
    def with_lines(text, **options):  # the fake extraction reads no lines: two adding up to 100
        extraction = fake_extract(text, **options)
        extraction.lines = [LineItem(description="A", net_amount=Decimal(60)),
                            LineItem(description="B", net_amount=Decimal(40))]
        return extraction

    services = make_services()
    services.extract = with_lines
    services.mailboxes[MAILBOX].deliver("m1", mail(("a.pdf", CLEAN.encode())))  # type: ignore[attr-defined]
    services.mailboxes[MAILBOX].deliver("m2", mail(("b.pdf", CLEAN.replace("F-1", "F-2").encode()), subject="Other"))  # type: ignore[attr-defined]
    services.publisher.publish(MailboxChanged(mailbox=MAILBOX))
    pump(services)
    first, second = services.sheet.rows()
    services.sheet.update({first.key: {"status": Status.APPROVED},
                           second.key: {"status": Status.APPROVED, "net_total": Decimal("90.00"),
                                        "tax_total": Decimal("29.00")}})  # a reviewer's correction

    handle(PostApproved(), services)

    assert isinstance(services.erp, FakeErp)
    by_reference = {p.reference: p for p in services.erp.postings}
    assert [line.description for line in by_reference["F-1"].lines] == ["A", "B"]
    assert by_reference["F-2"].lines == []


def test_a_pushed_status_moves_the_row_and_label_once():
    services = staged(ErpCapabilities(status_polling=False))
    handle(PostApproved(), services)
    [row] = services.sheet.rows()
    paid = ErpRecord(erp_id=row.erp_id, number=row.erp_number, state="paid")

    assert apply_reported_status(row.key, paid, services) is True
    assert apply_reported_status(row.key, paid, services) is False  # a repeated callback

    assert services.sheet.rows()[0].status == Status.PAID
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Paid"}


def test_a_pushed_status_for_another_record_or_an_unposted_row_is_refused():
    services = staged(ErpCapabilities(status_polling=False))
    [row] = services.sheet.rows()
    report = ErpRecord(erp_id="1", number="BILL/0001", state="paid")

    with pytest.raises(TransientError, match="not posted here yet"):
        apply_reported_status(row.key, report, services)
    handle(PostApproved(), services)
    with pytest.raises(PermanentError, match="not 999"):
        apply_reported_status(row.key, report.model_copy(update={"erp_id": "999"}), services)
    with pytest.raises(NotFoundError):
        apply_reported_status("nope", report, services)


class _Crash(Exception):
    pass


def _crash_on_next_label_change(services: Services) -> None:
    mailbox = services.mailboxes[MAILBOX]
    real = mailbox.change_labels

    def crash_once(*args, **kwargs):  # type: ignore[no-untyped-def]
        mailbox.change_labels = real  # type: ignore[method-assign]
        raise _Crash("the process died while labelling")
    mailbox.change_labels = crash_once  # type: ignore[method-assign]


def test_a_crash_while_labelling_a_posting_is_repaired_by_the_next_sweep():
    services = staged(ErpCapabilities())
    _crash_on_next_label_change(services)
    with pytest.raises(_Crash):
        handle(PostApproved(), services)

    handle(PostApproved(), services)

    assert [r.status for r in services.sheet.rows()] == [Status.POSTED]
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Posted"}
    assert isinstance(services.erp, FakeErp) and len(services.erp.postings) == 1


def test_a_crash_while_labelling_a_payment_is_repaired_by_the_next_sync():
    services = staged(ErpCapabilities())
    handle(PostApproved(), services)
    [row] = services.sheet.rows()
    assert isinstance(services.erp, FakeErp)
    services.erp.set_state(row.erp_id, "paid")
    _crash_on_next_label_change(services)
    with pytest.raises(_Crash):
        handle(SyncErpStatus(), services)

    handle(SyncErpStatus(), services)

    assert services.sheet.rows()[0].status == Status.PAID
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Paid"}
