"""Google API failures translated into mailroom's two kinds at the boundary.

Retryable: 429, 5xx, and a 403 whose reason is a rate limit (Gmail and Drive say
`rateLimitExceeded` / `userRateLimitExceeded` with 403). Everything else is permanent: retrying
a 403 `insufficientPermissions` or a 400 only burns quota."""

import json

from googleapiclient.errors import HttpError

from mailroom.domain.errors import MailroomError, NotFoundError, PermanentError, TransientError

RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


def error_reason(exc: HttpError) -> str:
    """`errors[0].reason` of Google's error body, or "" when the body has none."""
    try:
        body = json.loads(exc.content.decode("utf-8", "replace"))
        errors = body.get("error", {}).get("errors") or [{}]
        return str(errors[0].get("reason", ""))
    except (ValueError, AttributeError):
        return ""


def is_retryable(status: int, reason: str = "") -> bool:
    return status == 429 or status >= 500 or (status == 403 and reason in RATE_LIMIT_REASONS)


def translate(exc: HttpError, what: str) -> MailroomError:
    """The mailroom error for a failed call; `what` names the call for the message."""
    status = exc.status_code
    reason = error_reason(exc)
    message = f"{what}: HTTP {status} {reason or exc.reason}".strip()
    if is_retryable(status, reason):
        return TransientError(message)
    if status == 404:
        return NotFoundError(message)
    return PermanentError(message)
