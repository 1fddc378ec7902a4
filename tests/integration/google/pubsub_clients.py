"""The real Pub/Sub clients, built as mailroom builds them, pointed at a stand-in."""

from typing import Any

from mailroom.adapters.google import clients
from mailroom.config import GoogleEndpoints, GoogleSettings


def pubsub_clients(url: str) -> tuple[Any, Any]:
    """(PublisherClient, SubscriberClient) on the stand-in at `url`."""
    google = GoogleSettings(endpoints=GoogleEndpoints(pubsub=url))
    return clients.pubsub_publisher_client(google), clients.pubsub_subscriber_client(google)
