"""The staging rows as files for a spreadsheet: .xlsx with real numbers and dates, and .csv.

Most text here comes from mail and OCR, that is from strangers. A spreadsheet runs a cell
that starts with `=` (and, on import, `+ - @` tab or CR) as a formula: `=HYPERLINK(...)` can
leak data or lure a click. So text must stay text:
- xlsx: openpyxl makes a formula of any str starting with "=", so every str cell is marked
  as a string cell (`data_type = "s"`) after it is assigned.
- csv has no types, so cells starting with a trigger character get a leading `'`, and every
  field is quoted (OWASP, CSV Injection). Amounts and dates are ours, not the sender's, and
  are left alone: a credit note's "-12.00" must stay a number.
Files are written beside the target and renamed over it, so no one opens half an export."""

import csv
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from mailroom.domain.models import StagedRow

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
Value = str | date | Decimal | float | None


def write_xlsx(rows: list[StagedRow], path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Staging"
    sheet.append(StagedRow.columns())
    for row in rows:
        sheet.append([_xlsx_value(value) for value in _values(row)])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl made a formula of each one starting with "="
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _replace_atomically(path, lambda temporary: workbook.save(temporary))


def write_csv(rows: list[StagedRow], path: Path) -> None:
    def write(temporary: Path) -> None:
        # utf-8-sig: the BOM makes Excel read the file as UTF-8 instead of the local code page.
        with temporary.open("w", newline="", encoding="utf-8-sig") as file:
            writer = csv.writer(file, quoting=csv.QUOTE_ALL)
            writer.writerow(StagedRow.columns())
            writer.writerows([_csv_value(value) for value in _values(row)] for row in rows)

    _replace_atomically(path, write)


def _values(row: StagedRow) -> list[Value]:
    return [getattr(row, name) for name in StagedRow.columns()]


def _xlsx_value(value: Value) -> Value:
    if isinstance(value, str):
        # str(): a Status is a StrEnum. XML 1.0 cannot hold most control characters at all.
        return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value)))
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)  # Excel has no time zones: UTC
    return value


def _csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = str(value)
        return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return str(value)


def _replace_atomically(path: Path, write: Callable[[Path], None]) -> None:
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
