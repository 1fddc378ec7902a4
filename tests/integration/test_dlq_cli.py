"""`mailroom dlq list|replay` on the local backend: the SQLite queue's dead letters."""

import json

from typer.testing import CliRunner

from mailroom.adapters.local.queue import SqliteQueue
from mailroom.domain.commands import ProcessDocument
from mailroom.entrypoints.cli.app import app


def _mailroom(home, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["--home", str(home), "dlq", *args])


def _bury(queue: SqliteQueue, document_id: str) -> None:
    queue.publish(ProcessDocument(document_id=document_id))
    while delivery := queue.pull():
        queue.nack(delivery[0], reason="OCR engine missing")


def test_list_shows_each_dead_letter_and_why(tmp_path):
    _bury(SqliteQueue(tmp_path / "queue.sqlite"), "doc-1")
    result = _mailroom(tmp_path, "list")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1  documents  attempts=5  OCR engine missing\n")
    assert '"document_id":"doc-1"' in result.output
    [letter] = json.loads(_mailroom(tmp_path, "list", "--json").output)
    assert letter == {"id": "1", "topic": "documents", "attempts": 5,
                      "reason": "OCR engine missing", "payload": '{"document_id":"doc-1"}'}


def test_replay_puts_one_or_every_letter_back_on_the_queue(tmp_path):
    queue = SqliteQueue(tmp_path / "queue.sqlite")
    for document_id in ("doc-1", "doc-2", "doc-3"):
        _bury(queue, document_id)

    one = _mailroom(tmp_path, "replay", "2")
    assert one.exit_code == 0, one.output
    assert one.output == "replayed 2 to documents; run `mailroom run`\n"
    assert [d.command.document_id for d in queue.pull()] == ["doc-2"]

    every = _mailroom(tmp_path, "replay", "--all")
    assert every.exit_code == 0, every.output
    assert every.output.count("replayed ") == 2 and queue.dead_letters() == []


def test_replay_needs_exactly_one_of_an_id_and_all(tmp_path):
    assert _mailroom(tmp_path, "replay").exit_code == 2
    assert _mailroom(tmp_path, "replay", "1", "--all").exit_code == 2


def test_replaying_an_unknown_letter_is_not_found(tmp_path):
    result = _mailroom(tmp_path, "replay", "42")
    assert "no dead letter 42" in str(result.exception)


def test_local_reads_the_local_queue_even_with_the_google_backend(tmp_path):
    _bury(SqliteQueue(tmp_path / "queue.sqlite"), "doc-1")
    env = {"MAILROOM_BACKEND": "google", "MAILROOM_GOOGLE__PROJECT": ""}  # Pub/Sub is not asked
    result = CliRunner().invoke(app, ["--home", str(tmp_path), "dlq", "--local", "list", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert [letter["id"] for letter in json.loads(result.output)] == ["1"]
