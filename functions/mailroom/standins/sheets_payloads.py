"""The Sheets stand-in's payloads: what a create or a values write does to the grid, and the
ValueRange and Spreadsheet resources it answers with."""

import secrets
from copy import deepcopy
from typing import Any

from mailroom.standins.sheets_cells import entered, rendered, trimmed
from mailroom.standins.sheets_grid import Box, Cell, Spreadsheet, Tab

Json = dict[str, Any]


def value_range(box: Box, args: Any) -> Json:
    row0, row1, col0, col1 = box.clipped()
    render, major = (
        args.get("valueRenderOption", "FORMATTED_VALUE"),
        args.get("majorDimension", "ROWS"),
    )
    values = [
        [rendered(cell, render) for cell in row[col0:col1]] for row in box.tab.rows[row0:row1]
    ]
    if major == "COLUMNS":
        values = [list(column) for column in zip(*values, strict=True)]
    found = trimmed(values)
    return {"range": box.a1(), "majorDimension": major, **({"values": found} if found else {})}


def spreadsheet_json(spreadsheet: Spreadsheet, grid: list[Box]) -> Json:
    sheets = []
    for tab in spreadsheet.tabs:
        properties = deepcopy(tab.properties)
        properties["gridProperties"].update(rowCount=len(tab.rows), columnCount=tab.column_count)
        sheet: Json = {
            "properties": properties,
            "protectedRanges": tab.protected_ranges,
            "conditionalFormats": tab.conditional_formats,
        }
        if tab.basic_filter:
            sheet["basicFilter"] = tab.basic_filter
        if boxes := [box for box in grid if box.tab is tab]:
            sheet["data"] = [_grid_data(box) for box in boxes]
        sheets.append(sheet)
    return {
        "spreadsheetId": spreadsheet.spreadsheet_id,
        "properties": spreadsheet.properties,
        "sheets": sheets,
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet.spreadsheet_id}/edit",
    }


def _grid_data(box: Box) -> Json:
    row0, row1, col0, col1 = box.clipped()
    rows = [
        {"values": [_cell_data(cell) for cell in row[col0:col1]]} for row in box.tab.rows[row0:row1]
    ]
    return {"startRow": row0, "startColumn": col0, "rowData": rows}


def _cell_data(cell: Cell) -> Json:
    data: Json = {}
    if cell.value is not None:
        kind = {bool: "boolValue", str: "stringValue"}.get(type(cell.value), "numberValue")
        data["userEnteredValue"] = (
            {"formulaValue": cell.formula} if cell.formula else {kind: cell.value}
        )
        data["effectiveValue"] = {kind: cell.value}
        data["formattedValue"] = rendered(cell, "FORMATTED_VALUE")
    for name, value in (
        ("note", cell.note),
        ("dataValidation", cell.validation),
        ("userEnteredFormat", cell.format),
    ):
        if value:
            data[name] = value
    return data


def write(box: Box, body: Json, option: str) -> Json:
    """Writes ROWS-major values from the box's top-left cell; null leaves a cell as it is."""
    values = body.get("values", [])
    if body.get("majorDimension", "ROWS") != "ROWS":
        raise ValueError("the stand-in writes majorDimension ROWS only")
    width = max((len(row) for row in values), default=0)
    single_cell = (
        box.row1 == box.row0 + 1 and box.col1 == box.col0 + 1
    )  # a start, as Sheets takes it
    if not single_cell and (
        box.row1 is not None
        and box.row0 + len(values) > box.row1
        or box.col1 is not None
        and box.col0 + width > box.col1
    ):
        raise ValueError(
            f"Requested writing within range [{box.a1()}], but tried writing beyond it"
        )
    box.tab.grow(box.row0 + len(values), box.col0 + width)
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if value is not None:
                cell, typed = box.tab.rows[box.row0 + i][box.col0 + j], entered(value, option)
                cell.value, cell.formula = typed.value, typed.formula
    written = Box(
        box.tab, box.row0, box.row0 + max(len(values), 1), box.col0, box.col0 + max(width, 1)
    )
    return {
        "updatedRange": written.a1(),
        "updatedRows": len(values),
        "updatedColumns": width,
        "updatedCells": sum(len(row) for row in values),
    }


def new_spreadsheet(body: Json, default_rows: int) -> Spreadsheet:
    """A `spreadsheets.create` body as a spreadsheet; ids as Google makes them (the first tab 0)."""
    sheets = body.get("sheets") or [{"properties": {"title": "Sheet1"}}]
    tabs = [
        Tab.new(
            {
                "sheetId": 0 if n == 0 else secrets.randbelow(2**31),
                "index": n,
                "sheetType": "GRID",
                **deepcopy(sheet.get("properties", {})),
            },
            default_rows,
        )
        for n, sheet in enumerate(sheets)
    ]
    properties = {"title": "Untitled spreadsheet", "locale": "en_US", "timeZone": "Etc/GMT"}
    return Spreadsheet(
        secrets.token_urlsafe(30), {**properties, **body.get("properties", {})}, tabs
    )


def append_target(box: Box, rows: int, insert: str | None) -> Box:
    """Where `values.append` writes: the "table" is the run of non-empty rows from the range's
    first row, and the values go after it. INSERT_ROWS inserts the rows there (with the format
    of the row above); OVERWRITE (the default) writes into the rows that are there."""
    tab, end = box.tab, box.row0
    while end < len(tab.rows) and not tab.row_is_empty(end, box.col0, box.col1):
        end += 1
    if insert == "INSERT_ROWS" and end < len(tab.rows):
        model = tab.rows[max(end - 1, 0)]
        tab.rows[end:end] = [[cell.blank() for cell in model] for _ in range(rows)]
    return Box(tab, end, None, box.col0, None)
