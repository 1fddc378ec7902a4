"""The `spreadsheets.batchUpdate` request kinds the stand-in applies: the ones `mailroom sheet
create` sends, and the ones a reviewer's hands produce (sorting, inserting and moving rows and
columns), so tests can play the reviewer through the real API.

The whole call is checked before anything is applied (Sheets applies all requests or none):
every field against the discovery schema, every kind against `schemas.Request`, and every
sheetId against the spreadsheet. A valid kind this stand-in does not apply is refused with 400,
never ignored. Simplifications: protected ranges and conditional formats keep their ranges when
rows or columns move, and format field masks apply at their first level (`userEnteredFormat`)."""

from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

from mailroom.standins.sheets_cells import FORMULA_VALUE
from mailroom.standins.sheets_grid import Box, Cell, Spreadsheet, Tab
from mailroom.standins.sheets_schema import body_problems

Reply = dict[str, Any]
_protected_range_ids = count(1_000_001)


def apply_all(spreadsheet: Spreadsheet, body: dict[str, Any]) -> list[Reply]:
    """Raises ValueError, answered with 400, before changing anything when a request is wrong."""
    problems = body_problems(body, "BatchUpdateSpreadsheetRequest")
    requests = body.get("requests", [])
    for index, request in enumerate(requests):
        kinds = list(request)
        if len(kinds) != 1:
            problems.append(f"requests[{index}] must set exactly one kind, not {kinds}")
        elif kinds[0] not in _APPLIERS:
            problems.append(f"requests[{index}]: the stand-in does not apply '{kinds[0]}'")
    for sheet_id in set(_sheet_ids(requests)):
        spreadsheet.tab(sheet_id)  # raises ValueError for a tab that does not exist
    if problems:
        raise ValueError("; ".join(problems))
    return [
        _APPLIERS[kind](spreadsheet, inner)
        for request in requests
        for kind, inner in request.items()
    ]


def _sheet_ids(value: Any) -> Iterator[int]:
    if isinstance(value, dict):
        if "sheetId" in value:
            yield value["sheetId"]
        for inner in value.values():
            yield from _sheet_ids(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _sheet_ids(inner)


def _box(spreadsheet: Spreadsheet, grid_range: dict[str, Any]) -> Box:
    return Box(
        spreadsheet.tab(grid_range.get("sheetId")),
        grid_range.get("startRowIndex", 0),
        grid_range.get("endRowIndex"),
        grid_range.get("startColumnIndex", 0),
        grid_range.get("endColumnIndex"),
    )


def _cells(box: Box) -> Iterator[Cell]:
    row0, row1, col0, col1 = box.clipped()
    for row in box.tab.rows[row0:row1]:
        yield from row[col0:col1]


def _set_fields(cell: Cell, data: dict[str, Any], fields: str) -> None:
    names = {path.strip().split(".")[0] for path in fields.split(",")}
    everything = "*" in names
    if everything or "userEnteredValue" in names:
        value = data.get("userEnteredValue") or {}
        cell.formula = value.get("formulaValue")
        cell.value = FORMULA_VALUE if cell.formula else next(iter(value.values()), None)
    if everything or "note" in names:
        cell.note = data.get("note")
    if everything or "dataValidation" in names:
        cell.validation = data.get("dataValidation")
    if everything or "userEnteredFormat" in names:
        cell.format = {**(cell.format or {}), **data.get("userEnteredFormat", {})}


def _update_sheet_properties(spreadsheet: Spreadsheet, body: dict[str, Any]) -> Reply:
    tab = spreadsheet.tab(body["properties"].get("sheetId"))
    for path in body["fields"].split(","):
        *parents, name = path.strip().split(".")
        source, target = body["properties"], tab.properties
        for parent in parents:
            source, target = source.get(parent, {}), target.setdefault(parent, {})
        if parents == ["gridProperties"] and name in ("rowCount", "columnCount"):
            _resize(tab, source.get(name, 0), name)
        else:
            target[name] = source.get(name)
    return {}


def _resize(tab: Tab, size: int, dimension: str) -> None:
    if dimension == "rowCount":
        del tab.rows[size:]
        tab.grow(size, tab.column_count)
    else:
        for row in tab.rows:
            del row[size:]
        tab.grow(len(tab.rows), size)


def _update_cells(spreadsheet: Spreadsheet, body: dict[str, Any]) -> Reply:
    start = body.get("start") or body.get("range") or {}
    tab = spreadsheet.tab(start.get("sheetId"))
    row0 = start.get("rowIndex", start.get("startRowIndex", 0))
    col0 = start.get("columnIndex", start.get("startColumnIndex", 0))
    for i, row in enumerate(body.get("rows", [])):
        for j, data in enumerate(row.get("values", [])):
            tab.grow(row0 + i + 1, col0 + j + 1)
            _set_fields(tab.rows[row0 + i][col0 + j], data, body["fields"])
    return {}


def _repeat_cell(spreadsheet: Spreadsheet, body: dict[str, Any]) -> Reply:
    for cell in _cells(_box(spreadsheet, body["range"])):
        _set_fields(cell, body["cell"], body["fields"])
    return {}


def _set_data_validation(spreadsheet: Spreadsheet, body: dict[str, Any]) -> Reply:
    for cell in _cells(_box(spreadsheet, body["range"])):
        cell.validation = body.get("rule")
    return {}


def _add_conditional_format_rule(spreadsheet: Spreadsheet, body: dict[str, Any]) -> Reply:
    rule = body["rule"]
    tab = spreadsheet.tab(rule["ranges"][0].get("sheetId"))
    tab.conditional_formats.insert(body.get("index", len(tab.conditional_formats)), rule)
    return {}


def _add_protected_range(spreadsheet: Spreadsheet, body: dict[str, Any]) -> Reply:
    protected = {**body["protectedRange"], "protectedRangeId": next(_protected_range_ids)}
    spreadsheet.tab(protected["range"].get("sheetId")).protected_ranges.append(protected)
    return {"addProtectedRange": {"protectedRange": protected}}


def _set_basic_filter(spreadsheet: Spreadsheet, body: dict[str, Any]) -> Reply:
    spreadsheet.tab(body["filter"]["range"].get("sheetId")).basic_filter = body["filter"]
    return {}


def _insert_dimension(spreadsheet: Spreadsheet, body: dict[str, Any]) -> Reply:
    span = body["range"]
    tab, start, end = spreadsheet.tab(span.get("sheetId")), span["startIndex"], span["endIndex"]
    side = start - 1 if body.get("inheritFromBefore") else start  # whose format the new ones get
    if span["dimension"] == "ROWS":
        model = tab.rows[min(side, len(tab.rows) - 1)]
        tab.rows[start:start] = [[cell.blank() for cell in model] for _ in range(end - start)]
    else:
        for row in tab.rows:
            row[start:start] = [row[min(side, len(row) - 1)].blank() for _ in range(end - start)]
    return {}


def _move_dimension(spreadsheet: Spreadsheet, body: dict[str, Any]) -> Reply:
    """`destinationIndex` counts in the grid as it was before the source was taken out."""
    span, destination = body["source"], body["destinationIndex"]
    tab, start, end = spreadsheet.tab(span.get("sheetId")), span["startIndex"], span["endIndex"]
    target = destination - (end - start) if destination > start else destination
    for items in [tab.rows] if span["dimension"] == "ROWS" else tab.rows:
        moved = items[start:end]
        del items[start:end]
        items[target:target] = moved
    return {}


def _sort_range(spreadsheet: Spreadsheet, body: dict[str, Any]) -> Reply:
    """Blank cells sort last in either order, as in Sheets; numbers before text before booleans."""
    box = _box(spreadsheet, body["range"])
    row0, row1, col0, col1 = box.clipped()
    block = [row[col0:col1] for row in box.tab.rows[row0:row1]]
    for spec in reversed(body.get("sortSpecs", [])):
        column = spec.get("dimensionIndex", 0) - col0
        filled = [line for line in block if line[column].value is not None]
        filled.sort(
            key=lambda line: _rank(line[column].value),
            reverse=spec.get("sortOrder") == "DESCENDING",
        )
        block = filled + [line for line in block if line[column].value is None]
    for row, line in zip(box.tab.rows[row0:row1], block, strict=True):
        row[col0:col1] = line
    return {}


def _rank(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return 2, value
    return (1, value.casefold()) if isinstance(value, str) else (0, value)


_APPLIERS: dict[str, Callable[[Spreadsheet, dict[str, Any]], Reply]] = {
    "updateSheetProperties": _update_sheet_properties,
    "updateCells": _update_cells,
    "repeatCell": _repeat_cell,
    "setDataValidation": _set_data_validation,
    "addConditionalFormatRule": _add_conditional_format_rule,
    "addProtectedRange": _add_protected_range,
    "setBasicFilter": _set_basic_filter,
    "insertDimension": _insert_dimension,
    "moveDimension": _move_dimension,
    "sortRange": _sort_range,
}
