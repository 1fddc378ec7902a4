"""Undo a posting that went wrong, while it is still a draft in the ERP: the draft is removed
(or cancelled, where the ERP keeps numbers), and the document, its row and its mail's labels
say Cancelled. A posted entry is never touched: that is the accountant's to reverse."""

from mailroom.domain.errors import BadInputError, NotFoundError
from mailroom.domain.models import DocumentRecord
from mailroom.domain.status import Status, ensure_transition
from mailroom.service_layer.services import Services
from mailroom.service_layer.thread_labels import sync_thread_labels


def roll_back(services: Services, key: str, actor: str) -> DocumentRecord:
    record = services.state.document(key)
    if record is None:
        raise NotFoundError(f"no document {key}")
    if record.status == Status.CANCELLED:
        return record  # rolled back already
    if record.status != Status.POSTED or not record.erp_id:
        raise BadInputError(f"{key} is {record.status}: only a posted document's draft can be rolled back")
    services.erp.rollback(record.erp_id)  # refuses anything but a draft it created
    ensure_transition(record.status, Status.CANCELLED)
    record.status = Status.CANCELLED
    services.state.save_document(record)
    services.sheet.update({key: {"status": Status.CANCELLED,
                                 "note": f"draft {record.erp_number} rolled back by {actor}"}})
    services.audit(key, "rolled-back", actor=actor, erp_id=record.erp_id)
    sync_thread_labels(services, record.mailbox, record.message_id)
    return record
