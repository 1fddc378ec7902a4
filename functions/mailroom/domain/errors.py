"""Typed errors. Every failure in mailroom is one of two kinds, and the kind decides what happens:

    MailroomError
    ├── TransientError        retry: the stage raises, the message is redelivered with backoff
    │                         (429, 5xx, timeouts, a lock held by another worker)
    └── PermanentError        record it on the row and the label, acknowledge, move on
        ├── BadInputError     the mail or document itself is broken (corrupt/encrypted PDF, too big)
        ├── InvalidTransition a status change the life cycle does not allow
        ├── NotFoundError     a key that does not exist (document, row, archive object)
        └── ConflictError     write-once data asked to change (same key, other bytes)
"""


class MailroomError(Exception):
    """Base of every error mailroom raises on purpose."""


class TransientError(MailroomError):
    """Worth retrying later: the same input may succeed."""


class PermanentError(MailroomError):
    """Retrying cannot help: record the reason and move on."""


class BadInputError(PermanentError):
    """The input itself is unusable; the original stays archived."""


class InvalidTransition(PermanentError):
    """The status life cycle forbids this change."""


class NotFoundError(PermanentError):
    """Nothing is stored under this key."""


class ConflictError(PermanentError):
    """Write-once data would change."""
