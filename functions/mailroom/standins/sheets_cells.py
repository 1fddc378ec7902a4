"""What a value written to the Sheets stand-in becomes, and how a cell reads back.

The two value input options:
- RAW keeps strings verbatim;
- USER_ENTERED parses them as if typed: `=…` (and `+…`/`-…` that are not plain numbers) become
  formulas, numeric-looking text becomes a number, ISO dates a date serial, TRUE/FALSE booleans,
  and a leading `'` forces text. Formulas are kept, never evaluated: their value is FORMULA_VALUE."""

import re
from datetime import date
from typing import Any

from mailroom.standins.sheets_grid import Cell, Scalar

FORMULA_VALUE = "#ERROR!"  # what a formula "computes" here: the stand-in has no formula engine
_SERIAL_EPOCH = date(1899, 12, 30)
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?%?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def entered(value: Any, option: str) -> Cell:
    """The cell a value sent with `valueInputOption` becomes. JSON numbers and booleans are
    typed already; only strings differ between RAW and USER_ENTERED."""
    if value is None or value == "":
        return Cell()
    if not isinstance(value, str) or option == "RAW":
        return Cell(value=value)
    return _typed(value)


def _typed(text: str) -> Cell:
    if text.startswith("'"):
        return Cell(value=text[1:])
    if _NUMBER.match(text) and any(ch.isdigit() for ch in text):
        number = float(text.replace(",", "").rstrip("%")) / (100 if text.endswith("%") else 1)
        return Cell(value=int(number) if number.is_integer() else number)
    if text.startswith("=") and len(text) > 1:
        return Cell(value=FORMULA_VALUE, formula=text)
    if text[0] in "+-" and len(text) > 1:  # what a user types as "+1+2" Sheets stores as =+1+2
        return Cell(value=FORMULA_VALUE, formula="=" + text)
    if found := _ISO_DATE.match(text):
        return Cell(value=(date(*map(int, found.groups())) - _SERIAL_EPOCH).days)
    if text.upper() in ("TRUE", "FALSE"):
        return Cell(value=text.upper() == "TRUE")
    return Cell(value=text)


def rendered(cell: Cell, option: str) -> Scalar | None:
    """A cell's value under `valueRenderOption`. FORMATTED_VALUE renders numbers in the general
    format (number formats and date patterns are not applied here)."""
    if option == "FORMULA" and cell.formula:
        return cell.formula
    if option != "FORMATTED_VALUE" or cell.value is None or isinstance(cell.value, str):
        return cell.value
    if isinstance(cell.value, bool):
        return "TRUE" if cell.value else "FALSE"
    return f"{cell.value:.15g}"


def trimmed(values: list[list[Any]]) -> list[list[Any]]:
    """Trailing empty cells and rows are left out of every values response, as Sheets does."""
    rows = [_trim(row) for row in values]
    return _trim(rows, empty=[])


def _trim(items: list[Any], empty: Any = None) -> list[Any]:
    end = len(items)
    while end and items[end - 1] in (empty, ""):
        end -= 1
    return [("" if item is None else item) for item in items[:end]]
