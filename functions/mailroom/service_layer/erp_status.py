"""Stage 5: mirror what happened in the ERP (paid, cancelled) back to the row and the labels."""

from mailroom.domain.commands import SyncErpStatus
from mailroom.domain.models import ErpState
from mailroom.domain.status import Status, can_transition
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
        if not record.erp_id:
            continue
        target = _STATUS_OF[services.erp.status(record.erp_id).state]
        if target == record.status or not can_transition(record.status, target):
            continue
        record.status = target
        services.state.save_document(record)
        services.sheet.update({record.id: {"status": target}})
        services.audit(record.id, f"erp-{target.lower()}")
        sync_thread_labels(services, record.mailbox, record.message_id)
        changed += 1
    return changed
