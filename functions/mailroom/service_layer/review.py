"""Review actions: what a reviewer does to a staged row, from the CLI, the Sheet or the Gmail
add-on. Each changes the row and the record together and writes the audit log."""

from collections.abc import Mapping
from typing import Any

from mailroom.domain.commands import ProcessDocument
from mailroom.domain.errors import BadInputError, NotFoundError
from mailroom.domain.models import DocumentRecord, StagedRow
from mailroom.domain.staging import parse_edit, posting_from_row
from mailroom.domain.status import IN_ERP, Status, ensure_transition
from mailroom.service_layer.flush import row_of
from mailroom.service_layer.process import process_document
from mailroom.service_layer.services import Services
from mailroom.service_layer.thread_labels import sync_thread_labels


def approve(services: Services, key: str, reviewer: str) -> StagedRow:
    row = _row(services, key)
    posting_from_row(row)  # refuse to approve what could not be posted, and say why
    return _decide(services, key, Status.APPROVED, reviewer, {})


def reject(services: Services, key: str, reviewer: str, reason: str) -> StagedRow:
    if not reason.strip():
        raise BadInputError("a rejection needs a reason")
    return _decide(services, key, Status.REJECTED, reviewer, {"note": reason})


def hold(services: Services, key: str, reviewer: str, reason: str = "") -> StagedRow:
    return _decide(services, key, Status.ON_HOLD, reviewer, {"note": reason} if reason else {})


def edit(services: Services, key: str, reviewer: str, values: Mapping[str, str]) -> StagedRow:
    """Typed values are parsed (dates, amounts) and the row goes back to review if it was approved."""
    row = _row(services, key)
    if row.status in IN_ERP:
        raise BadInputError(f"{key} is already in the ERP ({row.erp_number}); change it there")
    changes: dict[str, Any] = {name: parse_edit(name, text) for name, text in values.items()}
    changes["reviewer"] = reviewer
    if row.status in (Status.APPROVED, Status.AUTO_APPROVED):
        changes["status"] = Status.NEEDS_REVIEW
    services.sheet.update({key: changes})
    record = _record(services, key)
    if "status" in changes:
        _move(services, record, Status.NEEDS_REVIEW)
    services.audit(key, "edited", actor=reviewer, **{k: str(v) for k, v in values.items()})
    return _row(services, key)


def rerun_extraction(services: Services, key: str, reviewer: str) -> StagedRow:
    """Read a failed document again (its cause fixed: a template added, a limit raised) and put
    what the new reading finds on its row. Only ERROR may go back to RECEIVED."""
    record = _record(services, key)
    ensure_transition(record.status, Status.RECEIVED)
    record.status, record.error, record.extraction, record.duplicate_of = Status.RECEIVED, None, None, None
    services.state.save_document(record)
    services.audit(key, "re-read", actor=reviewer)
    process_document(ProcessDocument(document_id=key), services)
    record = _record(services, key)
    # The row exists, and staging never overwrites one: write the new reading over it.
    services.sheet.update({key: {**row_of(record, services).model_dump(exclude={"key"}), "reviewer": reviewer}})
    sync_thread_labels(services, record.mailbox, record.message_id)
    return _row(services, key)


def _decide(services: Services, key: str, target: Status, reviewer: str,
            extra: dict[str, Any]) -> StagedRow:
    record = _record(services, key)
    ensure_transition(record.status, target)
    services.sheet.update({key: {"status": target, "reviewer": reviewer, **extra}})
    _move(services, record, target)
    services.audit(key, target.lower(), actor=reviewer, **{k: str(v) for k, v in extra.items()})
    return _row(services, key)


def _move(services: Services, record: DocumentRecord, target: Status) -> None:
    record.status = target
    services.state.save_document(record)
    sync_thread_labels(services, record.mailbox, record.message_id)


def _row(services: Services, key: str) -> StagedRow:
    row = services.sheet.get(key)
    if row is None:
        raise NotFoundError(f"no staged row {key}")
    return row


def _record(services: Services, key: str) -> DocumentRecord:
    record = services.state.document(key)
    if record is None:
        raise NotFoundError(f"no document {key}")
    return record
