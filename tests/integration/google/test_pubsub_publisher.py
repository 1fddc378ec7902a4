"""The Pub/Sub publisher through the real client (REST transport) against the stand-in."""

import base64
import json

import pytest
from google.api_core.client_options import ClientOptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import pubsub_v1

from mailroom.adapters.google.pubsub_publisher import PubSubPublisher
from mailroom.domain.commands import COMMANDS, IngestMessage, ProcessDocument
from mailroom.domain.errors import PermanentError, TransientError
from mailroom.standins.pubsub import PubSubStandIn
from mailroom.standins.server import Faults, serving


def publisher_for(stand_in: PubSubStandIn, url: str) -> PubSubPublisher:
    client = pubsub_v1.PublisherClient(credentials=AnonymousCredentials(), transport="rest",
                                       client_options=ClientOptions(api_endpoint=url))
    return PubSubPublisher(client, "p", topic_prefix="mailroom-")


@pytest.fixture
def stand_in():
    return PubSubStandIn({"projects/p/topics/mailroom-messages", "projects/p/topics/mailroom-documents"})


def test_a_command_arrives_on_its_stage_topic_as_the_json_the_next_stage_decodes(stand_in):
    command = IngestMessage(mailbox="ap@example.com", message_id="18c2f")
    with serving(stand_in) as url:
        publisher_for(stand_in, url).publish(command)
    [message] = stand_in.published["projects/p/topics/mailroom-messages"]
    payload = json.loads(base64.b64decode(message["data"]))
    assert COMMANDS["messages"].model_validate(payload) == command
    assert len(message["attributes"]["dedupe_key"]) == 64


def test_a_missing_topic_is_permanent(stand_in):
    stand_in.topics.discard("projects/p/topics/mailroom-documents")
    with serving(stand_in) as url, pytest.raises(PermanentError, match="mailroom-documents"):
        publisher_for(stand_in, url).publish(ProcessDocument(document_id="doc-1"))


def test_unavailable_is_retried_by_the_client_and_the_message_lands_once():
    stand_in = PubSubStandIn({"projects/p/topics/mailroom-documents"}, faults=Faults(script=[503, 503]))
    with serving(stand_in) as url:
        publisher_for(stand_in, url).publish(ProcessDocument(document_id="doc-1"))
    assert len(stand_in.published["projects/p/topics/mailroom-documents"]) == 1
    assert stand_in.faults.injected == 2


def test_throttling_is_transient_so_the_trigger_is_redelivered_later():
    # Over REST the client does not retry 429; the stage raises and Pub/Sub backs off for us.
    stand_in = PubSubStandIn({"projects/p/topics/mailroom-documents"}, faults=Faults(script=[429]))
    with serving(stand_in) as url:
        publisher = publisher_for(stand_in, url)
        with pytest.raises(TransientError):
            publisher.publish(ProcessDocument(document_id="doc-1"))
        publisher.publish(ProcessDocument(document_id="doc-1"))
    assert len(stand_in.published["projects/p/topics/mailroom-documents"]) == 1
