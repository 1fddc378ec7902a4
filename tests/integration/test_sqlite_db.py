"""The SQLite plumbing every local adapter shares: migrations, transactions, lock errors."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mailroom.adapters.local.sqlite_db import SqliteDatabase
from mailroom.domain.errors import PermanentError, TransientError

FIRST = ("CREATE TABLE notes (text TEXT NOT NULL)",)


def texts(db: SqliteDatabase) -> list[str]:
    with db.reading() as conn:
        return [row["text"] for row in conn.execute("SELECT text FROM notes ORDER BY rowid")]


def test_migrations_run_once_however_often_the_file_is_opened(tmp_path):
    SqliteDatabase(tmp_path / "db.sqlite", FIRST)
    db = SqliteDatabase(tmp_path / "db.sqlite", FIRST)  # another process: no "already exists"

    with db.reading() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_migration_added_later_runs_on_an_existing_file(tmp_path):
    SqliteDatabase(tmp_path / "db.sqlite", FIRST)
    later = (*FIRST, "ALTER TABLE notes ADD COLUMN author TEXT")
    db = SqliteDatabase(tmp_path / "db.sqlite", later)

    with db.writing() as conn:
        conn.execute("INSERT INTO notes (text, author) VALUES (?, ?)", ("hello", "me"))
    assert texts(db) == ["hello"]


def test_a_file_from_a_newer_schema_is_refused(tmp_path):
    SqliteDatabase(tmp_path / "db.sqlite", (*FIRST, "CREATE TABLE later (x)"))

    with pytest.raises(PermanentError, match="newer mailroom"):
        SqliteDatabase(tmp_path / "db.sqlite", FIRST)


def test_a_write_that_raises_leaves_nothing_behind(tmp_path):
    db = SqliteDatabase(tmp_path / "db.sqlite", FIRST)

    with pytest.raises(RuntimeError), db.writing() as conn:
        conn.execute("INSERT INTO notes (text) VALUES (?)", ("half done",))
        raise RuntimeError("crash in the middle")

    assert texts(db) == []


def test_a_database_locked_by_another_process_is_a_transient_error(tmp_path: Path):
    db = SqliteDatabase(tmp_path / "db.sqlite", FIRST, busy_timeout_ms=50)
    with closing(sqlite3.connect(tmp_path / "db.sqlite", isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock

        with pytest.raises(TransientError, match="locked"), db.writing() as conn:
            conn.execute("INSERT INTO notes (text) VALUES (?)", ("blocked",))
        assert texts(db) == []  # WAL: reading goes on while someone else writes

        other.execute("ROLLBACK")
