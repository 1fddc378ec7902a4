"""A Pub/Sub push subscription in miniature, for the dev stack and end-to-end tests.

It is the Publisher the stages publish to, and it pushes each message as a CloudEvent
(binary content mode, MessagePublishedData body, as Eventarc delivers Pub/Sub) to the function
subscribed to its topic. At-least-once, like the real thing: a non-2xx answer (or a crash of
the deliver call) means redelivery, a message can be delivered twice on purpose, order can
be reversed, and after `max_attempts` a message moves to the dead letters."""

import base64
import itertools
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from mailroom.domain.commands import Command
from mailroom.ports import Publisher

# (headers, JSON body) → HTTP status of the function's answer
Deliver = Callable[[dict[str, str], dict], int]

CLOUDEVENT_TYPE = "google.cloud.pubsub.topic.v1.messagePublished"


@dataclass
class Pending:
    topic: str
    data: bytes
    message_id: str
    attempts: int = 0


@dataclass
class DeadLetter:
    topic: str
    data: bytes
    attempts: int
    last_status: int


@dataclass
class DispatchReport:
    delivered: int = 0
    redelivered: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


def envelope(project: str, topic: str, data: bytes, message_id: str,
             attributes: Mapping[str, str] | None = None) -> tuple[dict[str, str], dict]:
    """The binary-mode CloudEvent Eventarc sends for a Pub/Sub message."""
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    headers = {
        "ce-id": message_id, "ce-specversion": "1.0", "ce-type": CLOUDEVENT_TYPE,
        "ce-source": f"//pubsub.googleapis.com/projects/{project}/topics/{topic}",
        "ce-time": now, "Content-Type": "application/json",
    }
    body = {
        "message": {"data": base64.b64encode(data).decode(), "messageId": message_id,
                    "publishTime": now, "attributes": dict(attributes or {})},
        "subscription": f"projects/{project}/subscriptions/{topic}-push",
    }
    return headers, body


class PushDispatcher(Publisher):
    def __init__(self, subscribers: Mapping[str, Deliver], *, project: str = "devstack",
                 max_attempts: int = 5) -> None:
        self.subscribers = dict(subscribers)  # topic → the function that receives it
        self.project = project
        self.max_attempts = max_attempts
        self.pending: list[Pending] = []
        self.dead_letters: list[DeadLetter] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()  # functions publish from their own request threads

    def publish(self, command: Command) -> None:
        self.push_raw(command.topic, command.model_dump_json().encode())

    def push_raw(self, topic: str, data: bytes) -> None:
        """Publish bytes as they are (Gmail's own notification on `gmail-push`)."""
        with self._lock:
            self.pending.append(Pending(topic, data, f"{next(self._ids)}-{uuid.uuid4().hex[:8]}"))

    def run_until_idle(self, *, duplicate: bool = False, reverse: bool = False,
                       concurrency: int = 1, max_deliveries: int = 100_000) -> DispatchReport:
        """Deliver until nothing is pending. `duplicate`: every message twice (same ce-id, as
        Pub/Sub redelivers); `reverse`: newest first among what is waiting; `concurrency`:
        that many deliveries in flight at once, as push subscriptions do."""
        report = DispatchReport()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            while report.delivered < max_deliveries and (batch := self._take(concurrency, reverse)):
                list(pool.map(lambda item: self._deliver_copies(item, duplicate, report), batch))
        return report

    def _take(self, count: int, reverse: bool) -> list[Pending]:
        with self._lock:
            taken = self.pending[-count:][::-1] if reverse else self.pending[:count]
            self.pending = self.pending[:-len(taken)] if reverse and taken else self.pending[len(taken):]
        return taken

    def _deliver_copies(self, item: Pending, duplicate: bool, report: DispatchReport) -> None:
        statuses = [self._deliver(item, report) for _ in range(2 if duplicate else 1)]
        if all(not 200 <= s < 300 for s in statuses):
            self._retry_or_bury(item, statuses[-1], report)

    def _deliver(self, item: Pending, report: DispatchReport) -> int:
        item.attempts += 1
        headers, body = envelope(self.project, item.topic, item.data, item.message_id)
        try:
            status = self.subscribers[item.topic](headers, body)
        except Exception:  # noqa: BLE001 - a crashed function is a failed delivery, like a 500
            status = 500
        with self._lock:
            report.delivered += 1
            report.statuses[status] = report.statuses.get(status, 0) + 1
        return status

    def _retry_or_bury(self, item: Pending, status: int, report: DispatchReport) -> None:
        with self._lock:
            if item.attempts >= self.max_attempts:
                self.dead_letters.append(DeadLetter(item.topic, item.data, item.attempts, status))
                return
            report.redelivered += 1
            self.pending.append(item)
