"""The few headers the local mailbox keeps beside a message: who sent it and about what (for
listings), and the Message-IDs that place it in a conversation (for thread ids).

Header parsing must never cost us a message: we archive originals, never drop them, so a
header that cannot be decoded is simply left empty."""

import email.errors
import email.policy
import re
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesHeaderParser

_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
# What the stdlib email package raises on hostile headers (bugs.python.org has a long list).
_HEADER_ERRORS = (
    LookupError, ValueError, IndexError, AttributeError, TypeError, email.errors.MessageError,
)


@dataclass(frozen=True)
class MailHeaders:
    sender: str
    subject: str
    rfc822_id: str  # the Message-ID, "" when there is none
    ancestors: list[str]  # References (the thread's root first), then In-Reply-To


def read_headers(raw: bytes) -> MailHeaders:
    headers = BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
    own = _message_ids(headers, "Message-ID")
    return MailHeaders(
        sender=_text(headers, "From"),
        subject=_text(headers, "Subject"),
        rfc822_id=own[0] if own else "",
        ancestors=_message_ids(headers, "References") + _message_ids(headers, "In-Reply-To"),
    )


def _message_ids(headers: Message, name: str) -> list[str]:
    return _MESSAGE_ID.findall(_text(headers, name))


def _text(headers: Message, name: str) -> str:
    try:
        value = headers.get(name)
        return " ".join(str(value).split()) if value is not None else ""
    except _HEADER_ERRORS:
        return ""
