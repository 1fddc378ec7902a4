"""A pull subscription for the Pub/Sub stand-in. It keeps its own copy of each message its
topic receives, in publish order, and leases what a pull hands out until the ack deadline
runs out; after that (or after a deadline change to 0, Pub/Sub's nack) the message can be
pulled again, under a new ack id. Acks and deadline changes name ack ids, as in the real API."""

import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass
class _Held:
    message: dict[str, Any]  # the PubsubMessage JSON: data, attributes, messageId, publishTime
    attempts: int = 0
    visible_at: float = 0.0
    ack_id: str = ""  # the live lease's; "" while nobody holds the message


class InvalidAckIds(ValueError):
    """Ack ids this subscription never handed out: the real API fails the whole request."""


class Subscription:
    def __init__(self, topic: str, clock: Callable[[], float], *, ack_deadline_s: int = 10,
                 counts_attempts: bool = False) -> None:
        self.topic = topic  # projects/P/topics/T
        self.ack_deadline_s = ack_deadline_s
        # Pub/Sub reports deliveryAttempt only on a subscription with a dead-letter policy.
        self.counts_attempts = counts_attempts
        self._clock = clock
        self._held: list[_Held] = []
        self._issued: set[str] = set()
        self._lock = threading.Lock()

    def add(self, message: dict[str, Any]) -> None:
        with self._lock:
            self._held.append(_Held(message, visible_at=self._clock()))

    def pull(self, max_messages: int) -> list[dict[str, Any]]:
        now = self._clock()
        received = []
        with self._lock:
            for held in self._held:
                if len(received) == max_messages:
                    break
                if held.visible_at > now:
                    continue
                held.attempts += 1
                held.ack_id = uuid.uuid4().hex
                held.visible_at = now + self.ack_deadline_s
                self._issued.add(held.ack_id)
                item: dict[str, Any] = {"ackId": held.ack_id, "message": held.message}
                if self.counts_attempts:
                    item["deliveryAttempt"] = held.attempts
                received.append(item)
        return received

    def acknowledge(self, ack_ids: Iterable[str]) -> None:
        """A stale ack id (its lease ran out and the message went out again) changes nothing."""
        with self._lock:
            live = self._check(ack_ids)
            self._held = [h for h in self._held if h.ack_id not in live]

    def modify_ack_deadline(self, ack_ids: Iterable[str], seconds: int) -> None:
        now = self._clock()
        with self._lock:
            live = self._check(ack_ids)
            for held in self._held:
                if held.ack_id in live:
                    held.visible_at = now + seconds
                    if seconds == 0:
                        held.ack_id = ""

    def count(self) -> int:
        """Messages not acknowledged yet, leased or not."""
        with self._lock:
            return len(self._held)

    def _check(self, ack_ids: Iterable[str]) -> set[str]:
        ids = set(ack_ids)
        unknown = sorted(ids - self._issued)
        if unknown:
            raise InvalidAckIds(unknown[0])
        return ids
