"""Which copy of a re-sent document is the original, whatever order the copies are read in.

Pub/Sub delivers in any order, so "the first one read" would make the outcome depend on
timing. The rule instead: of the copies with the same bytes, the one that arrived first is the
original. When the earlier copy is read after a later one, the later one gives way (its row
and label become Duplicate), unless a reviewer or the ERP has already acted on it: then that
one stays the original, since a decision is never undone behind a person's back. Copies with
different bytes but the same seller and number are matched only against documents already
read (there is nothing to compare before)."""

from mailroom.domain.models import DocumentRecord
from mailroom.domain.status import Status, ensure_transition
from mailroom.service_layer.services import Services
from mailroom.service_layer.thread_labels import sync_thread_labels

_NOT_ORIGINALS = {Status.ERROR, Status.REJECTED, Status.DUPLICATE}
_UNDECIDED = {Status.RECEIVED, Status.EXTRACTED, Status.NEEDS_REVIEW, Status.AUTO_APPROVED}


def original_of(record: DocumentRecord, services: Services) -> str | None:
    """The id of the document `record` repeats, or None when it is the original. Later copies
    that were read first are turned into duplicates of `record` on the way."""
    copies = [other for other in services.state.find_by_sha256(record.sha256)
              if other.id != record.id and other.status not in _NOT_ORIGINALS]
    earlier = [other for other in copies if arrival(other) < arrival(record)]
    decided = [other for other in copies if other.status not in _UNDECIDED]
    if earlier or decided:
        return min(earlier + decided, key=arrival).id
    # Rare: this copy arrived first but was read after later ones. Only now ask the Sheet
    # whether a reviewer already decided one of those (it costs a read of the Sheet).
    read_first = [other for other in copies if other.status != Status.RECEIVED]
    if decided := [other for other in read_first if _reviewer_decided(other, services)]:
        return min(decided, key=arrival).id
    for later in read_first:
        _give_way(later, record.id, services)
    return _same_reference(record, services)


def arrival(record: DocumentRecord) -> tuple[float, str]:
    received = record.received_at.timestamp() if record.received_at else float("inf")
    return received, record.id


def _reviewer_decided(record: DocumentRecord, services: Services) -> bool:
    # Reviewers decide in the Sheet first; the record catches up when the row is posted.
    row = services.sheet.get(record.id)
    return row is not None and row.status not in _UNDECIDED


def _give_way(later: DocumentRecord, original_id: str, services: Services) -> None:
    ensure_transition(later.status, Status.DUPLICATE)
    later.status, later.duplicate_of = Status.DUPLICATE, original_id
    services.state.save_document(later)
    if services.sheet.get(later.id) is not None:  # else its row, still due, is built from the record
        services.sheet.update({later.id: {"status": Status.DUPLICATE, "note": f"duplicate of {original_id}"}})
    services.audit(later.id, "duplicate", original=original_id, reason="an earlier copy arrived")
    sync_thread_labels(services, later.mailbox, later.message_id)


def _same_reference(record: DocumentRecord, services: Services) -> str | None:
    if (reference := record.reference()) is None:
        return None
    for other in services.state.find_by_reference(*reference):
        if other.id != record.id and other.status not in _NOT_ORIGINALS | {Status.RECEIVED}:
            return other.id
    return None
