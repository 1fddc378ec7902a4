"""What the Review tab's cells may hold and how they look, as Sheets API bodies: number
formats by column type, data validation, and the template's conditional formats."""

import re
from typing import Any

from gspread.utils import convert_hex_to_colors_dict, rowcol_to_a1

from mailroom.adapters.google.sheets_template import ColumnType, ConditionalFormat, ReviewTab

Json = dict[str, Any]
REVIEW_ID = 0  # the Review tab's sheetId, chosen at create

NUMBER_FORMATS: dict[ColumnType, Json] = {
    "text": {"type": "TEXT"},
    "status": {"type": "TEXT"},
    "link": {"type": "TEXT"},
    "date": {"type": "DATE", "pattern": "yyyy-mm-dd"},
    "datetime": {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm:ss"},  # UTC, the sheet's zone
    "amount": {"type": "NUMBER", "pattern": "#,##0.00"},
    "number": {"type": "NUMBER", "pattern": "0.000"},
}
_WHEN = re.compile(r"^(\w+)\s*(<>|<=|>=|=|<|>)\s*(.+)$")


def status_rule(review: ReviewTab) -> Json:
    return {
        "condition": {
            "type": "ONE_OF_LIST",
            "values": [{"userEnteredValue": v} for v in review.status_values],
        },
        "strict": True,
        "showCustomUi": True,
        "inputMessage": "Set APPROVED, REJECTED or ON_HOLD to decide",
    }


def validation_rule(review: ReviewTab, start: int, kind: ColumnType) -> Json | None:
    if kind == "status":
        return status_rule(review)
    if kind in ("date", "datetime"):
        return {
            "condition": {"type": "DATE_IS_VALID"},
            "strict": True,
            "inputMessage": "A date, e.g. 2026-01-31",
        }
    if kind in ("amount", "number"):  # relative to the range's first cell, as a typed formula is
        formula = f"=ISNUMBER({rowcol_to_a1(review.frozen_rows + 1, start + 1)})"
        return {
            "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": formula}]},
            "strict": True,
            "inputMessage": "A number, e.g. 1234.56",
        }
    return None


def conditional_formula(review: ReviewTab, when: str) -> str:
    """`status = ERROR` → `=$B2="ERROR"`. A comparison with a number skips blank cells, which a
    formula reads as 0: without that every row with no confidence yet would be coloured."""
    found = _WHEN.match(when)
    if found is None:
        raise ValueError(f"conditional format '{when}': expected '<column> <op> <value>'")
    name, operator, value = found.groups()
    position = [c.name for c in review.columns].index(name)
    cell = "$" + rowcol_to_a1(review.frozen_rows + 1, position + 1)
    if review.column(name).type in ("amount", "number"):
        return f'=AND({cell}<>"",{cell}{operator}{value})'
    return f'={cell}{operator}"{value.replace(chr(34), chr(34) * 2)}"'


def conditional_rule(review: ReviewTab, index: int, rule: ConditionalFormat) -> Json:
    """Rules keep the template's order: Sheets uses the first that matches (index 0 first)."""
    if rule.column:
        position = [c.name for c in review.columns].index(rule.column)
        target = review_columns(review, position, position + 1)
    else:
        target = review_columns(review, 0, len(review.columns))
    condition = {
        "type": "CUSTOM_FORMULA",
        "values": [{"userEnteredValue": conditional_formula(review, rule.when)}],
    }
    return {
        "addConditionalFormatRule": {
            "index": index,
            "rule": {
                "ranges": [target],
                "booleanRule": {
                    "condition": condition,
                    "format": {"backgroundColor": convert_hex_to_colors_dict(rule.background)},
                },
            },
        }
    }


def review_columns(review: ReviewTab, start: int, end: int) -> Json:
    """Columns [start, end) of the Review tab below the header, to the end of the grid."""
    return {
        "sheetId": REVIEW_ID,
        "startRowIndex": review.frozen_rows,
        "startColumnIndex": start,
        "endColumnIndex": end,
    }


def column_letter(position: int) -> str:
    """The A1 letters of a 0-based column position: 0 → A, 27 → AB."""
    return str(rowcol_to_a1(1, position + 1)).rstrip("1")
