"""A spreadsheet in memory the way Sheets models it: tabs holding a full grid of cells (rows ×
columns, 1000 × 26 unless told otherwise, as on Google), each cell with a typed value, an optional formula,
a note, a data validation rule and a format. Rows are lists, so inserting, moving and sorting
rows or columns carries every cell's validation and format along, as Sheets does.

A1 notation lives here too; what typed values become is in sheets_cells."""

import re
from dataclasses import dataclass, field
from typing import Any

Scalar = str | float | int | bool
_CELLS = re.compile(r"^([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?$")
_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(slots=True)
class Cell:
    value: Scalar | None = None
    formula: str | None = None
    note: str | None = None
    validation: dict[str, Any] | None = None
    format: dict[str, Any] | None = None

    def blank(self) -> "Cell":
        """An empty cell that keeps this one's validation and format (an inserted row's cells)."""
        return Cell(validation=self.validation, format=self.format)


@dataclass
class Tab:
    properties: dict[str, Any]  # SheetProperties without gridProperties' sizes, kept in `rows`
    rows: list[list[Cell]]
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None

    @classmethod
    def new(cls, properties: dict[str, Any], default_rows: int = 1000) -> "Tab":
        grid = properties.setdefault("gridProperties", {})
        row_count, column_count = grid.pop("rowCount", default_rows), grid.pop("columnCount", 26)
        return cls(properties, [[Cell() for _ in range(column_count)] for _ in range(row_count)])

    @property
    def title(self) -> str:
        return str(self.properties["title"])

    @property
    def sheet_id(self) -> int:
        return int(self.properties["sheetId"])

    @property
    def column_count(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def grow(self, row_count: int, column_count: int) -> None:
        """Writes past the grid add rows and columns, as the values API does."""
        for row in self.rows:
            row.extend(Cell() for _ in range(column_count - len(row)))
        width = max(column_count, self.column_count)
        self.rows.extend([Cell() for _ in range(width)] for _ in range(row_count - len(self.rows)))

    def row_is_empty(self, index: int, start: int = 0, end: int | None = None) -> bool:
        return all(cell.value is None for cell in self.rows[index][start:end])


@dataclass(frozen=True)
class Box:
    """A rectangle of a tab, 0-based and end-exclusive; None means unbounded, as in GridRange."""

    tab: Tab
    row0: int = 0
    row1: int | None = None
    col0: int = 0
    col1: int | None = None

    def clipped(self) -> tuple[int, int, int, int]:
        rows, cols = len(self.tab.rows), self.tab.column_count
        return (
            min(self.row0, rows),
            min(self.row1 if self.row1 is not None else rows, rows),
            min(self.col0, cols),
            min(self.col1 if self.col1 is not None else cols, cols),
        )

    def a1(self) -> str:
        """The range as Sheets echoes it: the tab title, quoted when needed, and the clipped cells."""
        row0, row1, col0, col1 = self.clipped()
        title = (
            self.tab.title
            if _PLAIN_TITLE.match(self.tab.title)
            else "'" + self.tab.title.replace("'", "''") + "'"
        )
        start, end = (
            f"{column_letters(col0)}{row0 + 1}",
            f"{column_letters(max(col1 - 1, col0))}{max(row1, row0 + 1)}",
        )
        return f"{title}!{start}" + (f":{end}" if end != start else "")


def parse_a1(text: str, tabs: list[Tab]) -> Box:
    """`Tab!A1:B2`, `'My tab'!A:A`, `Tab!2:2`, `Tab!A2:C`, a bare tab title, or cells of the first tab.
    Raises ValueError for anything else, which the routes answer with 400."""
    title, _, cells = text.rpartition("!")
    if not title:
        by_title = [tab for tab in tabs if tab.title == _unquoted(text)]
        if by_title:
            return Box(by_title[0])
        title, cells = tabs[0].title, text
    tab = next((tab for tab in tabs if tab.title == _unquoted(title)), None)
    found = _CELLS.match(cells.upper())
    if tab is None or found is None or not any(found.groups()):
        raise ValueError(f"Unable to parse range: {text}")
    col0, row0, col1, row1 = found.groups()
    if ":" not in cells:  # a single cell
        col1, row1 = col0, row0
    return Box(
        tab,
        int(row0) - 1 if row0 else 0,
        int(row1) if row1 else None,
        column_index(col0) if col0 else 0,
        column_index(col1) + 1 if col1 else None,
    )


def _unquoted(title: str) -> str:
    return (
        title[1:-1].replace("''", "'") if len(title) > 1 and title[0] == title[-1] == "'" else title
    )


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


@dataclass
class Spreadsheet:
    spreadsheet_id: str
    properties: dict[str, Any]
    tabs: list[Tab]

    def tab(self, sheet_id: int | None) -> Tab:
        """GridRange and DimensionRange name a tab by id; an omitted id is the first tab (id 0)."""
        for tab in self.tabs:
            if tab.sheet_id == (sheet_id or 0):
                return tab
        raise ValueError(f"No grid with id: {sheet_id}")
