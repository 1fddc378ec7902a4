"""A local mailbox that behaves like Gmail where the pipeline relies on it, indexed in SQLite.

- Message ids are 16 hex characters, like Gmail's, taken from sha256 of the raw bytes: the
  same message imported twice is stored once.
- Thread ids: a message joins the conversation of any message it names in References or
  In-Reply-To; otherwise it starts its own, named after itself. Every Message-ID a message
  names is remembered, so a parent that arrives after its reply still joins the reply's thread.
- History: every added message and every label change that changed something gets the next
  history id. `list_new(cursor)` returns messages added strictly after `cursor`, as Gmail's
  history.list does with startHistoryId.
- Labels are created on first use and compared by name case-insensitively, as Gmail does.
"""

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mailroom.adapters.local.mail_headers import MailHeaders, read_headers
from mailroom.adapters.local.mail_sources import messages_in
from mailroom.adapters.local.sqlite_db import SqliteDatabase
from mailroom.domain.errors import BadInputError, NotFoundError
from mailroom.domain.ids import sha256_hex
from mailroom.ports import Mailbox, NewMessages, RawMessage

INBOX = "INBOX"

MIGRATIONS = (
    """CREATE TABLE messages (
        message_id TEXT PRIMARY KEY,
        thread_id TEXT NOT NULL,
        sender TEXT NOT NULL,
        subject TEXT NOT NULL,
        raw BLOB NOT NULL
    )""",
    """CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        folded_name TEXT NOT NULL UNIQUE
    )""",
    """CREATE TABLE message_labels (
        message_id TEXT NOT NULL REFERENCES messages (message_id),
        label_id INTEGER NOT NULL REFERENCES labels (id),
        PRIMARY KEY (message_id, label_id)
    )""",
    """CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        message_id TEXT NOT NULL REFERENCES messages (message_id),
        change TEXT NOT NULL CHECK (change IN ('messageAdded', 'labelsChanged'))
    )""",
    "CREATE TABLE thread_ids (rfc822_id TEXT PRIMARY KEY, thread_id TEXT NOT NULL)",
)


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)  # where it came from → why


@dataclass(frozen=True)
class MailboxMessage:
    message_id: str
    thread_id: str
    sender: str
    subject: str
    labels: frozenset[str]


class LocalMailbox(Mailbox):
    def __init__(self, directory: Path, *, name: str = "inbox@local") -> None:
        self.name = name
        self._db = SqliteDatabase(directory / "mailbox.sqlite", MIGRATIONS)

    def import_path(self, path: Path) -> ImportReport:
        """Receive every message of a Maildir, an mbox file or a folder of .eml files."""
        report = ImportReport()
        for source, read in messages_in(path):
            try:
                raw = read()
            except OSError as exc:
                report.unreadable[source] = str(exc)
                continue
            message_id, added = self._receive(raw)
            (report.added if added else report.already_present).append(message_id)
        return report

    def list_new(self, cursor: str | None) -> NewMessages:
        after = _history_id(cursor)
        with self._db.reading() as conn:
            newest = conn.execute("SELECT COALESCE(MAX(id), 0) FROM history").fetchone()[0]
            if after > newest:
                # Not a cursor of this mailbox (its files were reset). Gmail answers 404 and
                # clients list everything again; downstream dedupes by message id.
                after = 0
            added = conn.execute(
                "SELECT message_id FROM history"
                " WHERE change = 'messageAdded' AND id > ? ORDER BY id",
                (after,),
            ).fetchall()
        return NewMessages(message_ids=[row["message_id"] for row in added], cursor=str(newest))

    def fetch(self, message_id: str) -> RawMessage:
        with self._db.reading() as conn:
            found = conn.execute(
                "SELECT thread_id, raw FROM messages WHERE message_id = ?", (message_id,)
            ).fetchone()
            if found is None:
                raise NotFoundError(f"no message {message_id} in {self.name}")
            labels = _labels_of(conn, message_id)
        return RawMessage(message_id=message_id, thread_id=found["thread_id"], raw=found["raw"],
                          label_names=labels)

    def labels(self, message_id: str) -> frozenset[str]:
        with self._db.reading() as conn:
            self._require(conn, message_id)
            return _labels_of(conn, message_id)

    def change_labels(self, message_id: str, add: Iterable[str], remove: Iterable[str]) -> None:
        adding, removing = list(add), list(remove)
        both = {name.casefold() for name in adding} & {name.casefold() for name in removing}
        if both:
            raise BadInputError(f"labels both added and removed: {sorted(both)}")
        with self._db.writing() as conn:
            self._require(conn, message_id)
            changed = sum(_attach(conn, message_id, name) for name in adding)
            changed += sum(_detach(conn, message_id, name) for name in removing)
            if changed:  # like Gmail: a modify that changes nothing leaves no history
                conn.execute("INSERT INTO history (message_id, change) VALUES (?, 'labelsChanged')",
                             (message_id,))

    def messages(self) -> list[MailboxMessage]:
        """Every message in arrival order, for listings."""
        with self._db.reading() as conn:
            found = conn.execute(
                "SELECT message_id, thread_id, sender, subject FROM messages ORDER BY rowid"
            ).fetchall()
            labelled = conn.execute(
                "SELECT message_id, name FROM message_labels JOIN labels ON labels.id = label_id"
            ).fetchall()
        labels: dict[str, set[str]] = {}
        for row in labelled:
            labels.setdefault(row["message_id"], set()).add(row["name"])
        return [MailboxMessage(**dict(row), labels=frozenset(labels.get(row["message_id"], ())))
                for row in found]

    def _receive(self, raw: bytes) -> tuple[str, bool]:
        """Store one message as Gmail receives it. Returns its id and whether it is new."""
        message_id = sha256_hex(raw)[:16]
        headers = read_headers(raw)
        with self._db.writing() as conn:
            if _exists(conn, message_id):
                return message_id, False
            thread_id = _thread_of(conn, message_id, headers)
            conn.execute(
                "INSERT INTO messages (message_id, thread_id, sender, subject, raw)"
                " VALUES (?, ?, ?, ?, ?)",
                (message_id, thread_id, headers.sender, headers.subject, raw),
            )
            _attach(conn, message_id, INBOX)
            conn.execute("INSERT INTO history (message_id, change) VALUES (?, 'messageAdded')",
                         (message_id,))
        return message_id, True

    def _require(self, conn: sqlite3.Connection, message_id: str) -> None:
        if not _exists(conn, message_id):
            raise NotFoundError(f"no message {message_id} in {self.name}")


def _exists(conn: sqlite3.Connection, message_id: str) -> bool:
    found = conn.execute("SELECT 1 FROM messages WHERE message_id = ?", (message_id,)).fetchone()
    return found is not None


def _history_id(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        return int(cursor)
    except ValueError:
        raise BadInputError(f"{cursor!r} is not a history id of a local mailbox") from None


def _thread_of(conn: sqlite3.Connection, message_id: str, headers: MailHeaders) -> str:
    named = [*headers.ancestors, headers.rfc822_id] if headers.rfc822_id else headers.ancestors
    thread_id = message_id
    for rfc822_id in named:  # the root first: the oldest known conversation wins
        known = conn.execute(
            "SELECT thread_id FROM thread_ids WHERE rfc822_id = ?", (rfc822_id,)
        ).fetchone()
        if known is not None:
            thread_id = known["thread_id"]
            break
    conn.executemany("INSERT OR IGNORE INTO thread_ids (rfc822_id, thread_id) VALUES (?, ?)",
                     [(rfc822_id, thread_id) for rfc822_id in named])
    return thread_id


def _labels_of(conn: sqlite3.Connection, message_id: str) -> frozenset[str]:
    found = conn.execute(
        "SELECT name FROM message_labels JOIN labels ON labels.id = label_id WHERE message_id = ?",
        (message_id,),
    ).fetchall()
    return frozenset(row["name"] for row in found)


def _attach(conn: sqlite3.Connection, message_id: str, name: str) -> int:
    """Returns 1 if the label was added, 0 if the message had it already."""
    if not name.strip():
        raise BadInputError("a label needs a name")
    conn.execute(
        "INSERT INTO labels (name, folded_name) VALUES (?, ?) ON CONFLICT (folded_name) DO NOTHING",
        (name, name.casefold()),
    )
    return conn.execute(
        "INSERT OR IGNORE INTO message_labels (message_id, label_id)"
        " SELECT ?, id FROM labels WHERE folded_name = ?",
        (message_id, name.casefold()),
    ).rowcount


def _detach(conn: sqlite3.Connection, message_id: str, name: str) -> int:
    """Returns 1 if the label was removed, 0 if the message did not have it."""
    return conn.execute(
        "DELETE FROM message_labels WHERE message_id = ?"
        " AND label_id = (SELECT id FROM labels WHERE folded_name = ?)",
        (message_id, name.casefold()),
    ).rowcount
