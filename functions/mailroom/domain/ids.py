"""Stable identities. Keys come from Gmail ids and content hashes, never from file names,
so the same part of the same mail always maps to the same document, row and ERP posting."""

import hashlib

EML_PART_ID = "eml"  # the part id under which the whole original message is archived


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def document_id(mailbox: str, message_id: str, part_id: str) -> str:
    """`doc-` + 24 hex chars of sha256(mailbox, message id, MIME part id)."""
    digest = hashlib.sha256("\x1f".join((mailbox.lower(), message_id, part_id)).encode()).hexdigest()
    return f"doc-{digest[:24]}"


def archive_key(mailbox: str, message_id: str, part_id: str, filename: str) -> str:
    """Where an original lives in the archive: readable, and unique per (message, part)."""
    safe_name = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)[:80] or "part"
    return f"{mailbox.lower()}/{message_id}/{part_id}/{safe_name}"
