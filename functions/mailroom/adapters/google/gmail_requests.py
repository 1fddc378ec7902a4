"""How Gmail requests are sent. Single calls use the client library's own retries; batches are
retried part by part, because Gmail answers a batch with 200 even when parts inside it were
rate-limited, and googleapiclient does not retry parts."""

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httplib2
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest, HttpRequest

from mailroom.adapters.google.errors import error_reason, is_retryable, translate
from mailroom.domain.errors import MailroomError, TransientError

GMAIL_BATCH_URI = "https://gmail.googleapis.com/batch/gmail/v1"
BATCH_SIZE = 50  # Gmail takes 100 per batch but advises 50; more hits per-user concurrency


def execute(request: HttpRequest, what: str, num_retries: int) -> Any:
    """Run one call. `execute(num_retries=)` already retries 429, 5xx and rate-limit 403s with
    random()*2**n s sleeps (never a 403 insufficientPermissions); what still fails is
    translated into a TransientError or PermanentError."""
    try:
        return request.execute(num_retries=num_retries)
    except HttpError as exc:
        raise translate(exc, what) from exc


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter between rounds of retried batch parts."""

    rounds: int = 6
    base_s: float = 0.5
    cap_s: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random

    def wait(self, round_number: int) -> None:
        self.sleep(self.rand() * min(self.cap_s, self.base_s * 2**round_number))


@dataclass
class BatchOutcome:
    found: dict[str, Any] = field(default_factory=dict)  # key → response
    missing: list[str] = field(default_factory=list)  # answered 404


def execute_batched(keys: Iterable[str], make_request: Callable[[str], HttpRequest], *,
                    batch_uri: str, what: str, backoff: Backoff,
                    batch_size: int = BATCH_SIZE) -> BatchOutcome:
    """One request per key, sent in batches of at most `batch_size`. Parts that fail
    transiently (and whole batches that do) are sent again, and only they, after a backoff."""
    outcome = BatchOutcome()
    pending = list(dict.fromkeys(keys))
    for round_number in range(backoff.rounds):
        if round_number:
            backoff.wait(round_number - 1)
        failed: list[str] = []
        for start in range(0, len(pending), batch_size):
            chunk = pending[start:start + batch_size]
            failed += _send(chunk, make_request, batch_uri, what, outcome)
        if not failed:
            return outcome
        pending = failed
    raise TransientError(
        f"{what}: {len(pending)} requests still failing after {backoff.rounds} rounds")


def _send(chunk: list[str], make_request: Callable[[str], HttpRequest], batch_uri: str,
          what: str, outcome: BatchOutcome) -> list[str]:
    """Send one batch; returns the keys to retry. Raises the first permanent failure."""
    retry: list[str] = []
    permanent: list[MailroomError] = []

    def on_part(key: str, response: Any, exc: HttpError | None) -> None:
        if exc is None:
            outcome.found[key] = response
        elif exc.status_code == 404:
            outcome.missing.append(key)
        elif is_retryable(exc.status_code, error_reason(exc)):
            retry.append(key)
        else:
            permanent.append(translate(exc, f"{what} {key}"))

    batch = BatchHttpRequest(callback=on_part, batch_uri=batch_uri)
    for key in chunk:
        batch.add(make_request(key), request_id=key)
    try:
        batch.execute()
    except HttpError as exc:  # the envelope itself failed: nothing inside it ran
        if not is_retryable(exc.status_code, error_reason(exc)):
            raise translate(exc, f"{what} batch") from exc
        return chunk
    except (OSError, httplib2.HttpLib2Error):  # the connection broke: send it all again
        return chunk
    if permanent:
        raise permanent[0]
    return retry
