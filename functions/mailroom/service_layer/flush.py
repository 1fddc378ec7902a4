"""Stage 3b: write the rows waiting in the outbox to the staging sheet, many at a time.

The Sheets API allows about 60 writes a minute per user, and a month-end burst brings hundreds
of documents. So the process stage only records that a document's row is due (in the state
store's outbox, durable), and this stage writes every due row in one batch: locally after each
burst of documents, on Cloud Functions once a minute (Cloud Scheduler). The mail's labels
follow once its rows are in the sheet, so the inbox never points at a row that is not there.

Idempotent: a crash after the sheet write leaves the keys in the outbox, and the next flush
writes nothing twice because `stage` appends only keys the sheet does not have."""

import logging

from mailroom.domain.commands import FlushRows
from mailroom.domain.review import Assessment, assess
from mailroom.domain.models import DocumentRecord
from mailroom.domain.staging import to_row
from mailroom.domain.status import Status
from mailroom.service_layer.services import Services
from mailroom.service_layer.thread_labels import sync_thread_labels

log = logging.getLogger(__name__)

OUTBOX = "sheet"


def flush_rows(command: FlushRows, services: Services, *, batch: int = 500) -> int:
    """Writes every waiting row; returns how many were waiting."""
    flushed = 0
    while keys := services.state.pending(OUTBOX, limit=batch):
        records = [r for r in map(services.state.document, keys) if r is not None]
        services.sheet.stage([row_of(record, services) for record in records])
        for mailbox, message_id in dict.fromkeys((r.mailbox, r.message_id) for r in records):
            sync_thread_labels(services, mailbox, message_id)
        services.state.clear_pending(OUTBOX, keys)
        flushed += len(keys)
    if flushed:
        log.info("rows staged", extra={"count": flushed})
    return flushed


def row_of(record: DocumentRecord, services: Services):  # type: ignore[no-untyped-def]
    return to_row(record, assessment_of(record, services), services.archive.link(record.archive_key))


def assessment_of(record: DocumentRecord, services: Services) -> Assessment | None:
    if record.extraction is None:
        return None
    if record.duplicate_of is not None:
        return Assessment(Status.DUPLICATE, [], [f"duplicate of {record.duplicate_of}"])
    return assess(record.extraction, services.review)
