"""Stage 5: mirror what happened in the ERP (paid, cancelled) back to the row and the labels,
either by asking the ERP (`sync_erp_status`) or as the ERP reports it (`apply_reported_status`,
behind the webhook connector's signed status callback)."""

from mailroom.domain.commands import SyncErpStatus
from mailroom.domain.errors import NotFoundError, PermanentError, TransientError
from mailroom.domain.models import DocumentRecord, ErpRecord, ErpState
from mailroom.domain.status import IN_ERP, Status, can_transition
from mailroom.service_layer.services import Services
from mailroom.service_layer.thread_labels import sync_thread_labels

_STATUS_OF: dict[ErpState, Status] = {
    "draft": Status.POSTED,
    "posted": Status.POSTED,
    "paid": Status.PAID,
    "cancelled": Status.CANCELLED,
}


def sync_erp_status(command: SyncErpStatus, services: Services) -> int:
    """Returns how many documents changed status."""
    if not services.erp.capabilities.status_polling:
        return 0  # this ERP reports status by callback instead
    changed = 0
    for record in services.state.documents(statuses=[Status.POSTED, Status.PAID]):
        if record.erp_id:
            changed += _follow(record, services.erp.status(record.erp_id).state, services)
    return changed


def apply_reported_status(document_id: str, reported: ErpRecord, services: Services) -> bool:
    """A status the ERP pushed for one document. Repeating a report is harmless. Returns whether
    the document changed."""
    record = services.state.document(document_id)
    if record is None:
        raise NotFoundError(f"no document {document_id}")
    if record.status not in IN_ERP:
        # The ERP can answer the post and report on it before this side has saved the answer.
        raise TransientError(f"{document_id} is not posted here yet; report its status again later")
    if record.erp_id != reported.erp_id:
        raise PermanentError(f"{document_id} is ERP record {record.erp_id}, not {reported.erp_id}")
    return bool(_follow(record, reported.state, services))


def _follow(record: DocumentRecord, state: ErpState, services: Services) -> int:
    target = _STATUS_OF[state]
    if target == record.status or not can_transition(record.status, target):
        return 0
    record.status = target
    # The record last: its status is what the next sync compares with, so a crash before the
    # save mirrors everything again instead of leaving a row or label behind.
    services.sheet.update({record.id: {"status": target}})
    sync_thread_labels(services, record.mailbox, record.message_id, unsaved=record)
    services.audit(record.id, f"erp-{target.lower()}")
    services.state.save_document(record)
    return 1
