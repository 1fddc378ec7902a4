"""What every connector shares: the `check` a mapping is validated with, the mapping file, the
note that ties an ERP record to its document, how HTTP status codes become our errors, and the
pace of calls."""

import threading
import time
from abc import abstractmethod
from collections.abc import Callable
from pathlib import Path

import yaml
from pydantic import ValidationError

from mailroom.domain.erp_mapping import ErpMapping
from mailroom.domain.errors import MailroomError, NotFoundError, PermanentError, TransientError
from mailroom.domain.models import ErpPosting
from mailroom.ports import Erp

# Written into the record's note and searched for by `find`: the ERP keeps our key in the same
# write that creates the record, so no lost response can separate the two.
KEY_TAG = "mailroom:"


class ErpConnector(Erp):
    @abstractmethod
    def check(self, mapping: ErpMapping) -> list[str]:
        """What the mapping names that the ERP does not have, one readable line each."""

    @abstractmethod
    def rollback(self, erp_id: str) -> None:
        """Delete a draft this tool made; never a posted entry (PermanentError: reverse it in the
        ERP). A record already gone is fine, so a repeated rollback is harmless."""


def key_tag(idempotency_key: str) -> str:
    """Bracketed, so the tag of key `ab` is not found inside the tag of key `abc`."""
    return f"[{KEY_TAG}{idempotency_key}]"


def note_for(posting: ErpPosting) -> str:
    """Plain lines a person can follow back to the mail; the last one is the key tag."""
    lines = [f"Original: {posting.source_link}" if posting.source_link else "",
             f"Mail thread: {posting.thread_link}" if posting.thread_link else "",
             f"Posted by mailroom {key_tag(posting.idempotency_key)}"]
    return "\n".join(line for line in lines if line)


def load_mapping(path: Path | None) -> ErpMapping:
    """No file is an empty mapping: partners must then exist in the ERP and no tax is mapped."""
    if path is None:
        return ErpMapping()
    try:
        return ErpMapping.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except OSError as exc:
        raise PermanentError(f"cannot read the ERP mapping {path}: {exc.strerror}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise PermanentError(f"the ERP mapping {path} is invalid: {exc}") from exc


def http_error(status: int, message: str) -> MailroomError:
    """408, 429 and 5xx are worth retrying (timeouts, rate limits, restarts, proxies); any other
    refusal is the ERP saying no, and saying it again will not change."""
    if status in (408, 429) or status >= 500:
        return TransientError(f"HTTP {status}: {message}")
    return NotFoundError(message) if status == 404 else PermanentError(message)


class Throttle:
    """At most `per_second` calls, spaced evenly, for one connector: hosted ERPs (Odoo.sh, Frappe
    Cloud, Zapier) answer 429 beyond their limit, and a sweep after a backlog is a burst.
    0 means no limit. Thread-safe: concurrent sweeps share the pace."""

    def __init__(self, per_second: float = 0.0, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._interval = 1.0 / per_second if per_second > 0 else 0.0
        self._clock, self._sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = self._clock()
            if now < self._next:
                self._sleep(self._next - now)
                now = self._next
            self._next = now + self._interval
