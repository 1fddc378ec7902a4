"""`mailroom dlq` on Pub/Sub: the dead-letter inbox read and replayed through the real
SubscriberClient and PublisherClient (REST) against the stand-in."""

import base64
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from mailroom.adapters.google.pubsub_dead_letters import PubSubDeadLetters
from mailroom.adapters.google.pubsub_publisher import PubSubPublisher
from mailroom.domain.errors import NotFoundError, PermanentError
from mailroom.entrypoints.cli.app import app
from mailroom.standins.pubsub import PubSubStandIn
from mailroom.standins.server import serving
from tests.integration.google.pubsub_clients import pubsub_clients

PROJECT = "acme"
INBOX = f"projects/{PROJECT}/subscriptions/dead-letter-inbox"
DEAD_LETTER_TOPIC = f"projects/{PROJECT}/topics/dead-letter"
STAGE_TOPICS = {f"projects/{PROJECT}/topics/{t}" for t in ("gmail-push", "messages", "documents")}
INGEST = b'{"mailbox":"ap@acme.example","message_id":"18c2f"}'


@pytest.fixture
def stand_in() -> PubSubStandIn:
    stand_in = PubSubStandIn(STAGE_TOPICS)
    stand_in.subscribe(INBOX, DEAD_LETTER_TOPIC, ack_deadline_s=60)
    return stand_in


@pytest.fixture
def pubsub(stand_in):
    with serving(stand_in) as url:
        yield url, *pubsub_clients(url)


@pytest.fixture
def inbox(pubsub) -> PubSubDeadLetters:
    _, publisher, subscriber = pubsub
    return PubSubDeadLetters(subscriber, PubSubPublisher(publisher, PROJECT), INBOX)


def dead_letter(publisher: Any, data: bytes, source: str | None, **attributes: str) -> str:
    """What Pub/Sub publishes to the dead-letter topic after a push subscription gave up."""
    added = {"CloudPubSubDeadLetterSourceDeliveryCount": "15",
             "CloudPubSubDeadLetterSourceSubscriptionProject": PROJECT,
             "CloudPubSubDeadLetterSourceTopicPublishTime": "2026-01-31T10:00:00.000+00:00"}
    if source is not None:
        added["CloudPubSubDeadLetterSourceSubscription"] = source
    return publisher.publish(DEAD_LETTER_TOPIC, data, **attributes, **added).result()


def _payloads(stand_in: PubSubStandIn, topic: str) -> list[tuple[bytes, dict]]:
    return [(base64.b64decode(m.get("data", "")), m.get("attributes", {}))
            for m in stand_in.published.get(f"projects/{PROJECT}/topics/{topic}", [])]


def test_listing_shows_each_dead_letter_and_consumes_nothing(pubsub, inbox, stand_in):
    _, publisher, _ = pubsub
    first = dead_letter(publisher, INGEST, "mailroom-messages-push", dedupe_key="k1")
    second = dead_letter(publisher, b"x" * 5000, "mailroom-documents-push")

    listed = inbox.dead_letters()
    assert [(d.id, d.topic, d.attempts) for d in listed] == [(first, "messages", 15),
                                                             (second, "documents", 15)]
    assert listed[0].payload == INGEST.decode() and listed[0].size == len(INGEST)
    assert listed[0].attributes["dedupe_key"] == "k1"
    assert listed[0].source_subscription == "mailroom-messages-push"
    assert listed[0].source_publish_time.startswith("2026-01-31") and listed[0].publish_time
    assert listed[0].ack_id and "mailroom-messages-push" in listed[0].reason
    assert listed[1].size == 5000 and len(listed[1].payload) < 300  # a preview

    assert [d.id for d in inbox.dead_letters()] == [first, second]  # again: the same letters
    assert stand_in.subscriptions[INBOX].count() == 2


def test_replay_republishes_the_original_to_its_source_topic_then_acks_it(pubsub, inbox, stand_in):
    _, publisher, _ = pubsub
    letter = dead_letter(publisher, INGEST, "mailroom-messages-push", dedupe_key="k1")
    other = dead_letter(publisher, b"doc", "mailroom-documents-push")

    outcome = inbox.replay(letter)

    assert outcome.replayed == {letter: "messages"} and outcome.kept == {}
    assert _payloads(stand_in, "messages") == [(INGEST, {"dedupe_key": "k1"})]
    assert [d.id for d in inbox.dead_letters()] == [other]  # the other one waits, untouched


def test_replay_all_sends_each_letter_home(pubsub, inbox, stand_in):
    _, publisher, _ = pubsub
    dead_letter(publisher, INGEST, "projects/acme/subscriptions/mailroom-messages-push")
    dead_letter(publisher, b'{"mailbox":"ap@acme.example"}', "mailroom-gmail-push-push")

    assert sorted(inbox.replay().replayed.values()) == ["gmail-push", "messages"]
    assert _payloads(stand_in, "messages") == [(INGEST, {})]
    assert len(_payloads(stand_in, "gmail-push")) == 1
    assert inbox.dead_letters() == [] and stand_in.subscriptions[INBOX].count() == 0


def test_replaying_an_unknown_id_is_a_clear_error_and_changes_nothing(pubsub, inbox, stand_in):
    _, publisher, _ = pubsub
    letter = dead_letter(publisher, INGEST, "mailroom-messages-push")
    with pytest.raises(NotFoundError, match=f"no dead letter 999 in {INBOX}"):
        inbox.replay("999")
    assert [d.id for d in inbox.dead_letters()] == [letter]
    assert stand_in.published.get(f"projects/{PROJECT}/topics/messages") is None


def test_a_letter_whose_source_cannot_be_told_stays_where_it_is(pubsub, inbox, stand_in):
    _, publisher, _ = pubsub
    by_hand = dead_letter(publisher, b"?", None, note="published by hand")
    known = dead_letter(publisher, INGEST, "mailroom-messages-push")

    outcome = inbox.replay()

    assert outcome.replayed == {known: "messages"}
    assert "cannot tell its source topic" in outcome.kept[by_hand]
    [left] = inbox.dead_letters()
    assert (left.id, left.topic) == (by_hand, "")


def test_a_failed_republish_leaves_the_letter_in_the_inbox(pubsub, inbox, stand_in):
    _, publisher, _ = pubsub
    letter = dead_letter(publisher, INGEST, "mailroom-messages-push")
    stand_in.topics.discard(f"projects/{PROJECT}/topics/messages")
    with pytest.raises(PermanentError, match="messages"):
        inbox.replay(letter)
    assert [d.id for d in inbox.dead_letters()] == [letter]  # handed back at once, not acked


def test_unavailable_is_retried_by_the_client(pubsub, inbox, stand_in):
    _, publisher, _ = pubsub
    letter = dead_letter(publisher, INGEST, "mailroom-messages-push")
    stand_in.faults.script = [503, 503]  # the next pull fails twice
    assert [d.id for d in inbox.dead_letters()] == [letter]
    assert stand_in.faults.injected == 2


def test_permission_denied_says_which_role_is_missing(inbox, stand_in):
    stand_in.faults.script = [403]
    with pytest.raises(PermanentError, match="permission denied.*roles/pubsub.subscriber"):
        inbox.dead_letters()


def test_a_missing_subscription_names_it(pubsub):
    _, publisher, subscriber = pubsub
    inbox = PubSubDeadLetters(subscriber, PubSubPublisher(publisher, PROJECT),
                              f"projects/{PROJECT}/subscriptions/typo-inbox")
    with pytest.raises(PermanentError, match="typo-inbox"):
        inbox.dead_letters()


# --- The CLI with MAILROOM_BACKEND=google ------------------------------------------------------

def _mailroom(url: str, *args: str, tmp_path):  # type: ignore[no-untyped-def]
    env = {"MAILROOM_BACKEND": "google", "MAILROOM_GOOGLE__PROJECT": PROJECT,
           "MAILROOM_GOOGLE__ENDPOINTS__PUBSUB": url, "MAILROOM_HOME": str(tmp_path)}
    return CliRunner().invoke(app, ["dlq", *args], env=env)


def test_the_cli_lists_and_replays_the_cloud_dead_letters(pubsub, stand_in, tmp_path):
    url, publisher, _ = pubsub
    letter = dead_letter(publisher, INGEST, "mailroom-messages-push")

    listed = _mailroom(url, "list", tmp_path=tmp_path)
    assert listed.exit_code == 0, listed.output
    assert f"{letter}  messages  attempts=15" in listed.output and INGEST.decode() in listed.output
    as_json = _mailroom(url, "list", "--json", tmp_path=tmp_path)
    [record] = json.loads(as_json.output)
    assert (record["id"], record["topic"], record["size"]) == (letter, "messages", len(INGEST))

    replayed = _mailroom(url, "replay", letter, tmp_path=tmp_path)
    assert replayed.exit_code == 0, replayed.output
    assert f"replayed {letter} to messages" in replayed.output
    assert _payloads(stand_in, "messages") == [(INGEST, {})]
    assert json.loads(_mailroom(url, "list", "--json", tmp_path=tmp_path).output) == []


def test_the_cli_reports_a_letter_it_kept_and_exits_non_zero(pubsub, tmp_path):
    url, publisher, _ = pubsub
    letter = dead_letter(publisher, b"?", None)
    result = _mailroom(url, "replay", "--all", tmp_path=tmp_path)
    assert result.exit_code == 1
    assert f"not replayed {letter}: cannot tell its source topic" in result.output


def test_the_cli_needs_the_project(tmp_path):
    result = CliRunner().invoke(app, ["dlq", "list"], env={"MAILROOM_BACKEND": "google",
                                                            "MAILROOM_GOOGLE__PROJECT": "",
                                                            "MAILROOM_HOME": str(tmp_path)})
    assert result.exit_code == 2 and "MAILROOM_GOOGLE__PROJECT" in result.output
