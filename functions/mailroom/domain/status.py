"""The document status life cycle.

RECEIVED → EXTRACTED → NEEDS_REVIEW | AUTO_APPROVED → APPROVED | REJECTED → POSTED → PAID,
with DUPLICATE, ON_HOLD and ERROR beside it. The table below is the only place that says
which change is allowed; everything else asks `ensure_transition`.
"""

from enum import StrEnum

from mailroom.domain.errors import InvalidTransition


class Status(StrEnum):
    RECEIVED = "RECEIVED"
    EXTRACTED = "EXTRACTED"
    NEEDS_REVIEW = "NEEDS_REVIEW"
    AUTO_APPROVED = "AUTO_APPROVED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    POSTED = "POSTED"
    PAID = "PAID"
    CANCELLED = "CANCELLED"
    DUPLICATE = "DUPLICATE"
    ON_HOLD = "ON_HOLD"
    ERROR = "ERROR"


_REVIEWABLE = {Status.EXTRACTED, Status.NEEDS_REVIEW, Status.ON_HOLD, Status.DUPLICATE}

ALLOWED: dict[Status, set[Status]] = {
    Status.RECEIVED: {Status.EXTRACTED, Status.DUPLICATE, Status.ERROR},
    # EXTRACTED is also where a clean document waits for a reviewer when auto-approval is off.
    Status.EXTRACTED: {
        Status.NEEDS_REVIEW, Status.AUTO_APPROVED, Status.APPROVED, Status.REJECTED,
        Status.ON_HOLD, Status.DUPLICATE, Status.ERROR,
    },
    # DUPLICATE below: an earlier copy of the same bytes was read later (delivery order).
    Status.NEEDS_REVIEW: {Status.APPROVED, Status.REJECTED, Status.ON_HOLD, Status.DUPLICATE},
    Status.AUTO_APPROVED: {
        Status.APPROVED, Status.REJECTED, Status.ON_HOLD, Status.POSTED, Status.ERROR, Status.DUPLICATE,
    },
    Status.ON_HOLD: {Status.NEEDS_REVIEW, Status.APPROVED, Status.REJECTED},
    # A reviewer may overrule the duplicate check (a genuine second invoice with the same number).
    Status.DUPLICATE: {Status.NEEDS_REVIEW, Status.REJECTED},
    Status.APPROVED: {Status.POSTED, Status.REJECTED, Status.ON_HOLD, Status.NEEDS_REVIEW, Status.ERROR},
    Status.REJECTED: {Status.NEEDS_REVIEW},
    Status.POSTED: {Status.PAID, Status.CANCELLED},
    Status.PAID: {Status.CANCELLED},
    Status.CANCELLED: set(),
    # An error can be retried once its cause is fixed (a re-run of extraction).
    Status.ERROR: {Status.RECEIVED, Status.NEEDS_REVIEW},
}

POSTABLE = frozenset({Status.APPROVED, Status.AUTO_APPROVED})
IN_ERP = frozenset({Status.POSTED, Status.PAID, Status.CANCELLED})


def can_transition(current: Status, target: Status) -> bool:
    return current == target or target in ALLOWED[current]


def ensure_transition(current: Status, target: Status) -> None:
    """Raise InvalidTransition unless `current → target` is allowed (staying put always is)."""
    if not can_transition(current, target):
        raise InvalidTransition(f"a document in {current} cannot become {target}")


def is_reviewable(status: Status) -> bool:
    return status in _REVIEWABLE or status in POSTABLE
