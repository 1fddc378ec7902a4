"""The pipeline's own records in one SQLite file: cursors, finished work, documents, what
became of each message, and the audit log.

Documents are stored as their pydantic JSON (the record is the truth, and it round-trips
exactly) beside the few columns the queries filter on. The audit log is append-only in the
database itself: triggers refuse UPDATE and DELETE, whoever connects."""

from collections.abc import Iterable
from pathlib import Path

from mailroom.adapters.local.sqlite_db import SqliteDatabase
from mailroom.domain.models import AuditEvent, DocumentRecord, normalise_key
from mailroom.domain.status import Status
from mailroom.ports import StateStore

MIGRATIONS = (
    "CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE done_keys (key TEXT PRIMARY KEY)",
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        message_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        seller_key TEXT,
        number_key TEXT,
        record TEXT NOT NULL
    )""",
    "CREATE INDEX documents_by_status ON documents (status)",
    "CREATE INDEX documents_by_message ON documents (message_id)",
    "CREATE INDEX documents_by_sha256 ON documents (sha256)",
    "CREATE INDEX documents_by_reference ON documents (seller_key, number_key)",
    """CREATE TABLE message_outcomes (
        mailbox TEXT NOT NULL,
        message_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (mailbox, message_id)
    )""",
    """CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        subject TEXT NOT NULL,
        event TEXT NOT NULL
    )""",
    "CREATE INDEX audit_log_by_subject ON audit_log (subject, seq)",
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        UNIQUE (kind, key)
    )""",
)


class SqliteStateStore(StateStore):
    def __init__(self, path: Path) -> None:
        self._db = SqliteDatabase(path, MIGRATIONS)

    def cursor(self, name: str) -> str | None:
        with self._db.reading() as conn:
            row = conn.execute("SELECT value FROM cursors WHERE name = ?", (name,)).fetchone()
        return row["value"] if row else None

    def set_cursor(self, name: str, value: str) -> None:
        with self._db.writing() as conn:
            conn.execute(
                "INSERT INTO cursors (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    def is_done(self, key: str) -> bool:
        with self._db.reading() as conn:
            found = conn.execute("SELECT 1 FROM done_keys WHERE key = ?", (key,)).fetchone()
        return found is not None

    def mark_done(self, key: str) -> None:
        with self._db.writing() as conn:
            conn.execute("INSERT OR IGNORE INTO done_keys (key) VALUES (?)", (key,))

    def save_document(self, record: DocumentRecord) -> None:
        seller_key, number_key = record.reference() or (None, None)
        # An upsert, not INSERT OR REPLACE: replacing deletes the row and so loses its place
        # in `documents()`, which lists records in the order they were first saved.
        with self._db.writing() as conn:
            conn.execute(
                "INSERT INTO documents"
                " (id, status, message_id, sha256, seller_key, number_key, record)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " status = excluded.status, message_id = excluded.message_id,"
                " sha256 = excluded.sha256, seller_key = excluded.seller_key,"
                " number_key = excluded.number_key, record = excluded.record",
                (record.id, record.status.value, record.message_id, record.sha256,
                 seller_key, number_key, record.model_dump_json()),
            )

    def document(self, document_id: str) -> DocumentRecord | None:
        found = self._select_documents("id = ?", (document_id,))
        return found[0] if found else None

    def documents(
        self, *, statuses: Iterable[Status] | None = None, message_id: str | None = None
    ) -> list[DocumentRecord]:
        conditions, parameters = ["1 = 1"], []
        if statuses is not None:
            wanted = [Status(s).value for s in statuses]
            conditions.append(f"status IN ({', '.join('?' * len(wanted))})")
            parameters += wanted
        if message_id is not None:
            conditions.append("message_id = ?")
            parameters.append(message_id)
        return self._select_documents(" AND ".join(conditions), tuple(parameters))

    def find_by_sha256(self, sha256: str) -> list[DocumentRecord]:
        return self._select_documents("sha256 = ?", (sha256,))

    def find_by_reference(self, seller_key: str, number: str) -> list[DocumentRecord]:
        # The columns hold DocumentRecord.reference(): normalised keys, so compare like with like.
        return self._select_documents(
            "seller_key = ? AND number_key = ?", (normalise_key(seller_key), normalise_key(number))
        )

    def add_pending(self, kind: str, key: str) -> None:
        with self._db.writing() as conn:
            conn.execute("INSERT OR IGNORE INTO outbox (kind, key) VALUES (?, ?)", (kind, key))

    def pending(self, kind: str, limit: int = 500) -> list[str]:
        with self._db.reading() as conn:
            rows = conn.execute("SELECT key FROM outbox WHERE kind = ? ORDER BY seq LIMIT ?",
                                (kind, limit)).fetchall()
        return [row["key"] for row in rows]

    def clear_pending(self, kind: str, keys: Iterable[str]) -> None:
        with self._db.writing() as conn:
            conn.executemany("DELETE FROM outbox WHERE kind = ? AND key = ?", [(kind, k) for k in keys])

    def record_message(self, mailbox: str, message_id: str, outcome: str, detail: str = "") -> None:
        with self._db.writing() as conn:
            conn.execute(
                "INSERT INTO message_outcomes (mailbox, message_id, outcome, detail)"
                " VALUES (?, ?, ?, ?)"
                " ON CONFLICT (mailbox, message_id) DO UPDATE SET"
                " outcome = excluded.outcome, detail = excluded.detail",
                (mailbox.lower(), message_id, outcome, detail),
            )

    def message_outcomes(self) -> dict[str, int]:
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT outcome, COUNT(*) AS n FROM message_outcomes"
                " GROUP BY outcome ORDER BY outcome"
            ).fetchall()
        return {row["outcome"]: row["n"] for row in rows}

    def audit(self, event: AuditEvent) -> None:
        with self._db.writing() as conn:
            conn.execute(
                "INSERT INTO audit_log (subject, event) VALUES (?, ?)",
                (event.subject, event.model_dump_json()),
            )

    def audit_log(self, subject: str | None = None) -> list[AuditEvent]:
        with self._db.reading() as conn:
            if subject is None:
                rows = conn.execute("SELECT event FROM audit_log ORDER BY seq").fetchall()
            else:
                rows = conn.execute(
                    "SELECT event FROM audit_log WHERE subject = ? ORDER BY seq", (subject,)
                ).fetchall()
        return [AuditEvent.model_validate_json(row["event"]) for row in rows]

    def _select_documents(self, where: str, parameters: tuple[str, ...]) -> list[DocumentRecord]:
        """`where` is built in this module from fixed text and `?` placeholders only."""
        with self._db.reading() as conn:
            rows = conn.execute(
                f"SELECT record FROM documents WHERE {where} ORDER BY rowid", parameters
            ).fetchall()
        return [DocumentRecord.model_validate_json(row["record"]) for row in rows]
