"""Mirror the status of a mail's documents onto its Gmail labels (one label per distinct
status, under the configured parent). Computes the wanted set and changes only the
difference, so repeating it is harmless and it never touches labels that are not ours."""

from mailroom.domain.labels import all_labels, wanted_labels
from mailroom.domain.models import DocumentRecord
from mailroom.service_layer.services import Services


def sync_thread_labels(services: Services, mailbox_name: str, message_id: str, *,
                       unsaved: DocumentRecord | None = None) -> None:
    """`unsaved`: a record whose new status is to be saved after the labels are set."""
    mailbox = services.mailbox(mailbox_name)
    statuses = [unsaved.status if unsaved is not None and d.id == unsaved.id else d.status
                for d in services.state.documents(message_id=message_id)
                if d.mailbox.lower() == mailbox.name.lower()]
    ours = all_labels(services.label_parent)
    wanted = wanted_labels(statuses, services.label_parent)
    current = {label for label in mailbox.labels(message_id) if label in ours}
    if wanted != current:
        mailbox.change_labels(message_id, add=wanted - current, remove=current - wanted)
