"""The staging sheet, locally: one SQLite table whose columns are StagedRow's, in order, after
a `row_order` column that keeps the order rows were staged in (as a sheet's rows do).

Values are stored the way pydantic writes them as JSON: dates and datetimes as ISO text,
decimals as text (a REAL would turn 12.30 into 12.3 and sums into 0.30000000000000004),
floats as REAL, statuses by name. Reading a row back is `StagedRow.model_validate`."""

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from mailroom.adapters.local.sheet_exports import write_csv, write_xlsx
from mailroom.adapters.local.sqlite_db import SqliteDatabase
from mailroom.domain.errors import BadInputError, NotFoundError, PermanentError
from mailroom.domain.models import StagedRow
from mailroom.domain.status import Status
from mailroom.ports import StagingSheet

COLUMNS = StagedRow.columns()
_EDITABLE = frozenset(COLUMNS) - {"key"}  # the key is the row's identity


def _column_definition(name: str) -> str:
    annotation = StagedRow.model_fields[name].annotation
    if name == "key":
        return '"key" TEXT NOT NULL UNIQUE'
    return f'"{name}" ' + ("REAL" if float in (annotation, *get_args(annotation)) else "TEXT")


# Column names come from StagedRow (code, not data), so they can be spliced into the SQL.
# The table is derived from StagedRow while no file needs migrating; `_check_columns` refuses
# a file made for another StagedRow. The first change to StagedRow must freeze this statement
# as literal text and append an ALTER TABLE, as migrations never change once released.
MIGRATIONS = (
    "CREATE TABLE staged_rows (row_order INTEGER PRIMARY KEY AUTOINCREMENT, "
    + ", ".join(_column_definition(name) for name in COLUMNS) + ")",
    'CREATE INDEX staged_rows_by_status ON staged_rows ("status")',
)
_COLUMN_LIST = ", ".join(f'"{name}"' for name in COLUMNS)


class SqliteStagingSheet(StagingSheet):
    def __init__(self, path: Path) -> None:
        self._db = SqliteDatabase(path, MIGRATIONS)
        self._check_columns()

    def stage(self, rows: Sequence[StagedRow]) -> list[str]:
        added: list[str] = []
        with self._db.writing() as conn:
            for row in rows:
                inserted = conn.execute(
                    f"INSERT INTO staged_rows ({_COLUMN_LIST})"
                    f" VALUES ({', '.join('?' * len(COLUMNS))}) ON CONFLICT (key) DO NOTHING",
                    [row.model_dump(mode="json")[name] for name in COLUMNS],
                )
                if inserted.rowcount:
                    added.append(row.key)
        return added

    def update(self, changes: Mapping[str, Mapping[str, Any]]) -> None:
        unknown = {name for columns in changes.values() for name in columns} - _EDITABLE
        if unknown:
            raise PermanentError(
                f"cannot set {sorted(unknown)}: the editable columns are {sorted(_EDITABLE)}"
            )
        with self._db.writing() as conn:
            for key, columns in changes.items():
                found = conn.execute(
                    f"SELECT {_COLUMN_LIST} FROM staged_rows WHERE key = ?", (key,)
                ).fetchone()
                if found is None:
                    raise NotFoundError(f"no staged row {key}")
                values = _validated(key, {**dict(found), **columns}).model_dump(mode="json")
                for name in columns:
                    conn.execute(f'UPDATE staged_rows SET "{name}" = ? WHERE key = ?',
                                 (values[name], key))

    def rows(self, statuses: Iterable[Status] | None = None) -> list[StagedRow]:
        if statuses is None:
            return self._select("1 = 1", ())
        wanted = [Status(s).value for s in statuses]
        return self._select(f"status IN ({', '.join('?' * len(wanted))})", tuple(wanted))

    def get(self, key: str) -> StagedRow | None:
        found = self._select("key = ?", (key,))
        return found[0] if found else None

    def export_xlsx(self, path: Path) -> None:
        write_xlsx(self.rows(), path)  # one SELECT: a consistent snapshot, read before writing

    def export_csv(self, path: Path) -> None:
        write_csv(self.rows(), path)

    def _select(self, where: str, parameters: tuple[str, ...]) -> list[StagedRow]:
        """`where` is built in this module from fixed text and `?` placeholders only."""
        with self._db.reading() as conn:
            found = conn.execute(
                f"SELECT {_COLUMN_LIST} FROM staged_rows WHERE {where} ORDER BY row_order",
                parameters,
            ).fetchall()
        return [StagedRow.model_validate(dict(row)) for row in found]

    def _check_columns(self) -> None:
        """A file made for an older StagedRow would silently lose the new columns."""
        with self._db.reading() as conn:
            stored = [column["name"] for column in conn.execute("PRAGMA table_info(staged_rows)")]
        if stored[1:] != COLUMNS:
            raise PermanentError(
                f"{self._db.path} has the columns {stored[1:]}, but this mailroom expects "
                f"{COLUMNS}; export it and start a new file, or add a migration"
            )


def _validated(key: str, values: dict[str, Any]) -> StagedRow:
    try:
        return StagedRow.model_validate(values)
    except ValidationError as exc:
        raise BadInputError(f"row {key}: {exc}") from exc
