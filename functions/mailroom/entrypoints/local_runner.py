"""Drives the pipeline in-process from the durable local queue, with the same at-least-once
contract Pub/Sub gives the Cloud Functions: a message is acknowledged only after its handler
finished, transient failures come back later with backoff, and a crash (even `kill -9`)
leaves unacknowledged messages to be delivered again on the next run."""

import logging
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from mailroom.domain.commands import FlushRows, ProcessDocument
from mailroom.domain.errors import PermanentError
from mailroom.ports import Publisher
from mailroom.service_layer.handlers import handle
from mailroom.service_layer.services import Services

log = logging.getLogger(__name__)


@dataclass
class RunReport:
    handled: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)  # time spent per stage
    retried: int = 0
    failed: int = 0


ProgressHook = Callable[[str, RunReport], None]


def backoff_seconds(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    """Exponential backoff with full jitter (AWS architecture blog's recommendation)."""
    return random.uniform(0, min(cap, base * 2**attempt))


def run_until_idle(services: Services, queue: Publisher, *, progress: ProgressHook | None = None,
                   idle_wait_s: float = 0.2) -> RunReport:
    from mailroom.adapters.local.queue import SqliteQueue

    assert isinstance(queue, SqliteQueue)
    report = RunReport()
    queue.release_all_leases()  # a previous run that died holds leases nobody will release
    while True:
        deliveries = queue.pull(max_messages=16)
        if not deliveries:
            if queue.pending_count() == 0:
                return report
            time.sleep(idle_wait_s)  # only messages waiting out a retry delay are left
            continue
        for delivery in deliveries:
            _deliver(services, queue, delivery, report)
            if isinstance(delivery.command, ProcessDocument):
                # One waiting copy at most (the queue dedupes), so a burst of documents is
                # written to the sheet in one batch once the burst has been read.
                queue.publish(FlushRows())
            if progress:
                progress(delivery.command.topic, report)


def _deliver(services: Services, queue, delivery, report: RunReport) -> None:  # type: ignore[no-untyped-def]
    topic = delivery.command.topic
    started = time.perf_counter()
    try:
        handle(delivery.command, services)
    except PermanentError as exc:
        # Handlers record bad input on the row themselves; reaching here means a bug-like
        # permanent condition (e.g. an unknown document). Acknowledge: retrying cannot help.
        log.error("permanent failure", extra={"topic": topic, "reason": str(exc)})
        report.failed += 1
    except Exception as exc:  # noqa: BLE001 - transient or unexpected: retried, then dead-lettered
        log.warning("will retry", extra={"topic": topic, "reason": repr(exc), "attempt": delivery.attempts})
        queue.nack(delivery, delay_s=backoff_seconds(delivery.attempts), reason=repr(exc))
        report.retried += 1
        return
    finally:
        report.seconds[topic] += time.perf_counter() - started
    queue.ack(delivery)
    report.handled[topic] += 1
