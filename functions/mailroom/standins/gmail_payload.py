"""What the Gmail stand-in derives from a stored raw message: the `payload` MessagePart tree of
`format=full`, header lists for `format=metadata`, and matching of the simple search operators
(`q`) that `messages.list` is called with."""

import base64
import email
import email.policy
import re
import time
from collections.abc import Callable, Iterable
from email.message import Message

# Gmail's query units for newer_than / older_than.
_PERIOD_MS = {"d": 86_400_000, "m": 30 * 86_400_000, "y": 365 * 86_400_000}


def b64url(data: bytes) -> str:
    """Base64url without padding, as Gmail sends `raw` and `data` (clients must re-pad)."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def parse(raw: bytes) -> Message:
    return email.message_from_bytes(raw, policy=email.policy.compat32)


def headers_of(part: Message, only: Iterable[str] | None = None) -> list[dict[str, str]]:
    wanted = {name.lower() for name in only} if only else None
    return [{"name": name, "value": str(value)} for name, value in part.items()
            if wanted is None or name.lower() in wanted]


def payload_of(part: Message, new_attachment_id: Callable[[str], str], part_id: str = "") -> dict:
    """The MessagePart of `part`. Bodies of attachments are not inline: they get an
    attachmentId (from `new_attachment_id(part_id)`) to be fetched with attachments.get."""
    filename = part.get_filename() or ""
    node: dict = {"partId": part_id, "mimeType": part.get_content_type(), "filename": filename,
                  "headers": headers_of(part)}
    if part.is_multipart():
        children = part.get_payload()
        node["body"] = {"size": 0}
        node["parts"] = [payload_of(child, new_attachment_id, _child_id(part_id, index))
                         for index, child in enumerate(children)]
        return node
    content = part.get_payload(decode=True) or b""
    if filename or part.get_content_maintype() != "text":
        node["body"] = {"attachmentId": new_attachment_id(part_id), "size": len(content)}
    else:
        node["body"] = {"size": len(content), "data": b64url(content)}
    return node


def part_content(message: Message, part_id: str) -> bytes:
    """The decoded body of the part `part_id` names ("" is the message itself)."""
    part = message
    for index in (int(i) for i in part_id.split(".") if i != ""):
        part = part.get_payload()[index]
    return part.get_payload(decode=True) or b""


def _child_id(parent: str, index: int) -> str:
    return f"{parent}.{index}" if parent else str(index)


def matches(query: str, message: Message, label_names: set[str], internal_date_ms: int) -> bool:
    """Whether a message matches a Gmail search of space-separated terms, each optionally
    negated with `-`: newer_than:/older_than: (Nd, Nm, Ny), in:/label:, from:, to:, subject:,
    has:attachment, and bare words (searched in the headers and text)."""
    folded_labels = {_label_term(name) for name in label_names}
    for term in query.split():
        negated = term.startswith("-")
        if _term_matches(term.lstrip("-"), message, folded_labels, internal_date_ms) == negated:
            return False
    return True


def _term_matches(term: str, message: Message, labels: set[str], internal_date_ms: int) -> bool:
    operator, _, value = term.partition(":")
    value = value.strip('"').lower()
    if not value:
        return term.lower() in _text(message)
    if operator in ("newer_than", "older_than"):
        found = re.fullmatch(r"(\d+)([dmy])", value)
        if found is None:
            return False
        age_ms = time.time() * 1000 - internal_date_ms
        within = age_ms <= int(found[1]) * _PERIOD_MS[found[2]]
        return within if operator == "newer_than" else not within
    if operator in ("in", "label"):
        return _label_term(value) in labels
    if operator in ("from", "to", "subject"):
        return value in str(message.get(operator, "")).lower()
    if operator == "has":
        return value == "attachment" and any(p.get_filename() for p in message.walk())
    return term.lower() in _text(message)


def _label_term(name: str) -> str:
    """Gmail search writes label names in lower case with '-' for spaces and '/'."""
    return re.sub(r"[\s/]+", "-", name.lower())


def _text(message: Message) -> str:
    parts = [str(value) for value in message.values()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append((part.get_payload(decode=True) or b"").decode("utf-8", "replace"))
    return "\n".join(parts).lower()
