"""Every Sheets call of the staging adapter goes through `call`.

A 429 (or a 403 rate-limit reason) means Google refused the request, so nothing was applied and
it is retried after a growing, jittered wait. A 5xx or a dropped connection may come after the
write was applied, so it is retried only for idempotent calls (reads, writes of values to given
cells), never for an append, which could then add the rows twice. What still fails becomes a
TransientError (the stage is redelivered later, after the per-minute quota refills, and a
redelivered `stage` reads the keys again) or a PermanentError."""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import requests
from gspread.exceptions import APIError

from mailroom.adapters.google.errors import RATE_LIMIT_REASONS, is_retryable
from mailroom.domain.errors import MailroomError, NotFoundError, PermanentError, TransientError

T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    attempts: int = 4  # waits of about 1, 2 and 4 s; longer belongs to the queue's redelivery
    first_wait: float = 1.0
    sleep: Callable[[float], None] = time.sleep


DEFAULT_BACKOFF = Backoff()


def call(what: str, send: Callable[[], T], backoff: Backoff, *, idempotent: bool = True) -> T:
    for attempt in range(backoff.attempts):
        try:
            return send()
        except APIError as exc:
            status, reason = exc.response.status_code, _reason(exc)
            refused = status == 429 or (status == 403 and reason in RATE_LIMIT_REASONS)
            if attempt + 1 == backoff.attempts or not (
                refused or idempotent and is_retryable(status, reason)
            ):
                raise _translated(what, status, reason, exc) from exc
        except requests.RequestException as exc:
            if attempt + 1 == backoff.attempts or not idempotent:
                raise TransientError(f"{what}: {exc}") from exc
        # Jitter keeps workers that were refused together from retrying together.
        backoff.sleep(backoff.first_wait * 2**attempt * random.uniform(0.5, 1.0))
    raise AssertionError("unreachable: the last attempt returns or raises")


def _reason(exc: APIError) -> str:
    errors = exc.error.get("errors") or [{}]
    return str(errors[0].get("reason", ""))


def _translated(what: str, status: int, reason: str, exc: APIError) -> MailroomError:
    message = f"{what}: HTTP {status} {exc.error.get('status', '')} {exc.error.get('message', '')}".strip()
    if is_retryable(status, reason):
        return TransientError(message)
    return NotFoundError(message) if status == 404 else PermanentError(message)
