"""SqliteQueue on a real SQLite file: at-least-once delivery, leases, dedupe, dead letters."""

import multiprocessing
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mailroom.adapters.local.queue import SqliteQueue
from mailroom.domain.commands import IngestMessage, MailboxChanged, PostApproved, ProcessDocument
from mailroom.domain.errors import NotFoundError
from mailroom.ports import Publisher

LEASE_S = 60.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(tmp_path: Path, clock: Clock) -> SqliteQueue:
    return SqliteQueue(tmp_path / "queue.sqlite", visibility_timeout_s=LEASE_S, max_attempts=3,
                       clock=clock)


def test_the_sqlite_queue_implements_the_publisher_port(queue):
    assert isinstance(queue, Publisher)


def test_published_commands_come_back_as_equal_commands_in_order(queue):
    sent = [MailboxChanged(mailbox="ap@example.com", history_id=7),
            ProcessDocument(document_id="doc-1"), PostApproved()]
    for command in sent:
        queue.publish(command)

    deliveries = queue.pull(max_messages=10)

    assert [d.command for d in deliveries] == sent
    assert [d.attempts for d in deliveries] == [1, 1, 1]


def test_a_command_already_waiting_is_not_added_twice(queue):
    queue.publish(IngestMessage(mailbox="ap@example.com", message_id="m1"))
    queue.publish(IngestMessage(mailbox="ap@example.com", message_id="m1"))
    queue.publish(IngestMessage(mailbox="ap@example.com", message_id="m2"))

    assert queue.pending_count() == 2


def test_a_command_published_while_its_twin_is_being_handled_is_kept(queue):
    queue.publish(MailboxChanged(mailbox="ap@example.com"))
    [in_flight] = queue.pull()

    queue.publish(MailboxChanged(mailbox="ap@example.com"))  # new mail since the handler listed
    queue.ack(in_flight)

    assert [d.command for d in queue.pull()] == [MailboxChanged(mailbox="ap@example.com")]


def test_a_message_nobody_acks_is_delivered_again_when_its_lease_runs_out(queue, clock):
    queue.publish(ProcessDocument(document_id="doc-1"))
    [first] = queue.pull()
    assert queue.pull() == []  # leased

    clock.now += LEASE_S + 1  # the worker died
    [second] = queue.pull()

    assert second.command == first.command and second.attempts == 2
    queue.ack(first)  # the dead worker's late ack: its lease is gone, so it changes nothing
    assert queue.pending_count() == 1
    queue.ack(second)
    assert queue.pending_count() == 0


def test_a_nacked_message_comes_back_after_its_delay(queue, clock):
    queue.publish(ProcessDocument(document_id="doc-1"))
    [delivery] = queue.pull()

    queue.nack(delivery, delay_s=5)

    assert queue.pull() == [] and queue.pending_count() == 1
    clock.now += 5
    assert [d.attempts for d in queue.pull()] == [2]


def test_a_message_failing_every_attempt_is_dead_lettered_and_can_be_replayed(queue):
    queue.publish(ProcessDocument(document_id="doc-1"))
    for _ in range(3):
        [delivery] = queue.pull()
        queue.nack(delivery, reason="OCR engine missing")

    [letter] = queue.dead_letters()
    assert (letter.topic, letter.attempts, letter.reason) == ("documents", 3, "OCR engine missing")
    assert queue.pending_count() == 0 and queue.pull() == []

    queue.replay(letter.id)

    assert queue.dead_letters() == []
    [again] = queue.pull()
    assert again.command == ProcessDocument(document_id="doc-1") and again.attempts == 1


def test_a_message_that_keeps_killing_its_worker_is_dead_lettered(queue, clock):
    queue.publish(ProcessDocument(document_id="poison"))
    for _ in range(3):
        assert len(queue.pull()) == 1
        clock.now += LEASE_S + 1  # no ack, no nack: the process died

    assert queue.pull() == []
    assert [letter.attempts for letter in queue.dead_letters()] == [3]


def test_replaying_an_unknown_dead_letter_is_not_found(queue):
    with pytest.raises(NotFoundError):
        queue.replay(42)


def test_releasing_leases_makes_a_dead_runners_messages_visible_at_once(queue):
    queue.publish(ProcessDocument(document_id="doc-1"))
    queue.pull()

    queue.release_all_leases()

    assert [d.command.document_id for d in queue.pull()] == ["doc-1"]


def test_an_undecodable_message_is_dead_lettered_instead_of_stopping_the_runner(queue, tmp_path):
    with closing(sqlite3.connect(tmp_path / "queue.sqlite")) as conn, conn:
        conn.execute("INSERT INTO messages (topic, payload, dedupe_key, visible_at)"
                     " VALUES ('retired-topic', '{}', 'k', 0)")
    queue.publish(PostApproved())

    assert [d.command for d in queue.pull()] == [PostApproved()]
    assert "cannot be decoded" in queue.dead_letters()[0].reason


def _drain(path: Path, received: Path) -> None:
    queue = SqliteQueue(path)
    while deliveries := queue.pull(max_messages=3):
        for delivery in deliveries:
            with received.open("a") as file:
                file.write(delivery.command.document_id + "\n")  # type: ignore[attr-defined]
            queue.ack(delivery)


def test_two_worker_processes_on_the_same_file_never_get_the_same_message(tmp_path):
    publisher = SqliteQueue(tmp_path / "queue.sqlite")
    for number in range(60):
        publisher.publish(ProcessDocument(document_id=f"doc-{number}"))
    fork = multiprocessing.get_context("fork")  # cheap to start, and nothing is held open
    workers = [fork.Process(target=_drain, args=(tmp_path / "queue.sqlite", tmp_path / f"w{n}.txt"))
               for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    received = [line for n in range(2) if (tmp_path / f"w{n}.txt").exists()
                for line in (tmp_path / f"w{n}.txt").read_text().splitlines()]
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert sorted(received) == sorted(f"doc-{n}" for n in range(60))  # each exactly once
    assert publisher.pending_count() == 0
