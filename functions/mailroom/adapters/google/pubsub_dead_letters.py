"""The DeadLetters port on Pub/Sub: the pull subscription on the `dead-letter` topic
(`dead-letter-inbox`, terraform/pubsub.tf), where Pub/Sub moves a message once its push
subscription has failed `max_delivery_attempts` deliveries.

Looking consumes nothing: what a look pulls is leased only until the look is over, then handed
back with a zero ack deadline (Pub/Sub's nack). A replay publishes the original data and
attributes to the stage topic the message came from and only then acknowledges it here, so a
crash in between delivers it twice (every stage is idempotent to that), never zero times.

When Pub/Sub dead-letters a message it adds `CloudPubSubDeadLetterSource*` attributes (Google's
"dead-letter topics" guide; seen in practice: `...Subscription` holds the subscription id, some
report a full `projects/P/subscriptions/S` path, so both are read). The source topic is told
from that subscription's name, `<name_prefix>-<topic>-push`."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from google.api_core import exceptions as api_exceptions

from mailroom.adapters.google.pubsub_publisher import TRANSIENT, PubSubPublisher, translate
from mailroom.domain.commands import COMMANDS
from mailroom.domain.errors import NotFoundError
from mailroom.ports import DeadLetter, DeadLetters, ReplayOutcome

SOURCE_ATTRIBUTE_PREFIX = "CloudPubSubDeadLetterSource"
SOURCE_SUBSCRIPTION = "CloudPubSubDeadLetterSourceSubscription"
SOURCE_DELIVERY_COUNT = "CloudPubSubDeadLetterSourceDeliveryCount"
SOURCE_PUBLISH_TIME = "CloudPubSubDeadLetterSourceTopicPublishTime"
SOURCE_ERROR = "CloudPubSubDeadLetterSourceDeliveryErrorMessage"  # set by some subscription kinds
PREVIEW_BYTES = 200
PULL_BATCH = 100
# How long a replay holds what it is about to republish: the inbox's own ack deadline (60 s)
# could run out over many publishes, and an ack on a lapsed lease may be ignored.
REPLAY_LEASE_S = 600


@dataclass(frozen=True)
class PubSubDeadLetter(DeadLetter):
    publish_time: str  # when it reached the dead-letter topic
    source_publish_time: str  # when it was first published ("" if Pub/Sub did not say)
    source_subscription: str
    size: int  # bytes of data; `payload` shows only the start
    attributes: dict[str, str]
    ack_id: str  # the look's lease, already handed back: useful only to tell copies apart


def source_topic(attributes: Mapping[str, str], topics: Iterable[str]) -> str | None:
    """The stage topic a dead letter came from, by its source subscription's name
    (`<prefix>-<topic>-push`), or None. The longest match wins, should one topic end another."""
    subscription = attributes.get(SOURCE_SUBSCRIPTION, "").rsplit("/", 1)[-1]
    matches = [t for t in topics if f"-{subscription}".endswith(f"-{t}-push")]
    return max(matches, key=len, default=None)


class PubSubDeadLetters(DeadLetters):
    resume_hint = ""  # the topic's push subscription delivers a replay by itself

    def __init__(self, subscriber: Any, publisher: PubSubPublisher, subscription: str, *,
                 topics: Iterable[str] = tuple(COMMANDS), max_messages: int = 1000,
                 wait_s: float = 10.0) -> None:
        self._subscriber = subscriber  # google.cloud.pubsub_v1.SubscriberClient
        self._publisher = publisher
        self._path = subscription  # projects/P/subscriptions/S
        self._topics = tuple(topics)
        self._max = max_messages
        self._wait_s = wait_s

    def dead_letters(self) -> list[PubSubDeadLetter]:
        held = self._lease_all()
        self._set_deadline(held, 0)
        return [self._record(m) for m in held]

    def replay(self, letter_id: str | None = None) -> ReplayOutcome:
        held = self._lease_all()
        acked: set[str] = set()
        replayed: dict[str, str] = {}
        kept: dict[str, str] = {}
        try:
            chosen = [m for m in held if letter_id in (None, m.message.message_id)]
            if letter_id is not None and not chosen:
                looked = f" (among the first {self._max})" if len(held) >= self._max else ""
                raise NotFoundError(f"no dead letter {letter_id} in {self._path}{looked}")
            self._set_deadline(chosen, REPLAY_LEASE_S)
            for received in chosen:
                message = received.message
                topic = source_topic(message.attributes, self._topics)
                if topic is None:
                    source = message.attributes.get(SOURCE_SUBSCRIPTION, "")
                    kept[message.message_id] = (f"cannot tell its source topic from "
                                                f"{SOURCE_SUBSCRIPTION}={source!r}; it stays in "
                                                f"{self._path}")
                    continue
                # Published first, acknowledged second: a crash in between duplicates, never loses.
                self._publisher.publish_data(topic, message.data,
                                             original_attributes(message.attributes))
                self._call("acknowledge", self._subscriber.acknowledge, ack_ids=[received.ack_id])
                acked.add(received.ack_id)
                replayed[message.message_id] = topic
        finally:
            self._set_deadline([m for m in held if m.ack_id not in acked], 0)
        return ReplayOutcome(replayed=replayed, kept=kept)

    def _lease_all(self) -> list[Any]:
        """Every message up to `max_messages`, oldest first, each leased until acked or released,
        so a pull never returns what an earlier one of this look holds. Should a lease run out
        meanwhile the message comes again: the later copy (its ack id is the live one) wins."""
        held: dict[str, Any] = {}
        while len(held) < self._max:
            batch = self._pull(min(PULL_BATCH, self._max - len(held)))
            fresh = [m for m in batch if m.message.message_id not in held]
            held.update((m.message.message_id, m) for m in batch)
            if not fresh:
                break
        return sorted(held.values(), key=lambda m: m.message.publish_time)

    def _pull(self, count: int) -> Sequence[Any]:
        # return_immediately is deprecated (the client warns): the server waits a while for
        # messages instead, then answers an empty subscription with DEADLINE_EXCEEDED (as
        # reported), or `wait_s` runs out first. Either way there is nothing (more) to pull.
        try:
            response = self._subscriber.pull(subscription=self._path, max_messages=count,
                                             timeout=self._wait_s)
        except api_exceptions.DeadlineExceeded:
            return []
        except (*TRANSIENT, api_exceptions.GoogleAPICallError) as exc:
            raise self._error(exc, "pull") from exc
        return response.received_messages

    def _set_deadline(self, messages: Sequence[Any], seconds: int) -> None:
        """Extend the leases, or with 0 hand the messages back for anyone to pull at once."""
        ack_ids = [m.ack_id for m in messages]
        for start in range(0, len(ack_ids), PULL_BATCH):  # keeps each request small
            self._call("modifyAckDeadline", self._subscriber.modify_ack_deadline,
                       ack_ids=ack_ids[start:start + PULL_BATCH], ack_deadline_seconds=seconds)

    def _call(self, what: str, method: Callable[..., Any], **kwargs: Any) -> None:
        """One acknowledge or deadline change; the client has retried UNAVAILABLE already."""
        try:
            method(subscription=self._path, **kwargs)
        except (*TRANSIENT, api_exceptions.GoogleAPICallError) as exc:
            raise self._error(exc, what) from exc

    def _error(self, exc: Exception, what: str) -> Exception:
        return translate(exc, f"{what} {self._path}",
                         "roles/pubsub.subscriber on it (Terraform: dlq_operators)")

    def _record(self, received: Any) -> PubSubDeadLetter:
        message = received.message
        attributes = dict(message.attributes)
        data = bytes(message.data)
        count = attributes.get(SOURCE_DELIVERY_COUNT, "")
        source = attributes.get(SOURCE_SUBSCRIPTION, "")
        publish_time = message.publish_time.rfc3339()
        preview = data[:PREVIEW_BYTES].decode("utf-8", "replace")
        undelivered = f"undelivered from {source or 'an unknown subscription'}"
        return PubSubDeadLetter(
            id=message.message_id,
            topic=source_topic(attributes, self._topics) or "",
            payload=preview + ("…" if len(data) > PREVIEW_BYTES else ""),
            attempts=int(count) if count.isdigit() else received.delivery_attempt,
            reason=attributes.get(SOURCE_ERROR) or f"{undelivered}, dead-lettered {publish_time}",
            publish_time=publish_time,
            source_publish_time=attributes.get(SOURCE_PUBLISH_TIME, ""),
            source_subscription=source,
            size=len(data),
            attributes=attributes,
            ack_id=received.ack_id,
        )


def original_attributes(attributes: Mapping[str, str]) -> dict[str, str]:
    """The attributes it was first published with: without those Pub/Sub added on the way."""
    return {k: v for k, v in attributes.items() if not k.startswith(SOURCE_ATTRIBUTE_PREFIX)}
