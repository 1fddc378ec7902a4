"""Stage 3: process one document: read its text, extract fields, validate, and queue its row
for the staging sheet. Bad documents end as an ERROR row with the reason; their originals stay
archived."""

import logging

from mailroom.domain.commands import ProcessDocument
from mailroom.domain.errors import BadInputError, NotFoundError
from mailroom.domain.models import DocumentRecord
from mailroom.domain.review import assess
from mailroom.domain.status import Status, ensure_transition
from mailroom.service_layer.duplicates import original_of
from mailroom.service_layer.flush import OUTBOX
from mailroom.service_layer.services import Services

log = logging.getLogger(__name__)


def process_document(command: ProcessDocument, services: Services) -> None:
    record = services.state.document(command.document_id)
    if record is None:
        raise NotFoundError(f"unknown document {command.document_id}")
    if record.status == Status.RECEIVED:
        _read(record, services)
        services.state.save_document(record)
        services.audit(record.id, record.status.lower(), error=record.error or "")
    # Idempotent, so a crash after save_document is repaired by the retry. The row itself is
    # written by the flush stage, in a batch with others (the Sheet's write quota).
    services.state.add_pending(OUTBOX, record.id)


def _read(record: DocumentRecord, services: Services) -> None:
    try:
        _extract(record, services)
    except BadInputError as exc:
        ensure_transition(record.status, Status.ERROR)
        record.status, record.error = Status.ERROR, str(exc)
        log.warning("document unreadable", extra={"document_id": record.id, "reason": str(exc)})


def _extract(record: DocumentRecord, services: Services) -> None:
    if record.size > services.max_attachment_bytes:
        limit_mb = services.max_attachment_bytes / 2**20
        raise BadInputError(f"attachment is {record.size / 2**20:.1f} MiB, over the {limit_mb:g} MiB limit")
    content = services.archive.get(record.archive_key)
    text = services.text_source.read(content, record.content_type)
    record.extraction = services.extract(text, sender=record.sender or None)
    record.status = Status.EXTRACTED
    record.duplicate_of = original_of(record, services)
    if record.duplicate_of is not None:
        record.status = Status.DUPLICATE
    else:
        record.status = assess(record.extraction, services.review).status
