"""Reading an RFC 5322 original into a ReceivedMessage and the bytes of each leaf part.

Lenient on purpose: real mail has broken boundaries, bad base64 and charsets nobody knows.
We keep going with what can be read and say what could not, because the original is already
archived and a reviewer can always open it. Part ids number the MIME tree like Gmail does
("0", "1", "1.0", ...); a forwarded message/rfc822 part is walked into, so the invoice inside
a forwarded mail is found."""

import codecs
import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage, Message
from email.utils import parsedate_to_datetime

from mailroom.domain.errors import BadInputError
from mailroom.domain.ids import sha256_hex
from mailroom.domain.models import Attachment, ReceivedMessage

_BULK_HEADERS = ("List-Unsubscribe", "List-Id")
_BULK_PRECEDENCE = {"bulk", "list", "junk"}
_BODY_TYPES = {"text/plain", "text/html"}


@dataclass
class ParsedMessage:
    message: ReceivedMessage
    contents: dict[str, bytes] = field(default_factory=dict)  # part id → decoded bytes


def parse_message(raw: bytes, *, mailbox: str, message_id: str, thread_id: str) -> ParsedMessage:
    if not raw.strip():
        raise BadInputError("the message is empty")
    root = email.message_from_bytes(raw, policy=email.policy.default)
    warnings: list[str] = []
    attachments: list[Attachment] = []
    contents: dict[str, bytes] = {}
    for part_id, part in _leaves(root):
        _check_charset(part, warnings)
        if not _is_attachment(part):
            continue
        payload = part.get_payload(decode=True) or b""
        attachments.append(_attachment(part_id, part, payload))
        contents[part_id] = payload
    if root.defects:
        warnings.append("MIME defects: " + ", ".join(type(d).__name__ for d in root.defects))
    message = ReceivedMessage(
        mailbox=mailbox,
        message_id=message_id,
        thread_id=thread_id,
        rfc822_id=_header(root, "Message-ID"),
        sender=_header(root, "From"),
        subject=_header(root, "Subject"),
        received_at=_date(root),
        attachments=attachments,
        is_bulk=_is_bulk(root),
        warnings=warnings,
    )
    return ParsedMessage(message=message, contents=contents)


def _leaves(part: Message, part_id: str = "") -> Iterator[tuple[str, Message]]:
    if part.get_content_type() == "message/rfc822" and part.is_multipart():
        inner = part.get_payload(0)
        yield from _leaves(inner, part_id)
    elif part.is_multipart():
        for index, child in enumerate(part.get_payload()):
            yield from _leaves(child, f"{part_id}.{index}" if part_id else str(index))
    else:
        yield part_id or "0", part


def _is_attachment(part: Message) -> bool:
    if part.get_filename():
        return True
    disposition = part.get_content_disposition()
    if disposition == "attachment":
        return True
    # A body is text without a file name; any other leaf (an inline image, a bare PDF) is a file.
    return part.get_content_type() not in _BODY_TYPES


def _attachment(part_id: str, part: Message, payload: bytes) -> Attachment:
    return Attachment(
        part_id=part_id,
        filename=_filename(part, part_id),
        content_type=part.get_content_type(),
        size=len(payload),
        sha256=sha256_hex(payload),
        inline=part.get_content_disposition() == "inline" or part.get("Content-ID") is not None,
    )


def _filename(part: Message, part_id: str) -> str:
    try:
        name = part.get_filename()
    except (LookupError, ValueError):  # an RFC 2231 name in a charset Python does not know
        name = None
    if name:
        return name.replace("/", "_").replace("\\", "_").strip() or f"part-{part_id}"
    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
    return f"part-{part_id}{extension.get(part.get_content_type(), '.bin')}"


def _check_charset(part: Message, warnings: list[str]) -> None:
    charset = part.get_content_charset()
    if not charset or part.get_content_maintype() != "text":
        return
    try:
        codecs.lookup(charset)
    except LookupError:
        warnings.append(f"unknown charset '{charset}': text decoded with replacement characters")


def _header(root: Message, name: str) -> str:
    try:
        value = root.get(name)
    except (LookupError, ValueError, IndexError):  # header parsing bugs on hostile input
        return ""
    return str(value).strip() if value is not None else ""


def _date(root: Message) -> datetime | None:
    try:
        return parsedate_to_datetime(_header(root, "Date")) if root.get("Date") else None
    except (TypeError, ValueError):
        return None


def _is_bulk(root: Message) -> bool:
    if any(root.get(h) for h in _BULK_HEADERS):
        return True
    return _header(root, "Precedence").lower() in _BULK_PRECEDENCE


def body_text(raw: bytes) -> str:
    """The first text/plain body, decoded leniently (for previews and the add-on)."""
    root = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(root, EmailMessage)
    part = root.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("latin-1", errors="replace")
