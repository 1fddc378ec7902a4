"""The Pub/Sub stand-in's pull subscriptions through the real SubscriberClient (REST): leases
that run out, nacks, acks, and the errors the real API gives."""

import pytest
from google.api_core import exceptions as api_exceptions

from mailroom.standins.pubsub import PubSubStandIn
from mailroom.standins.server import serving
from tests.integration.google.pubsub_clients import pubsub_clients

TOPIC, SUBSCRIPTION = "projects/p/topics/documents", "projects/p/subscriptions/documents-pull"


@pytest.fixture
def stand_in() -> PubSubStandIn:
    stand_in = PubSubStandIn(clock=lambda: 1000.0)
    stand_in.subscribe(SUBSCRIPTION, TOPIC, ack_deadline_s=30, counts_attempts=True)
    return stand_in


@pytest.fixture
def clients(stand_in):
    with serving(stand_in) as url:
        publisher, subscriber = pubsub_clients(url)
        publisher.publish(TOPIC, b"doc-1", stage="documents").result()
        yield publisher, subscriber


def _nack(subscriber, ack_id: str) -> None:  # type: ignore[no-untyped-def]
    subscriber.modify_ack_deadline(subscription=SUBSCRIPTION, ack_ids=[ack_id],
                                   ack_deadline_seconds=0)


def _later(stand_in: PubSubStandIn, seconds: float) -> None:
    """Move the stand-in's clock on: ack deadlines run on it."""
    now = stand_in.clock() + seconds
    stand_in.clock = lambda: now


def _pull(subscriber):  # type: ignore[no-untyped-def]
    return list(subscriber.pull(subscription=SUBSCRIPTION, max_messages=10).received_messages)


def test_a_pulled_message_carries_its_data_attributes_id_time_and_attempt(clients):
    _, subscriber = clients
    [received] = _pull(subscriber)
    message = received.message
    assert (message.data, dict(message.attributes)) == (b"doc-1", {"stage": "documents"})
    assert message.message_id and message.publish_time.year >= 2026
    assert received.ack_id and received.delivery_attempt == 1


def test_an_unacknowledged_message_comes_back_once_its_ack_deadline_runs_out(clients, stand_in):
    _, subscriber = clients
    [first] = _pull(subscriber)
    assert _pull(subscriber) == []  # leased
    _later(stand_in, 29)
    assert _pull(subscriber) == []
    _later(stand_in, 1)
    [again] = _pull(subscriber)
    assert again.message.message_id == first.message.message_id
    assert again.ack_id != first.ack_id and again.delivery_attempt == 2


def test_a_zero_deadline_hands_a_message_back_at_once_and_an_ack_removes_it(clients):
    _, subscriber = clients
    [first] = _pull(subscriber)
    _nack(subscriber, first.ack_id)
    [again] = _pull(subscriber)
    subscriber.acknowledge(subscription=SUBSCRIPTION, ack_ids=[again.ack_id])
    _nack(subscriber, again.ack_id)
    assert _pull(subscriber) == []


def test_a_stale_ack_id_changes_nothing(clients, stand_in):
    _, subscriber = clients
    [first] = _pull(subscriber)
    _later(stand_in, 30)
    assert len(_pull(subscriber)) == 1  # delivered again, under a new ack id
    subscriber.acknowledge(subscription=SUBSCRIPTION, ack_ids=[first.ack_id])
    _later(stand_in, 30)
    assert [m.message.message_id for m in _pull(subscriber)] == [first.message.message_id]


def test_an_ack_id_never_handed_out_is_a_bad_request(clients):
    _, subscriber = clients
    with pytest.raises(api_exceptions.BadRequest, match="invalid ack ID"):
        subscriber.acknowledge(subscription=SUBSCRIPTION, ack_ids=["not-an-ack-id"])
    with pytest.raises(api_exceptions.BadRequest, match="invalid ack ID"):
        _nack(subscriber, "nope")


def test_an_ack_deadline_past_ten_minutes_is_a_bad_request(clients):
    _, subscriber = clients
    [received] = _pull(subscriber)
    with pytest.raises(api_exceptions.BadRequest):
        subscriber.modify_ack_deadline(subscription=SUBSCRIPTION, ack_ids=[received.ack_id],
                                       ack_deadline_seconds=601)


def test_an_unknown_subscription_is_not_found(clients):
    _, subscriber = clients
    with pytest.raises(api_exceptions.NotFound, match="no-such"):
        subscriber.pull(subscription="projects/p/subscriptions/no-such", max_messages=1)


def test_each_subscription_of_a_topic_gets_its_own_copy():
    stand_in = PubSubStandIn()
    for name in ("a", "b"):
        stand_in.subscribe(f"projects/p/subscriptions/{name}", TOPIC)
    with serving(stand_in) as url:
        publisher, subscriber = pubsub_clients(url)
        publisher.publish(TOPIC, b"doc-1").result()
        for name in ("a", "b"):
            [received] = subscriber.pull(subscription=f"projects/p/subscriptions/{name}",
                                         max_messages=5).received_messages
            assert received.message.data == b"doc-1"
            assert received.delivery_attempt == 0  # no dead-letter policy: Pub/Sub does not count
