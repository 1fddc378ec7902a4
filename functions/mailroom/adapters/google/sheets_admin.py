"""`mailroom sheet create` and `mailroom sheet check`, on gspread.

create: `spreadsheets.create` with the template's tabs, then one `spreadsheets.batchUpdate`
laying them out (sheets_layout). check: reads the header rows and the first data row's
validation and reports how the live sheet differs from the template. A column a reviewer moved
is reported although the adapter copes (it finds columns by header), because the template's
formats, validation and protection were laid out for the template's order."""

from typing import Any

import gspread
from gspread.urls import SPREADSHEETS_API_V4_BASE_URL
from gspread.utils import absolute_range_name

from mailroom.adapters.google.sheets_calls import DEFAULT_BACKOFF, Backoff, call
from mailroom.adapters.google.sheets_client import open_spreadsheet
from mailroom.adapters.google.sheets_layout import create_body, layout_requests
from mailroom.adapters.google.sheets_rules import column_letter, status_rule
from mailroom.adapters.google.sheets_template import ReviewTab, Template

Json = dict[str, Any]


def create_spreadsheet(
    client: gspread.Client,
    template: Template,
    title: str,
    editors: list[str],
    backoff: Backoff = DEFAULT_BACKOFF,
) -> gspread.Spreadsheet:
    """`editors`: who may write the protected ranges besides the creator, i.e. the pipeline's
    service account when a person runs this command."""
    body = create_body(template, title)
    created = call(
        "create spreadsheet",
        lambda: client.http_client.request("post", SPREADSHEETS_API_V4_BASE_URL, json=body).json(),
        backoff,
        idempotent=False,
    )
    spreadsheet = open_spreadsheet(client, created["spreadsheetId"], backoff)
    requests = layout_requests(template, editors)
    call("lay out spreadsheet", lambda: spreadsheet.batch_update({"requests": requests}), backoff)
    return spreadsheet


def check_spreadsheet(
    spreadsheet: gspread.Spreadsheet, template: Template, backoff: Backoff = DEFAULT_BACKOFF
) -> list[str]:
    """What differs from the template, one readable line each; empty when the sheet is as built."""
    titles = [
        sheet["properties"]["title"]
        for sheet in call("read spreadsheet", spreadsheet.fetch_sheet_metadata, backoff)["sheets"]
    ]
    tabs = template.tabs
    expected = {
        tab.title: rows
        for tab, rows in ((tabs.review, "1:2"), (tabs.lines, "1:1"), (tabs.log, "1:1"))
    }
    problems = [f"tab '{title}' is missing" for title in expected if title not in titles]
    ranges = [
        absolute_range_name(title, rows) for title, rows in expected.items() if title in titles
    ]
    params = {"includeGridData": "true", "ranges": ranges}
    found = call("read headers", lambda: spreadsheet.fetch_sheet_metadata(params), backoff)[
        "sheets"
    ]
    grids = {sheet["properties"]["title"]: sheet for sheet in found if "data" in sheet}
    if review := grids.get(tabs.review.title):
        problems += _review_drift(tabs.review, review)
    for tab in (tabs.lines, tabs.log):
        if tab.title in grids and (live := _texts(_cells(grids[tab.title], 0))) != tab.columns:
            problems.append(
                f"tab '{tab.title}': columns are {live}, the template has {tab.columns}"
            )
    return problems


def _review_drift(review: ReviewTab, sheet: Json) -> list[str]:
    header = _texts(_cells(sheet, 0))
    where, known = f"tab '{review.title}'", {column.header for column in review.columns}
    present = [
        (position, header.index(c.header))
        for position, c in enumerate(review.columns)
        if c.header in header
    ]
    in_order = _longest_in_order([at for _, at in present])
    problems = [
        f"{where}: column '{review.columns[position].header}' is in {column_letter(at)}, "
        f"the template puts it in {column_letter(position)}"
        for n, (position, at) in enumerate(present)
        if n not in in_order
    ]
    renamed = set()
    for position, column in enumerate(review.columns):
        if column.header in header:
            continue
        if position < len(header) and header[position] not in known:
            renamed.add(position)
            problems.append(
                f"{where}: column {column_letter(position)} is '{header[position]}', "
                f"the template calls it '{column.header}' (renamed?)"
            )
        else:
            problems.append(f"{where}: column '{column.header}' is missing")
    problems += [
        f"{where}: column {column_letter(at)} '{text}' is not in the template"
        for at, text in enumerate(header)
        if text and text not in known and at not in renamed
    ]
    frozen = sheet["properties"].get("gridProperties", {}).get("frozenRowCount", 0)
    if frozen != review.frozen_rows:
        problems.append(f"{where}: {frozen} frozen rows, the template has {review.frozen_rows}")
    status, cells = review.column("status").header, _cells(sheet, 1)
    if status in header:
        at = header.index(status)
        rule = cells[at].get("dataValidation", {}) if at < len(cells) else {}
        # A reworded input message is no drift; other choices, or none, are.
        if rule.get("condition") != status_rule(review)["condition"] or not rule.get("strict"):
            problems.append(f"{where}: the status column has no strict dropdown of the statuses")
    return problems


def _longest_in_order(positions: list[int]) -> set[int]:
    """Indexes of a longest increasing run of live positions (not necessarily adjacent): the
    columns still in template order. The others are the ones moved, so one column dragged
    elsewhere is one finding, not one per column it shifted."""
    best, previous = [1] * len(positions), [-1] * len(positions)
    for i, at in enumerate(positions):
        for j in range(i):
            if positions[j] < at and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    index = max(range(len(positions)), key=best.__getitem__, default=-1)
    kept = set()
    while index >= 0:
        kept.add(index)
        index = previous[index]
    return kept


def _cells(sheet: Json, row: int) -> list[Json]:
    rows = sheet["data"][0].get("rowData", [])
    return list(rows[row].get("values", [])) if row < len(rows) else []


def _texts(cells: list[Json]) -> list[str]:
    texts = [str(cell.get("formattedValue", "")) for cell in cells]
    while texts and not texts[-1]:
        texts.pop()  # the grid goes on past the last header
    return texts
