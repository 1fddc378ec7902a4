"""A Sheets API v4 stand-in: the subset gspread calls for the staging sheet, on the real paths.

Spreadsheets: `POST /v4/spreadsheets` (create), `GET /v4/spreadsheets/{id}` (with
`includeGridData` and `ranges`; `fields` masks are not applied, the whole resource comes back),
`POST …/{id}:batchUpdate` (see sheets_requests). Values: `get`, `batchGet`, `update`,
`batchUpdate`, `append`, `clear`, with A1 ranges, `valueInputOption` RAW or USER_ENTERED,
`valueRenderOption`, `majorDimension` (ROWS and COLUMNS to read, ROWS to write), and trailing
empty cells left out. Every body and query parameter is checked against the discovery document.

Quotas as Google applies them: reads and writes each 60 a minute per user (the Authorization
header; none is one anonymous user), answered past that with 429 RESOURCE_EXHAUSTED; `clock`
is injectable so a test can let a minute pass. Faults and request counts come from StandIn.

Point gspread at it with `mailroom.adapters.google.sheets_client.sheets_client(endpoint=URL)`,
which mounts a transport adapter that sends gspread's https://sheets.googleapis.com requests here."""

import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from copy import deepcopy
from typing import Any

from flask import Response, jsonify, request

from mailroom.standins.server import StandIn, google_error
from mailroom.standins.sheets_grid import Box, Cell, Spreadsheet, Tab, entered, parse_a1, rendered, trimmed
from mailroom.standins.sheets_requests import apply_all
from mailroom.standins.sheets_schema import body_problems, parameter_problems

Json = dict[str, Any]


class _Missing(Exception):
    """A spreadsheet id the stand-in does not hold: 404."""


class Quota:
    """A sliding one-minute window per (user, kind)."""

    def __init__(self, per_minute: int, clock: Callable[[], float]) -> None:
        self.per_minute, self._clock = per_minute, clock
        self._seen: defaultdict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def admit(self, user: str, kind: str) -> bool:
        with self._lock:
            now, seen = self._clock(), self._seen[user, kind]
            while seen and seen[0] <= now - 60:
                seen.popleft()
            if len(seen) >= self.per_minute:
                return False
            seen.append(now)
            return True


class SheetsStandIn(StandIn):
    def __init__(self, *, per_minute: int = 60, clock: Callable[[], float] = time.monotonic, **kwargs: Any) -> None:
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.quota = Quota(per_minute, clock)
        self._lock = threading.Lock()  # one request changes a spreadsheet at a time, as on Google
        super().__init__(**kwargs)

    def cell(self, spreadsheet_id: str, a1: str) -> Cell:
        """One stored cell, for tests to look past what the API renders."""
        box = parse_a1(a1, self.spreadsheets[spreadsheet_id].tabs)
        return box.tab.rows[box.row0][box.col0]

    def _find(self, spreadsheet_id: str) -> Spreadsheet:
        if spreadsheet_id not in self.spreadsheets:
            raise _Missing(spreadsheet_id)
        return self.spreadsheets[spreadsheet_id]

    def routes(self) -> None:
        self.app.before_request(self._admit)
        self.app.register_error_handler(ValueError, lambda exc: google_error(400, str(exc)))
        self.app.register_error_handler(_Missing, lambda exc: google_error(404, "Requested entity was not found."))
        base = "/v4/spreadsheets"
        for rule, name, method, view in (
            (base, "spreadsheets.create", "POST", self._create),
            (base + "/<sid>", "spreadsheets.get", "GET", self._get),
            (base + "/<sid>:batchUpdate", "spreadsheets.batchUpdate", "POST", self._batch_update),
            (base + "/<sid>/values:batchGet", "values.batchGet", "GET", self._values_batch_get),
            (base + "/<sid>/values:batchUpdate", "values.batchUpdate", "POST", self._values_batch_update),
            (base + "/<sid>/values/<path:a1>:append", "values.append", "POST", self._values_append),
            (base + "/<sid>/values/<path:a1>:clear", "values.clear", "POST", self._values_clear),
            (base + "/<sid>/values/<path:a1>", "values.get", "GET", self._values_get),
            (base + "/<sid>/values/<path:a1>", "values.update", "PUT", self._values_update),
        ):
            self.app.add_url_rule(rule, name, self._locked(view), methods=[method])

    def _admit(self) -> Response | None:
        kind = "Read" if request.method == "GET" else "Write"
        if self.quota.admit(request.headers.get("Authorization", "anonymous"), kind):
            return None
        return google_error(429, f"Quota exceeded for quota metric '{kind} requests' and limit '{kind} "
                                 "requests per minute per user' of service 'sheets.googleapis.com'.")

    def _locked(self, view: Callable[..., Json]) -> Callable[..., Response]:
        def locked(**path: str) -> Response:
            with self._lock:
                return jsonify(view(**path))
        return locked

    def _checked(self, method: str, schema: str | None = None) -> Json:
        body = request.get_json(silent=True) or {}
        problems = parameter_problems(method, request.args.to_dict(flat=False))
        problems += body_problems(body, schema) if schema else []
        if problems:
            raise ValueError("; ".join(problems))
        return body

    def _create(self) -> Json:
        body = self._checked("create", "Spreadsheet")
        tabs = [Tab.new({"sheetId": 0 if n == 0 else secrets.randbelow(2**31), "index": n, "sheetType": "GRID",
                         **deepcopy(sheet.get("properties", {}))})
                for n, sheet in enumerate(body.get("sheets") or [{"properties": {"title": "Sheet1"}}])]
        properties = {"locale": "en_US", "timeZone": "Etc/GMT", **body.get("properties", {})}
        spreadsheet = Spreadsheet(secrets.token_urlsafe(30), properties, tabs)
        self.spreadsheets[spreadsheet.spreadsheet_id] = spreadsheet
        return _spreadsheet_json(spreadsheet, [])

    def _get(self, sid: str) -> Json:
        self._checked("get")
        spreadsheet = self._find(sid)
        if request.args.get("includeGridData") != "true":
            return _spreadsheet_json(spreadsheet, [])
        ranges = request.args.getlist("ranges")
        return _spreadsheet_json(spreadsheet, [parse_a1(a1, spreadsheet.tabs) for a1 in ranges]
                                 or [Box(tab) for tab in spreadsheet.tabs])

    def _batch_update(self, sid: str) -> Json:
        body = request.get_json(silent=True) or {}
        replies = apply_all(self._find(sid), body)
        return {"spreadsheetId": sid, "replies": replies}

    def _values_get(self, sid: str, a1: str) -> Json:
        self._checked("values.get")
        return _value_range(parse_a1(a1, self._find(sid).tabs), request.args)

    def _values_batch_get(self, sid: str) -> Json:
        self._checked("values.batchGet")
        tabs = self._find(sid).tabs
        return {"spreadsheetId": sid,
                "valueRanges": [_value_range(parse_a1(a1, tabs), request.args) for a1 in request.args.getlist("ranges")]}

    def _values_update(self, sid: str, a1: str) -> Json:
        body = self._checked("values.update", "ValueRange")
        box = parse_a1(a1, self._find(sid).tabs)
        return {"spreadsheetId": sid, **_write(box, body, request.args["valueInputOption"])}

    def _values_batch_update(self, sid: str) -> Json:
        body = self._checked("values.batchUpdate", "BatchUpdateValuesRequest")
        if "valueInputOption" not in body:
            raise ValueError("'valueInputOption' is required")
        tabs = self._find(sid).tabs
        boxes = [parse_a1(data["range"], tabs) for data in body.get("data", [])]  # all parse, or none is written
        responses = [{"spreadsheetId": sid, **_write(box, data, body["valueInputOption"])}
                     for box, data in zip(boxes, body.get("data", []), strict=True)]
        return {"spreadsheetId": sid, "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
                "totalUpdatedRows": sum(r["updatedRows"] for r in responses), "responses": responses}

    def _values_append(self, sid: str, a1: str) -> Json:
        """The "table" is the run of non-empty rows from the range's first row; the values go
        after it. INSERT_ROWS inserts rows there (inheriting the format of the row above),
        OVERWRITE (the default) writes into the rows there."""
        body = self._checked("values.append", "ValueRange")
        box = parse_a1(a1, self._find(sid).tabs)
        tab, end = box.tab, box.row0
        while end < len(tab.rows) and not tab.row_is_empty(end, box.col0, box.col1):
            end += 1
        values = body.get("values", [])
        if request.args.get("insertDataOption") == "INSERT_ROWS" and end < len(tab.rows):
            model = tab.rows[max(end - 1, 0)]
            tab.rows[end:end] = [[cell.blank() for cell in model] for _ in values]
        target = Box(tab, end, None, box.col0, None)
        return {"spreadsheetId": sid, "updates": {"spreadsheetId": sid, **_write(target, body, request.args["valueInputOption"])}}

    def _values_clear(self, sid: str, a1: str) -> Json:
        box = parse_a1(a1, self._find(sid).tabs)
        row0, row1, col0, col1 = box.clipped()
        for row in box.tab.rows[row0:row1]:
            for cell in row[col0:col1]:
                cell.value = cell.formula = None
        return {"spreadsheetId": sid, "clearedRange": box.a1()}


def _write(box: Box, body: Json, option: str) -> Json:
    """Writes ROWS-major values from the box's top-left cell; null leaves a cell as it is."""
    values = body.get("values", [])
    if body.get("majorDimension", "ROWS") != "ROWS":
        raise ValueError("the stand-in writes majorDimension ROWS only")
    width = max((len(row) for row in values), default=0)
    single_cell = box.row1 == box.row0 + 1 and box.col1 == box.col0 + 1  # a start, as Sheets takes it
    if not single_cell and (box.row1 is not None and box.row0 + len(values) > box.row1
                            or box.col1 is not None and box.col0 + width > box.col1):
        raise ValueError(f"Requested writing within range [{box.a1()}], but tried writing beyond it")
    box.tab.grow(box.row0 + len(values), box.col0 + width)
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if value is not None:
                cell, typed = box.tab.rows[box.row0 + i][box.col0 + j], entered(value, option)
                cell.value, cell.formula = typed.value, typed.formula
    written = Box(box.tab, box.row0, box.row0 + max(len(values), 1), box.col0, box.col0 + max(width, 1))
    return {"updatedRange": written.a1(), "updatedRows": len(values), "updatedColumns": width,
            "updatedCells": sum(len(row) for row in values)}


def _value_range(box: Box, args: Any) -> Json:
    row0, row1, col0, col1 = box.clipped()
    render, major = args.get("valueRenderOption", "FORMATTED_VALUE"), args.get("majorDimension", "ROWS")
    values = [[rendered(cell, render) for cell in row[col0:col1]] for row in box.tab.rows[row0:row1]]
    if major == "COLUMNS":
        values = [list(column) for column in zip(*values, strict=True)]
    found = trimmed(values)
    return {"range": box.a1(), "majorDimension": major, **({"values": found} if found else {})}


def _spreadsheet_json(spreadsheet: Spreadsheet, grid: list[Box]) -> Json:
    sheets = []
    for tab in spreadsheet.tabs:
        properties = deepcopy(tab.properties)
        properties["gridProperties"].update(rowCount=len(tab.rows), columnCount=tab.column_count)
        sheet: Json = {"properties": properties, "protectedRanges": tab.protected_ranges,
                       "conditionalFormats": tab.conditional_formats}
        if tab.basic_filter:
            sheet["basicFilter"] = tab.basic_filter
        if boxes := [box for box in grid if box.tab is tab]:
            sheet["data"] = [_grid_data(box) for box in boxes]
        sheets.append(sheet)
    return {"spreadsheetId": spreadsheet.spreadsheet_id, "properties": spreadsheet.properties, "sheets": sheets,
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{spreadsheet.spreadsheet_id}/edit"}


def _grid_data(box: Box) -> Json:
    row0, row1, col0, col1 = box.clipped()
    rows = [{"values": [_cell_data(cell) for cell in row[col0:col1]]} for row in box.tab.rows[row0:row1]]
    return {"startRow": row0, "startColumn": col0, "rowData": rows}


def _cell_data(cell: Cell) -> Json:
    data: Json = {}
    if cell.value is not None:
        kind = {bool: "boolValue", str: "stringValue"}.get(type(cell.value), "numberValue")
        data["userEnteredValue"] = {"formulaValue": cell.formula} if cell.formula else {kind: cell.value}
        data["effectiveValue"] = {kind: cell.value}
        data["formattedValue"] = rendered(cell, "FORMATTED_VALUE")
    for name, value in (("note", cell.note), ("dataValidation", cell.validation), ("userEnteredFormat", cell.format)):
        if value:
            data[name] = value
    return data
