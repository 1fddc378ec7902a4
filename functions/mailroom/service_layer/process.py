"""Stage 3: process one document: read its text, extract fields, validate, stage a row, label
the mail. Bad documents end as an ERROR row with the reason; their originals stay archived."""

import logging

from mailroom.domain.commands import ProcessDocument
from mailroom.domain.errors import BadInputError, NotFoundError
from mailroom.domain.models import DocumentRecord
from mailroom.domain.reading import extract
from mailroom.domain.review import Assessment, assess
from mailroom.domain.staging import to_row
from mailroom.domain.status import Status, ensure_transition
from mailroom.service_layer.services import Services
from mailroom.service_layer.thread_labels import sync_thread_labels

log = logging.getLogger(__name__)

_NOT_DUPLICATES_OF = {Status.RECEIVED, Status.ERROR, Status.REJECTED, Status.DUPLICATE}


def process_document(command: ProcessDocument, services: Services) -> None:
    record = services.state.document(command.document_id)
    if record is None:
        raise NotFoundError(f"unknown document {command.document_id}")
    assessment = None
    if record.status == Status.RECEIVED:
        assessment = _read(record, services)
        services.state.save_document(record)
        services.audit(record.id, record.status.lower(), error=record.error or "")
    elif record.extraction is not None:  # a redelivery after a crash: rebuild the same row
        assessment = assess(record.extraction, services.review)
    # Both steps below are idempotent, so a crash after save_document is repaired by a retry.
    services.sheet.stage([to_row(record, assessment, services.archive.link(record.archive_key))])
    sync_thread_labels(services, record.mailbox, record.message_id)


def _read(record: DocumentRecord, services: Services) -> Assessment | None:
    try:
        return _extract_and_assess(record, services)
    except BadInputError as exc:
        ensure_transition(record.status, Status.ERROR)
        record.status, record.error = Status.ERROR, str(exc)
        log.warning("document unreadable", extra={"document_id": record.id, "reason": str(exc)})
        return None


def _extract_and_assess(record: DocumentRecord, services: Services) -> Assessment:
    if record.size > services.max_attachment_bytes:
        limit_mb = services.max_attachment_bytes / 2**20
        raise BadInputError(f"attachment is {record.size / 2**20:.1f} MiB, over the {limit_mb:g} MiB limit")
    content = services.archive.get(record.archive_key)
    text = services.text_source.read(content, record.content_type)
    record.extraction = extract(text)
    record.status = Status.EXTRACTED
    duplicate_of = _earlier_copy(record, services)
    if duplicate_of is not None:
        record.status, record.duplicate_of = Status.DUPLICATE, duplicate_of
        return Assessment(Status.DUPLICATE, [], [f"duplicate of {duplicate_of}"])
    assessment = assess(record.extraction, services.review)
    record.status = assessment.status
    return assessment


def _earlier_copy(record: DocumentRecord, services: Services) -> str | None:
    """The same bytes, or the same seller and number, already staged from another part."""
    candidates = services.state.find_by_sha256(record.sha256)
    if (reference := record.reference()) is not None:
        candidates += services.state.find_by_reference(*reference)
    for other in candidates:
        if other.id != record.id and other.status not in _NOT_DUPLICATES_OF:
            return other.id
    return None
