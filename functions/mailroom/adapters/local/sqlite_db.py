"""One SQLite file that several processes share: the CLI and a running `mailroom run`.

Every adapter goes through `SqliteDatabase`, so all of them get the same guarantees:

- WAL journal: readers never block the writer and the writer never blocks readers.
- `busy_timeout`: a second writer waits for the lock instead of failing at once; if it still
  cannot get it, the error becomes `TransientError`, so the stage is retried later.
- A short-lived connection per unit of work, closed at once: nothing to share across threads,
  nothing left open for a forked or crashed process to trip over.
- Writes start with `BEGIN IMMEDIATE`. A deferred transaction that reads and then writes can
  fail straight away with SQLITE_BUSY when another process committed in between (the busy
  handler cannot help then); taking the write lock first makes read-then-write sequences safe.
- Migrations are an append-only list of single SQL statements; `PRAGMA user_version` counts
  how many have run. They run in one write transaction, so two processes starting together
  apply them exactly once.
"""

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

from mailroom.domain.errors import PermanentError, TransientError

DEFAULT_BUSY_TIMEOUT_MS = 5_000
_LOCK_ERRORS = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


class SqliteDatabase:
    def __init__(self, path: Path, migrations: Sequence[str], *,
                 busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self._busy_timeout_ms = int(busy_timeout_ms)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._enable_wal()
        self._migrate(migrations)

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot: every SELECT inside sees the same committed state."""
        with self._transaction("BEGIN") as conn:
            yield conn

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: committed when the block ends, rolled back if it raises."""
        with self._transaction("BEGIN IMMEDIATE") as conn:
            yield conn

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        with self._locks_are_transient(), closing(self._connect()) as conn:
            conn.execute(begin)
            with conn:  # commits on success, rolls back on any exception
                yield conn

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: the sqlite3 module opens no transactions of its own; we BEGIN.
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        # PRAGMA values cannot be bound as parameters; this one is an int we own.
        conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _enable_wal(self) -> None:
        """WAL is stored in the file, so it is set once here rather than per connection.
        Switching a new file takes an exclusive lock that SQLite does not wait for (the busy
        handler is not called), so processes opening a brand-new file together retry here."""
        deadline = time.monotonic() + self._busy_timeout_ms / 1000
        with self._locks_are_transient(), closing(self._connect()) as conn:
            while True:
                try:
                    conn.execute("PRAGMA journal_mode = WAL")
                    return
                except sqlite3.OperationalError as exc:
                    if not _is_lock_error(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.005)

    def _migrate(self, migrations: Sequence[str]) -> None:
        with self.writing() as conn:
            applied = conn.execute("PRAGMA user_version").fetchone()[0]
            if applied > len(migrations):
                raise PermanentError(f"{self.path} was written by a newer mailroom ({applied})")
            for statement in migrations[applied:]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {len(migrations)}")

    @contextmanager
    def _locks_are_transient(self) -> Iterator[None]:
        """Another process held the lock past the busy timeout: worth retrying later."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if _is_lock_error(exc):
                reason = f"{self.path.name} is locked by another process: {exc}"
                raise TransientError(reason) from exc
            raise


def _is_lock_error(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in _LOCK_ERRORS
