"""The staging spreadsheet as the template describes it, as Sheets API bodies:
`create_body` for `spreadsheets.create` (the tabs), `layout_requests` for the one
`spreadsheets.batchUpdate` that lays them out (Sheets applies it whole or not at all):

- a bold header row with the column notes, frozen; exactly the template's columns;
- number formats by column type: TEXT for text, so a reviewer typing 00123 or 1/2 keeps that
  text instead of getting a number or a date; dates and amounts as the adapter writes them;
- strict validation: the status dropdown, valid dates in date columns, numbers in amount
  columns, so what a reviewer types can always be read back;
- the conditional formats, a filter for reviewers to sort and filter with;
- protection of the header rows, the system columns and the Lines and Log tabs, which only
  mailroom (the spreadsheet's owner and the `editors` given) may change."""

import re
from typing import Any, TypeVar

from gspread.utils import convert_hex_to_colors_dict, rowcol_to_a1

from mailroom.adapters.google.sheets_template import (
    ColumnType,
    ConditionalFormat,
    ReviewTab,
    Template,
)

Json = dict[str, Any]
T = TypeVar("T")
REVIEW_ID, LINES_ID, LOG_ID = 0, 1, 2

NUMBER_FORMATS: dict[ColumnType, Json] = {
    "text": {"type": "TEXT"},
    "status": {"type": "TEXT"},
    "link": {"type": "TEXT"},
    "date": {"type": "DATE", "pattern": "yyyy-mm-dd"},
    "datetime": {
        "type": "DATE_TIME",
        "pattern": "yyyy-mm-dd hh:mm:ss",
    },  # UTC: the spreadsheet's zone
    "amount": {"type": "NUMBER", "pattern": "#,##0.00"},
    "number": {"type": "NUMBER", "pattern": "0.000"},
}
_WHEN = re.compile(r"^(\w+)\s*(<>|<=|>=|=|<|>)\s*(.+)$")


def create_body(template: Template, title: str) -> Json:
    tabs = template.tabs
    return {
        "properties": {"title": title, "timeZone": "Etc/UTC"},
        "sheets": [
            {"properties": {"sheetId": sheet_id, "title": tab.title}}
            for sheet_id, tab in (
                (REVIEW_ID, tabs.review),
                (LINES_ID, tabs.lines),
                (LOG_ID, tabs.log),
            )
        ],
    }


def layout_requests(template: Template, editors: list[str]) -> list[Json]:
    review, lines, log = template.tabs.review, template.tabs.lines, template.tabs.log
    headers = [
        (REVIEW_ID, [(c.header, c.note) for c in review.columns], review.frozen_rows),
        (LINES_ID, [(name, "") for name in lines.columns], 1),
        (LOG_ID, [(name, "") for name in log.columns], 1),
    ]
    requests: list[Json] = []
    for sheet_id, cells, frozen in headers:
        requests += [
            _grid(sheet_id, frozen, len(cells)),
            _header(sheet_id, cells),
            _protect(
                {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": frozen}, "header", editors
            ),
        ]
    types = [c.type for c in review.columns]
    for start, end, kind in _runs(types):
        requests.append(
            {
                "repeatCell": {
                    "range": _columns(review, start, end),
                    "fields": "userEnteredFormat.numberFormat",
                    "cell": {"userEnteredFormat": {"numberFormat": NUMBER_FORMATS[kind]}},
                }
            }
        )
        if rule := _validation(review, start, kind):
            requests.append(
                {"setDataValidation": {"range": _columns(review, start, end), "rule": rule}}
            )
    requests += [
        _conditional(review, index, rule) for index, rule in enumerate(review.conditional_formats)
    ]
    requests.append({"setBasicFilter": {"filter": {"range": {"sheetId": REVIEW_ID}}}})
    requests += [
        _protect(_columns(review, start, end), "system columns", editors)
        for start, end, protected in _runs([c.protected for c in review.columns])
        if protected
    ]
    requests += [
        _protect({"sheetId": sheet_id}, "written by mailroom only", editors)
        for sheet_id in (LINES_ID, LOG_ID)
    ]
    return requests


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


def _validation(review: ReviewTab, start: int, kind: ColumnType) -> Json | None:
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


def _conditional(review: ReviewTab, index: int, rule: ConditionalFormat) -> Json:
    """Rules keep the template's order: Sheets uses the first that matches (index 0 first)."""
    if rule.column:
        position = [c.name for c in review.columns].index(rule.column)
        target = _columns(review, position, position + 1)
    else:
        target = _columns(review, 0, len(review.columns))
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


def _grid(sheet_id: int, frozen: int, columns: int) -> Json:
    return {
        "updateSheetProperties": {
            "properties": {
                "sheetId": sheet_id,
                "gridProperties": {"frozenRowCount": frozen, "columnCount": columns},
            },
            "fields": "gridProperties.frozenRowCount,gridProperties.columnCount",
        }
    }


def _header(sheet_id: int, cells: list[tuple[str, str]]) -> Json:
    values = [
        {
            "userEnteredValue": {"stringValue": header},
            "note": note,
            "userEnteredFormat": {"textFormat": {"bold": True}},
        }
        for header, note in cells
    ]
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
            "rows": [{"values": values}],
            "fields": "userEnteredValue,note,userEnteredFormat.textFormat.bold",
        }
    }


def _protect(grid_range: Json, description: str, editors: list[str]) -> Json:
    protected: Json = {
        "range": grid_range,
        "description": f"mailroom: {description}",
        "warningOnly": False,
    }
    if editors:
        protected["editors"] = {"users": editors}
    return {"addProtectedRange": {"protectedRange": protected}}


def _columns(review: ReviewTab, start: int, end: int) -> Json:
    """Columns [start, end) of the Review tab below the header, to the end of the grid."""
    return {
        "sheetId": REVIEW_ID,
        "startRowIndex": review.frozen_rows,
        "startColumnIndex": start,
        "endColumnIndex": end,
    }


def _runs(values: list[T]) -> list[tuple[int, int, T]]:
    """Runs of equal neighbours as (start, end, value): one request per run, not per column."""
    runs: list[tuple[int, int, T]] = []
    for index, value in enumerate(values):
        if runs and runs[-1][2] == value:
            runs[-1] = (runs[-1][0], index + 1, value)
        else:
            runs.append((index, index + 1, value))
    return runs
