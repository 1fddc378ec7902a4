"""Stage 4: post approved rows to the ERP, exactly once.

The ERP adapter finds an earlier posting by the idempotency key (the document id), so a crash
between the ERP call and the row update is repaired by the next sweep: the row is still
APPROVED, the post returns the record made the first time, and the row moves on."""

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from mailroom.domain.commands import PostApproved
from mailroom.domain.errors import BadInputError, NotFoundError, PermanentError
from mailroom.domain.models import DocumentRecord, ErpPosting, LineItem, StagedRow
from mailroom.domain.staging import posting_from_row
from mailroom.domain.status import IN_ERP, POSTABLE, Status, ensure_transition
from mailroom.ports import OriginalFile
from mailroom.service_layer.services import Services
from mailroom.service_layer.thread_labels import sync_thread_labels

log = logging.getLogger(__name__)


@dataclass
class PostReport:
    posted: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def post_approved(command: PostApproved, services: Services, *, dry_run: bool = False) -> PostReport:
    report = PostReport()
    # In arrival order, not sheet order: reviewers sort the sheet, and the ERP numbers what it
    # receives in sequence, so the same mail always gets the same numbers.
    rows = sorted(services.sheet.rows(statuses=POSTABLE),
                  key=lambda r: (r.received_at.timestamp() if r.received_at else float("inf"), r.key))
    for row in rows:
        try:
            number = _post_row(row, services, dry_run=dry_run)
            report.posted.append(number)
        except PermanentError as exc:
            report.failed[row.key] = str(exc)
            if not dry_run:
                _record_failure(row, str(exc), services)
    return report


def post_document(services: Services, key: str) -> str:
    """Post one approved row now (the add-on's "post now"), failing as the sweep would."""
    row = services.sheet.get(key)
    if row is None:
        raise NotFoundError(f"no staged row {key}")
    if row.status not in POSTABLE:
        raise BadInputError(f"{key} is {row.status}: only an approved row can be posted")
    try:
        return _post_row(row, services, dry_run=False)
    except PermanentError as exc:
        _record_failure(row, str(exc), services)
        raise


def _post_row(row: StagedRow, services: Services, *, dry_run: bool) -> str:
    record = services.state.document(row.key)
    if record is None:
        raise NotFoundError(f"row {row.key} has no document record")
    posting = _posting(row, record, services)
    if dry_run:
        return f"(dry run) {posting.document_type} {posting.reference} {posting.grand_total} {posting.currency}"
    _adopt_reviewer_decision(record, row.status)
    erp_record = services.erp.post(posting, _original(record, services))
    if record.status not in IN_ERP:
        ensure_transition(record.status, Status.POSTED)
        record.status = Status.POSTED
    record.erp_id, record.erp_number = erp_record.erp_id, erp_record.number
    services.state.save_document(record)
    # The labels before the row: the row leaving APPROVED is what ends the sweep's retries, so
    # a crash before it posts again (the ERP returns the first record) and labels again.
    sync_thread_labels(services, record.mailbox, record.message_id)
    services.sheet.update({row.key: {
        "status": Status.POSTED, "erp_id": erp_record.erp_id,
        "erp_number": erp_record.number, "erp_link": erp_record.link, "error": "",
    }})
    services.audit(record.id, "posted", erp_id=erp_record.erp_id, number=erp_record.number)
    return erp_record.number


def _posting(row: StagedRow, record: DocumentRecord, services: Services) -> ErpPosting:
    posting = posting_from_row(row, services.archive.link(record.archive_key))
    if posting.document_type not in services.erp.capabilities.document_types:
        raise PermanentError(f"the configured ERP cannot take a {posting.document_type}")
    return posting.model_copy(update={
        "lines": _lines_matching(row, record),
        "thread_link": f"https://mail.google.com/mail/u/{quote(record.mailbox)}/#all/{record.thread_id}",
        "sender": record.sender,
        "recipient": record.mailbox,
    })


def _lines_matching(row: StagedRow, record: DocumentRecord) -> list[LineItem]:
    """The extracted lines, but only while they still add up to the row's net total: once a
    reviewer has corrected the totals, the ERP gets one line for the corrected amount instead."""
    lines = record.extraction.lines if record.extraction else []
    amounts = [line.net_amount for line in lines]
    if not lines or None in amounts or row.net_total is None:
        return []
    return lines if abs(sum(amounts, Decimal(0)) - row.net_total) <= Decimal("0.01") else []


def _original(record: DocumentRecord, services: Services) -> OriginalFile | None:
    if not services.erp.capabilities.attachments:
        return None  # no archive read for an ERP that would drop the file
    return OriginalFile(record.filename, services.archive.get(record.archive_key), record.content_type)


def _adopt_reviewer_decision(record: DocumentRecord, row_status: Status) -> None:
    """Reviewers approve in the Sheet; the record follows, if the life cycle allows it.
    A record already in the ERP means an earlier sweep died before updating the row."""
    if record.status not in IN_ERP and record.status != row_status:
        ensure_transition(record.status, row_status)
        record.status = row_status


def _record_failure(row: StagedRow, reason: str, services: Services) -> None:
    log.warning("posting refused", extra={"document_id": row.key, "reason": reason})
    services.sheet.update({row.key: {"status": Status.ERROR, "error": reason}})
    record = services.state.document(row.key)
    if record is not None:
        record.status, record.error = Status.ERROR, reason
        services.state.save_document(record)
        services.audit(record.id, "post-failed", reason=reason)
        sync_thread_labels(services, record.mailbox, record.message_id)
