"""What the Gmail add-on shows: the documents of one message with their rows, and the review
queue at a glance. Read-only; the add-on's actions go through `review` and `post`."""

from collections import Counter
from datetime import UTC, datetime
from dataclasses import dataclass, field

from mailroom.domain.models import DocumentRecord, StagedRow
from mailroom.domain.status import Status
from mailroom.service_layer.services import Services

# Waiting for a person: what "oldest waiting" measures.
WAITING = frozenset({Status.EXTRACTED, Status.NEEDS_REVIEW, Status.ON_HOLD, Status.DUPLICATE})
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class MessageDocument:
    record: DocumentRecord
    row: StagedRow | None  # None while the row is still on its way to the sheet


@dataclass
class QueueSummary:
    counts: Counter[Status] = field(default_factory=Counter)
    oldest_waiting: DocumentRecord | None = None
    failed: list[DocumentRecord] = field(default_factory=list)


def message_documents(services: Services, message_id: str) -> list[MessageDocument]:
    records = sorted(services.state.documents(message_id=message_id), key=lambda r: r.part_id)
    return [MessageDocument(record, services.sheet.get(record.id)) for record in records]


def review_queue(services: Services, *, failed_limit: int = 5) -> QueueSummary:
    summary = QueueSummary()
    waiting: list[DocumentRecord] = []
    for record in services.state.documents():
        summary.counts[record.status] += 1
        if record.status in WAITING:
            waiting.append(record)
        elif record.status == Status.ERROR:
            summary.failed.append(record)
    summary.oldest_waiting = min(waiting, key=_received, default=None)
    summary.failed = sorted(summary.failed, key=_received, reverse=True)[:failed_limit]  # newest first
    return summary


def _received(record: DocumentRecord) -> datetime:
    return record.received_at or _NEVER
