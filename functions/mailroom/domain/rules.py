"""Mail filter rules: which mail and which attachments become work."""

import fnmatch
from dataclasses import dataclass

from mailroom.domain.models import Attachment, ReceivedMessage

_EXTENSION_TYPES = {
    ".pdf": "application/pdf", ".xml": "application/xml", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".png": "image/png", ".tif": "image/tiff", ".tiff": "image/tiff",
}


@dataclass(frozen=True)
class Rules:
    ignore_bulk: bool
    sender_domains: tuple[str, ...]
    blocked_senders: tuple[str, ...]
    subject_keywords: tuple[str, ...]
    document_types: tuple[str, ...]
    min_inline_image_bytes: int

    def reason_to_ignore(self, message: ReceivedMessage) -> str | None:
        """Why this mail is not work, or None when it is."""
        sender = message.sender.lower()
        if self.ignore_bulk and message.is_bulk:
            return "bulk mail (newsletter or mailing list)"
        if any(blocked.lower() in sender for blocked in self.blocked_senders):
            return "sender is blocked by the rules"
        if self.sender_domains and not any(f"@{d.lower()}" in sender for d in self.sender_domains):
            return "sender domain is not in the rules"
        subject = message.subject.lower()
        if self.subject_keywords and not any(k.lower() in subject for k in self.subject_keywords):
            return "subject has none of the rules' keywords"
        if not self.documents(message):
            return "no document attachments"
        return None

    def documents(self, message: ReceivedMessage) -> list[Attachment]:
        return [a for a in message.attachments if self.is_document(a)]

    def is_document(self, attachment: Attachment) -> bool:
        content_type = self.effective_type(attachment)
        if not any(fnmatch.fnmatch(content_type, pattern) for pattern in self.document_types):
            return False
        is_small_inline_image = (
            attachment.inline and content_type.startswith("image/")
            and attachment.size < self.min_inline_image_bytes
        )
        return not is_small_inline_image

    @staticmethod
    def effective_type(attachment: Attachment) -> str:
        """Mailers often send PDFs as application/octet-stream: trust the extension then."""
        if attachment.content_type not in ("application/octet-stream", "binary/octet-stream"):
            return attachment.content_type
        suffix = "." + attachment.filename.rsplit(".", 1)[-1].lower() if "." in attachment.filename else ""
        return _EXTENSION_TYPES.get(suffix, attachment.content_type)
