"""Which stage topic a Pub/Sub dead letter goes back to, told from the attributes Pub/Sub adds."""

import pytest

from mailroom.adapters.google.pubsub_dead_letters import (
    SOURCE_SUBSCRIPTION, original_attributes, source_topic,
)
from mailroom.domain.commands import COMMANDS

TOPICS = ("gmail-push", "messages", "documents")


@pytest.mark.parametrize(("subscription", "topic"), [
    ("mailroom-messages-push", "messages"),  # the subscription id, as Pub/Sub sets it
    ("projects/acme/subscriptions/mailroom-documents-push", "documents"),  # a full path
    ("mailroom-gmail-push-push", "gmail-push"),
    ("acme-mail-gmail-push-push", "gmail-push"),  # a name_prefix with a hyphen
    ("messages-push", "messages"),  # no prefix at all
])
def test_the_source_topic_comes_from_the_push_subscription_name(subscription, topic):
    assert source_topic({SOURCE_SUBSCRIPTION: subscription}, TOPICS) == topic


@pytest.mark.parametrize("attributes", [
    {},  # published to the dead-letter topic by hand
    {SOURCE_SUBSCRIPTION: "eventarc-europe-west1-on-message-123"},  # not one of ours
    {SOURCE_SUBSCRIPTION: "mailroom-invoices-push"},  # a topic mailroom has no stage for
    {SOURCE_SUBSCRIPTION: "mailroom-messages-pull"},
    {SOURCE_SUBSCRIPTION: "mailroom-xmessages-push"},  # a suffix of a word is not the topic
])
def test_no_source_topic_when_the_subscription_does_not_name_one(attributes):
    assert source_topic(attributes, TOPICS) is None


def test_the_longest_topic_wins_when_one_ends_another():
    attributes = {SOURCE_SUBSCRIPTION: "mailroom-gmail-push-push"}
    assert source_topic(attributes, ("push", "gmail-push")) == "gmail-push"


def test_every_stage_topic_can_be_told():
    for topic in COMMANDS:
        assert source_topic({SOURCE_SUBSCRIPTION: f"mailroom-{topic}-push"}, COMMANDS) == topic


def test_a_replay_carries_only_the_attributes_it_was_first_published_with():
    attributes = {"dedupe_key": "abc", "CloudPubSubDeadLetterSourceDeliveryCount": "15",
                  SOURCE_SUBSCRIPTION: "mailroom-messages-push",
                  "CloudPubSubDeadLetterSourceSubscriptionProject": "acme",
                  "CloudPubSubDeadLetterSourceTopicPublishTime": "2026-01-31T10:00:00.000+00:00"}
    assert original_attributes(attributes) == {"dedupe_key": "abc"}
