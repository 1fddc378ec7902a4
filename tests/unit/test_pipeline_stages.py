"""The pipeline's stages against in-memory fakes: end states, idempotency, bad input."""

import pytest

from mailroom.domain.commands import (
    FlushRows, MailboxChanged, PostApproved, ProcessDocument, SyncErpStatus,
)
from mailroom.domain.errors import TransientError
from mailroom.domain.status import Status
from mailroom.service_layer.flush import OUTBOX
from mailroom.service_layer.handlers import handle
from mailroom.service_layer.services import Services
from tests.unit.conftest import CLEAN, mail, make_services, pump

MAILBOX = "ap@example.com"


def deliver(services: Services, message_id: str, raw: bytes) -> None:
    services.mailboxes[MAILBOX].deliver(message_id, raw)  # type: ignore[attr-defined]
    services.publisher.publish(MailboxChanged(mailbox=MAILBOX))


def end_state(services: Services) -> tuple[object, ...]:
    sheet, erp, archive, mailbox = services.sheet, services.erp, services.archive, services.mailboxes[MAILBOX]
    return (
        sorted((r.key, r.status, r.invoice_number, r.erp_number) for r in sheet.rows()),
        len(erp.postings),  # type: ignore[attr-defined]
        sorted(archive.objects),  # type: ignore[attr-defined]
        {k: sorted(v) for k, v in mailbox.label_sets.items()},  # type: ignore[attr-defined]
    )


def approve_all_and_post(services: Services, *, times_each: int = 1) -> None:
    for row in services.sheet.rows(statuses=[Status.EXTRACTED]):
        services.sheet.update({row.key: {"status": Status.APPROVED}})  # as a reviewer in the Sheet
    services.publisher.publish(PostApproved())
    pump(services, times_each=times_each)


def test_a_new_mail_ends_as_a_staged_row_with_its_originals_archived(services):
    deliver(services, "m1", mail(("invoice.pdf", CLEAN.encode())))
    pump(services)
    [row] = services.sheet.rows()
    assert row.status == Status.EXTRACTED
    assert (row.invoice_number, str(row.grand_total), row.seller_vat_id) == ("F-1", "119.00", "DE136695976")
    assert sorted(k.split("/")[-1] for k in services.archive.objects) == ["invoice.pdf", "message.eml"]
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Staged"}


def test_a_burst_of_documents_reaches_the_sheet_in_one_write_and_labels_follow_it(services):
    writes: list[int] = []
    stage = services.sheet.stage
    services.sheet.stage = lambda rows: writes.append(len(rows)) or stage(rows)  # type: ignore[method-assign]
    for n in range(12):
        deliver(services, f"m{n}", mail((f"{n}.pdf", CLEAN.replace("F-1", f"F-{n}").encode()),
                                        subject=f"Invoice {n}"))
    while services.publisher.published:  # read everything, as a burst arrives
        handle(services.publisher.published.pop(0), services)
    assert writes == [] and services.mailboxes[MAILBOX].labels("m0") == set()
    handle(FlushRows(), services)
    handle(FlushRows(), services)  # a second tick finds nothing due
    assert writes == [12]
    assert services.mailboxes[MAILBOX].labels("m0") == {"ERP/Staged"}


def test_every_command_delivered_twice_gives_the_same_end_state():
    once, twice = make_services(), make_services()
    for services, times in ((once, 1), (twice, 2)):
        deliver(services, "m1", mail(("a.pdf", CLEAN.encode()), ("b.pdf", b"%BROKEN")))
        deliver(services, "m2", mail(("c.pdf", CLEAN.replace("F-1", "F-2").encode()), subject="Second"))
        pump(services, times_each=times)
        approve_all_and_post(services, times_each=times)
    assert end_state(twice) == end_state(once)
    assert len(once.erp.postings) == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize("failing_call", ["publish", "stage", "change_labels", "post"])
def test_a_crash_half_way_is_repaired_by_the_retry(failing_call):
    expected, crashed = make_services(), make_services()
    for services in (expected, crashed):
        deliver(services, "m1", mail(("a.pdf", CLEAN.encode())))
    pump(expected)
    approve_all_and_post(expected)

    target = {"publish": crashed.publisher, "stage": crashed.sheet,
              "change_labels": crashed.mailboxes[MAILBOX], "post": crashed.erp}[failing_call]
    original = getattr(target, failing_call)
    calls = {"n": 0}

    def crash_after_first_success(*args, **kwargs):
        result = original(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 1:
            raise TransientError("the process died right after this call")
        return result

    setattr(target, failing_call, crash_after_first_success)
    _pump_with_redelivery(crashed)
    for row in crashed.sheet.rows(statuses=[Status.EXTRACTED]):
        crashed.sheet.update({row.key: {"status": Status.APPROVED}})
    crashed.publisher.publish(PostApproved())
    _pump_with_redelivery(crashed)
    assert end_state(crashed) == end_state(expected)


def _pump_with_redelivery(services: Services) -> None:
    queue = services.publisher.published  # type: ignore[attr-defined]
    while queue or services.state.pending(OUTBOX):
        command = queue.pop(0) if queue else FlushRows()
        try:
            handle(command, services)
        except TransientError:
            queue.append(command)  # redelivered, as Pub/Sub would


def test_a_notification_older_than_the_cursor_lists_nothing(services):
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode())))
    pump(services)
    services.mailboxes[MAILBOX].deliver("m2", mail(("b.pdf", CLEAN.encode()), subject="Late"))
    handle(MailboxChanged(mailbox=MAILBOX, history_id=1), services)
    assert services.publisher.published == []


@pytest.mark.parametrize("raw, reason", [
    (mail(subject="Our newsletter", bulk=True), "bulk mail (newsletter or mailing list)"),
    (mail(subject="A question"), "no document attachments"),
])
def test_mail_that_is_not_work_is_recorded_as_ignored_and_archived(services, raw, reason):
    deliver(services, "m1", raw)
    pump(services)
    assert services.state.outcomes["m1"] == ("ignored", reason)  # type: ignore[attr-defined]
    assert services.sheet.rows() == []
    assert any(k.endswith("message.eml") for k in services.archive.objects)  # type: ignore[attr-defined]


def test_a_corrupt_pdf_ends_as_an_error_row_with_the_reason_and_the_original_kept(services):
    deliver(services, "m1", mail(("broken.pdf", b"%BROKEN pdf bytes")))
    pump(services)
    [row] = services.sheet.rows()
    assert row.status == Status.ERROR and "damaged" in row.error
    assert any(k.endswith("broken.pdf") for k in services.archive.objects)  # type: ignore[attr-defined]
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Error"}


def test_an_attachment_over_the_size_limit_is_an_error_not_read(services):
    deliver(services, "m1", mail(("huge.pdf", CLEAN.encode() + b" " * 2000)))
    pump(services)
    [row] = services.sheet.rows()
    assert row.status == Status.ERROR and "over the" in row.error


def test_a_resent_invoice_is_staged_as_a_duplicate_of_the_first(services):
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode())))
    deliver(services, "m2", mail(("a-again.pdf", CLEAN.encode() + b";note=x"), subject="Reminder"))
    pump(services)
    first, second = services.sheet.rows()
    assert (first.status, second.status) == (Status.EXTRACTED, Status.DUPLICATE)
    assert first.key in second.note
    assert services.mailboxes[MAILBOX].labels("m2") == {"ERP/Duplicate"}


def test_the_later_copy_is_the_duplicate_whichever_is_processed_first(services):
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode()), date="Mon, 02 Nov 2026 09:00:00 +0000"))
    deliver(services, "m2", mail(("a.pdf", CLEAN.encode()), subject="Reminder",
                                 date="Mon, 09 Nov 2026 09:00:00 +0000"))
    processed: list[str] = []

    def process_later_copy_first(command: object) -> None:
        published = services.publisher.published  # type: ignore[attr-defined]
        if isinstance(command, MailboxChanged) or not published:
            return
        if all(isinstance(c, ProcessDocument) for c in published) and not processed:
            published.reverse()
            processed.append("reordered")

    pump(services, on_handled=process_later_copy_first)
    assert processed == ["reordered"]
    labels = services.mailboxes[MAILBOX]
    assert (labels.labels("m1"), labels.labels("m2")) == ({"ERP/Staged"}, {"ERP/Duplicate"})


def test_a_later_copy_read_before_the_original_arrived_gives_way_to_it(services):
    deliver(services, "m2", mail(("a.pdf", CLEAN.encode()), subject="Reminder",
                                 date="Mon, 09 Nov 2026 09:00:00 +0000"))
    pump(services)
    assert services.mailboxes[MAILBOX].labels("m2") == {"ERP/Staged"}
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode()), date="Mon, 02 Nov 2026 09:00:00 +0000"))
    pump(services)
    labels = services.mailboxes[MAILBOX]
    assert (labels.labels("m1"), labels.labels("m2")) == ({"ERP/Staged"}, {"ERP/Duplicate"})
    later = next(r for r in services.sheet.rows() if r.message_id == "m2")
    assert later.status == Status.DUPLICATE and later.note.startswith("duplicate of ")


def test_a_copy_a_reviewer_already_approved_stays_the_original(services):
    deliver(services, "m2", mail(("a.pdf", CLEAN.encode()), subject="Reminder",
                                 date="Mon, 09 Nov 2026 09:00:00 +0000"))
    pump(services)
    [row] = services.sheet.rows()
    services.sheet.update({row.key: {"status": Status.APPROVED}})
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode()), date="Mon, 02 Nov 2026 09:00:00 +0000"))
    pump(services)
    labels = services.mailboxes[MAILBOX]
    assert (labels.labels("m1"), labels.labels("m2")) == ({"ERP/Duplicate"}, {"ERP/Staged"})


def test_a_low_confidence_field_sends_the_row_to_review_and_names_the_field(services):
    deliver(services, "m1", mail(("a.pdf", (CLEAN + ";conf=0.5").encode())))
    pump(services)
    [row] = services.sheet.rows()
    assert row.status == Status.NEEDS_REVIEW and "invoice_number" in row.low_confidence
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Needs review"}


def test_an_approved_row_is_posted_once_and_labelled_posted(services):
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode())))
    pump(services)
    approve_all_and_post(services)
    services.publisher.publish(PostApproved())
    pump(services)
    [row] = services.sheet.rows()
    assert row.status == Status.POSTED and row.erp_number == "BILL/0001"
    assert len(services.erp.postings) == 1  # type: ignore[attr-defined]
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Posted"}


def test_a_posting_the_erp_refuses_becomes_an_error_row_with_its_reason(services):
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode())))
    pump(services)
    services.erp.refuse = "partner ACME GmbH does not exist"  # type: ignore[attr-defined]
    approve_all_and_post(services)
    [row] = services.sheet.rows()
    assert row.status == Status.ERROR and row.error == "partner ACME GmbH does not exist"
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Error"}


def test_a_bill_paid_in_the_erp_moves_the_row_and_label_to_paid(services):
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode())))
    pump(services)
    approve_all_and_post(services)
    services.erp.set_state("1", "paid")  # type: ignore[attr-defined]
    handle(SyncErpStatus(), services)
    [row] = services.sheet.rows()
    assert row.status == Status.PAID
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Paid"}


def test_processing_an_unknown_document_is_a_permanent_error(services):
    from mailroom.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        handle(ProcessDocument(document_id="doc-nope"), services)
