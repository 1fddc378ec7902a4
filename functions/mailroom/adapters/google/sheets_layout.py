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

from typing import Any, TypeVar

from mailroom.adapters.google.sheets_rules import (
    NUMBER_FORMATS,
    REVIEW_ID,
    conditional_rule,
    review_columns,
    validation_rule,
)
from mailroom.adapters.google.sheets_template import Template

Json = dict[str, Any]
T = TypeVar("T")
LINES_ID, LOG_ID = 1, 2


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
                    "range": review_columns(review, start, end),
                    "fields": "userEnteredFormat.numberFormat",
                    "cell": {"userEnteredFormat": {"numberFormat": NUMBER_FORMATS[kind]}},
                }
            }
        )
        if rule := validation_rule(review, start, kind):
            requests.append(
                {"setDataValidation": {"range": review_columns(review, start, end), "rule": rule}}
            )
    requests += [
        conditional_rule(review, index, rule)
        for index, rule in enumerate(review.conditional_formats)
    ]
    requests.append({"setBasicFilter": {"filter": {"range": {"sheetId": REVIEW_ID}}}})
    requests += [
        _protect(review_columns(review, start, end), "system columns", editors)
        for start, end, protected in _runs([c.protected for c in review.columns])
        if protected
    ]
    requests += [
        _protect({"sheetId": sheet_id}, "written by mailroom only", editors)
        for sheet_id in (LINES_ID, LOG_ID)
    ]
    return requests


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


def _runs(values: list[T]) -> list[tuple[int, int, T]]:
    """Runs of equal neighbours as (start, end, value): one request per run, not per column."""
    runs: list[tuple[int, int, T]] = []
    for index, value in enumerate(values):
        if runs and runs[-1][2] == value:
            runs[-1] = (runs[-1][0], index + 1, value)
        else:
            runs.append((index, index + 1, value))
    return runs
