"""The staging sheet on Google Sheets, through gspread: the Review tab of the template.

A row's identity is its key (the document id) in the key column, never its row number:
reviewers sort, filter and insert rows at any time, so every call reads where the keys are now
and writes there. Columns are found by their header, so a column moved by hand still gets its
own values. Each call costs a fixed number of requests, whatever the number of rows:
- stage: one batchGet (header + key column), one values.append of all the new rows;
- update: one batchGet, one values.batchUpdate of every changed cell;
- rows / get: one values.get of the tab.
Every write is RAW (text from mail never becomes a formula); see sheets_values for the types.

Left to chance: a reviewer who sorts in the instant between an update's read and its write
gets the values written at the rows' old places. Sheets has no conditional write to prevent
that; developer metadata on rows would follow a sort, but Sheets can only write whole rows by
metadata, which would overwrite the reviewer's own edits.

Developer metadata is not used: tagging appended rows would cost a second write per stage
(writes are the scarce quota: 60 a minute per user) that could fail after the append
succeeded; the protected key column already identifies a row."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import gspread
from gspread.utils import absolute_range_name, rowcol_to_a1

from mailroom.adapters.google.sheets_calls import DEFAULT_BACKOFF, Backoff, call
from mailroom.adapters.google.sheets_rules import column_letter
from mailroom.adapters.google.sheets_template import Column, ReviewTab, Template
from mailroom.adapters.google.sheets_values import cells_of, change_cell, row_from_cells
from mailroom.domain.errors import NotFoundError, PermanentError
from mailroom.domain.models import StagedRow
from mailroom.domain.status import Status
from mailroom.ports import StagingSheet

# Numbers as numbers and dates as serials, not as the text the sheet's locale would show.
READ = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}
_EDITABLE = frozenset(StagedRow.columns()) - {"key"}


@dataclass
class _Layout:
    """Where things are on the tab right now."""

    columns: list[Column | None]  # by position; None for a header the template does not know
    rows: dict[str, list[int]] = field(default_factory=dict)  # key → sheet row numbers (1-based)
    last_row: int = 1  # the last row holding a key, or the header's

    def position(self, name: str) -> int:
        return _index(self.columns, name)


class SheetsStaging(StagingSheet):
    def __init__(
        self,
        spreadsheet: gspread.Spreadsheet,
        template: Template,
        backoff: Backoff = DEFAULT_BACKOFF,
    ) -> None:
        self._spreadsheet = spreadsheet
        self._tab: ReviewTab = template.tabs.review
        self._backoff = backoff

    def stage(self, rows: Sequence[StagedRow]) -> list[str]:
        layout = self._layout()
        new: dict[str, StagedRow] = {}
        for row in rows:
            if row.key not in layout.rows:
                new.setdefault(row.key, row)  # the first of two rows with one key, as a retry would
        if new:
            start = self._range(f"A{layout.last_row + 1}")
            body = {
                "majorDimension": "ROWS",
                "values": [cells_of(row, layout.columns) for row in new.values()],
            }
            # INSERT_ROWS: rows are inserted, so nothing a reviewer put below the table is overwritten.
            params = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
            call(
                "append rows",
                lambda: self._spreadsheet.values_append(start, params, body),
                self._backoff,
                idempotent=False,
            )
        return list(new)

    def update(self, changes: Mapping[str, Mapping[str, Any]]) -> None:
        unknown = {name for columns in changes.values() for name in columns} - _EDITABLE
        if unknown:
            raise PermanentError(
                f"cannot set {sorted(unknown)}: the editable columns are {sorted(_EDITABLE)}"
            )
        cells = {
            key: {name: change_cell(key, name, value) for name, value in columns.items()}
            for key, columns in changes.items()
        }  # every value checked before anything is sent
        if not any(cells.values()):
            return
        layout = self._layout()
        if missing := sorted(set(cells) - set(layout.rows)):
            raise NotFoundError(f"no staged row {', '.join(missing)}")
        data = [
            {
                "range": self._range(rowcol_to_a1(number, layout.position(name) + 1)),
                "values": [[value]],
            }
            for key, values in cells.items()
            for number in layout.rows[key]
            for name, value in values.items()
        ]
        body = {"valueInputOption": "RAW", "data": data}
        call("update rows", lambda: self._spreadsheet.values_batch_update(body), self._backoff)

    def rows(self, statuses: Iterable[Status] | None = None) -> list[StagedRow]:
        found = call(
            "read rows", lambda: self._spreadsheet.values_get(self._range(), READ), self._backoff
        )
        header, *lines = found.get("values", [[]])
        columns = self._columns(header)
        key_at, status_at = _index(columns, "key"), _index(columns, "status")
        wanted = None if statuses is None else {Status(status).value for status in statuses}
        rows: dict[str, StagedRow] = {}
        for cells in lines[self._tab.frozen_rows - 1 :]:
            key = _cell(cells, key_at)
            if key and key not in rows and (wanted is None or _cell(cells, status_at) in wanted):
                rows[key] = row_from_cells(key, columns, cells)
        return list(rows.values())

    def get(self, key: str) -> StagedRow | None:
        return next((row for row in self.rows() if row.key == key), None)

    def _layout(self) -> _Layout:
        ranges = [self._range("1:1"), self._range("A:A")]
        header, first = call("read keys", lambda: self._batch_get(ranges), self._backoff)
        layout = _Layout(self._columns(header[0] if header else []))
        key_at = layout.position("key")
        keys = first if key_at == 0 else self._key_column(key_at)  # the key column was moved
        for number, cells in enumerate(keys, start=1):
            if number > self._tab.frozen_rows and (key := _cell(cells, 0)):
                layout.rows.setdefault(key, []).append(number)
                layout.last_row = number
        return layout

    def _key_column(self, position: int) -> list[list[Any]]:
        letter = column_letter(position)
        return call(
            "read keys", lambda: self._batch_get([self._range(f"{letter}:{letter}")]), self._backoff
        )[0]

    def _batch_get(self, ranges: list[str]) -> list[list[list[Any]]]:
        found = self._spreadsheet.values_batch_get(ranges, {**READ, "majorDimension": "ROWS"})
        return [value_range.get("values", []) for value_range in found["valueRanges"]]

    def _columns(self, header: list[Any]) -> list[Column | None]:
        columns = [self._tab.by_header.get(str(text)) for text in header]
        if missing := [c.header for c in self._tab.columns if c not in columns]:
            raise PermanentError(
                f"the {self._tab.title} tab has no column {', '.join(missing)}; "
                "`mailroom sheet check` shows how it differs from the template"
            )
        return columns

    def _range(self, cells: str | None = None) -> str:
        return str(absolute_range_name(self._tab.title, cells))


def _index(columns: list[Column | None], name: str) -> int:
    return next(i for i, column in enumerate(columns) if column and column.name == name)


def _cell(cells: list[Any], index: int) -> str:
    return str(cells[index]) if index < len(cells) and cells[index] != "" else ""
