"""A durable local stand-in for Pub/Sub: at-least-once delivery with leases, retries after a
delay, and dead letters.

A pulled message is leased, not removed: it stays in `messages` with `visible_at` pushed to
the end of the lease. Visible messages are delivered in publish order, so a run that resumes
after a crash handles the work in the order an uninterrupted run would. `ack` deletes it; `nack` makes it visible again after a delay; if the
worker dies, the lease runs out and the next pull delivers it again. A message delivered
`max_attempts` times without an ack moves to `dead_letters`, where `replay` can put it back.
Pulls take the write lock, so two processes never lease the same message at once."""

import logging
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from mailroom.adapters.local.sqlite_db import SqliteDatabase
from mailroom.domain.commands import COMMANDS, Command
from mailroom.domain.errors import NotFoundError
from mailroom.ports import DeadLetter, DeadLetters, Publisher, ReplayOutcome

log = logging.getLogger(__name__)

MIGRATIONS = (
    """CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        visible_at REAL NOT NULL,
        lease TEXT
    )""",
    "CREATE INDEX messages_by_visibility ON messages (visible_at, id)",
    "CREATE INDEX messages_by_dedupe_key ON messages (dedupe_key)",
    """CREATE TABLE dead_letters (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        reason TEXT NOT NULL,
        died_at REAL NOT NULL
    )""",
)


@dataclass(frozen=True)
class Delivery:
    message_id: int
    lease: str  # proves the holder: an ack or nack from a lost lease changes nothing
    command: Command
    attempts: int  # deliveries so far, this one included


class SqliteQueue(Publisher, DeadLetters):
    resume_hint = "run `mailroom run`"

    def __init__(self, path: Path, *, visibility_timeout_s: float = 300.0, max_attempts: int = 5,
                 clock: Callable[[], float] = time.time) -> None:
        self._db = SqliteDatabase(path, MIGRATIONS)
        self._visibility_timeout_s = visibility_timeout_s
        self._max_attempts = max_attempts
        self._clock = clock

    def publish(self, command: Command) -> None:
        """Durable on return. A copy waiting with the same dedupe key makes this a no-op; a copy
        a worker is handling right now does not, because that worker may have read too early."""
        with self._db.writing() as conn:
            _enqueue(conn, command.topic, command.model_dump_json(), command.dedupe_key(),
                     self._clock())

    def pull(self, max_messages: int = 10) -> list[Delivery]:
        now = self._clock()
        deliveries: list[Delivery] = []
        with self._db.writing() as conn:
            visible = conn.execute(
                "SELECT * FROM messages WHERE visible_at <= ? ORDER BY id LIMIT ?",
                (now, max_messages),
            ).fetchall()
            for row in visible:
                if row["attempts"] >= self._max_attempts:
                    # Visible again without a nack: each delivery so far killed or stalled a worker.
                    _bury(conn, row, f"delivered {row['attempts']} times without an ack", now)
                    continue
                try:
                    command = COMMANDS[row["topic"]].model_validate_json(row["payload"])
                except (KeyError, ValidationError) as exc:
                    _bury(conn, row, f"cannot be decoded: {exc!r}", now)
                    continue
                lease = uuid.uuid4().hex
                conn.execute(
                    "UPDATE messages SET lease = ?, attempts = attempts + 1, visible_at = ?"
                    " WHERE id = ?",
                    (lease, now + self._visibility_timeout_s, row["id"]),
                )
                deliveries.append(Delivery(row["id"], lease, command, row["attempts"] + 1))
        return deliveries

    def ack(self, delivery: Delivery) -> None:
        with self._db.writing() as conn:
            conn.execute("DELETE FROM messages WHERE id = ? AND lease = ?",
                         (delivery.message_id, delivery.lease))

    def nack(self, delivery: Delivery, *, delay_s: float = 0.0, reason: str = "") -> None:
        """Deliver again after `delay_s`, or dead-letter the message if it has had its attempts."""
        now = self._clock()
        with self._db.writing() as conn:
            row = conn.execute("SELECT * FROM messages WHERE id = ? AND lease = ?",
                               (delivery.message_id, delivery.lease)).fetchone()
            if row is None:  # the lease ran out and another worker holds the message now
                return
            if row["attempts"] >= self._max_attempts:
                _bury(conn, row, reason or f"failed {row['attempts']} times", now)
            else:
                conn.execute("UPDATE messages SET lease = NULL, visible_at = ? WHERE id = ?",
                             (now + delay_s, row["id"]))

    def release_all_leases(self) -> None:
        """Make every leased message visible now. Only for a runner starting while no other runs:
        leases held by a process that died would otherwise wait out their timeout."""
        with self._db.writing() as conn:
            conn.execute("UPDATE messages SET lease = NULL, visible_at = ? WHERE lease IS NOT NULL",
                         (self._clock(),))

    def pending_count(self) -> int:
        """Messages not yet acknowledged: waiting, delayed for a retry, or leased."""
        with self._db.reading() as conn:
            count: int = conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        return count

    def dead_letters(self) -> list[DeadLetter]:
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT id, topic, payload, attempts, reason FROM dead_letters ORDER BY id"
            ).fetchall()
        return [DeadLetter(**{**dict(row), "id": str(row["id"])}) for row in rows]

    def replay(self, letter_id: str | None = None) -> ReplayOutcome:
        """Queue a dead letter (None: every one) again with fresh attempts, once its cause is
        fixed. Both happen in one transaction, so here a replay is never delivered twice."""
        with self._db.writing() as conn:
            if letter_id is None:
                rows = conn.execute("SELECT * FROM dead_letters ORDER BY id").fetchall()
            else:
                rows = conn.execute("SELECT * FROM dead_letters WHERE id = ?",
                                    (letter_id,)).fetchall()
                if not rows:
                    raise NotFoundError(f"no dead letter {letter_id}")
            for row in rows:
                _enqueue(conn, row["topic"], row["payload"], row["dedupe_key"], self._clock())
                conn.execute("DELETE FROM dead_letters WHERE id = ?", (row["id"],))
        return ReplayOutcome(replayed={str(row["id"]): row["topic"] for row in rows}, kept={})


def _enqueue(
    conn: sqlite3.Connection, topic: str, payload: str, dedupe_key: str, now: float
) -> None:
    conn.execute(
        "INSERT INTO messages (topic, payload, dedupe_key, visible_at) SELECT ?, ?, ?, ?"
        " WHERE NOT EXISTS (SELECT 1 FROM messages WHERE dedupe_key = ?"
        " AND (lease IS NULL OR visible_at <= ?))",  # waiting, or with a lease that ran out
        (topic, payload, dedupe_key, now, dedupe_key, now),
    )


def _bury(conn: sqlite3.Connection, row: sqlite3.Row, reason: str, now: float) -> None:
    conn.execute(
        "INSERT INTO dead_letters (topic, payload, dedupe_key, attempts, reason, died_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (row["topic"], row["payload"], row["dedupe_key"], row["attempts"], reason, now),
    )
    conn.execute("DELETE FROM messages WHERE id = ?", (row["id"],))
    log.warning("dead-lettered",
                extra={"topic": row["topic"], "attempts": row["attempts"], "reason": reason})
