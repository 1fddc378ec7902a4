"""A Sheets API v4 stand-in: the subset gspread calls for the staging sheet, on the real paths.

Spreadsheets: `POST /v4/spreadsheets` (create), `GET /v4/spreadsheets/{id}` (with
`includeGridData` and `ranges`; `fields` masks are not applied, the whole resource comes back),
`POST …/{id}:batchUpdate` (see sheets_requests). Values: `get`, `batchGet`, `update`,
`batchUpdate`, `append`, `clear`, with A1 ranges, `valueInputOption` RAW or USER_ENTERED,
`valueRenderOption`, `majorDimension` (ROWS and COLUMNS to read, ROWS to write), and trailing
empty cells left out. Every body and query parameter is checked against the discovery document.
Not here: developer metadata and data filters (mailroom does not use them), formula evaluation
(a formula's value reads as FORMULA_VALUE), number formats in FORMATTED_VALUE, and
`dateTimeRenderOption` (dates always read as serial numbers).

Quotas as Google applies them: reads and writes each 60 a minute per user (the Authorization
header; none is one anonymous user), answered past that with 429 RESOURCE_EXHAUSTED; `clock`
is injectable so a test can let a minute pass. Faults and request counts come from StandIn.

Point gspread at it with `mailroom.adapters.google.sheets_client.sheets_client(endpoint=URL)`,
which mounts a transport adapter that sends gspread's https://sheets.googleapis.com requests here."""

import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Response, jsonify, request

from mailroom.standins.server import Faults, StandIn, google_error
from mailroom.standins.sheets_grid import Box, Cell, Spreadsheet, parse_a1
from mailroom.standins.sheets_payloads import (
    append_target,
    new_spreadsheet,
    spreadsheet_json,
    value_range,
    write,
)
from mailroom.standins.sheets_quota import Quota
from mailroom.standins.sheets_requests import apply_all
from mailroom.standins.sheets_schema import body_problems, parameter_problems

Json = dict[str, Any]


class _Missing(Exception):
    """A spreadsheet id the stand-in does not hold: 404."""


class SheetsStandIn(StandIn):
    def __init__(
        self,
        *,
        per_minute: int = 60,
        clock: Callable[[], float] = time.monotonic,
        default_rows: int = 1000,
        **kwargs: Any,
    ) -> None:
        """`default_rows`: the grid of a new tab, 1000 rows on Google; tests may take fewer,
        since every cell is an object here."""
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.default_rows = default_rows
        self.quota = Quota(per_minute, clock)
        self._lock = threading.Lock()  # one request changes a spreadsheet at a time, as on Google
        super().__init__(**kwargs)

    def reset(self) -> None:
        """Forget every spreadsheet, count and fault, so one served stand-in can start each test afresh."""
        self.spreadsheets.clear()
        self.requests.clear()
        self.faults = Faults()
        self.quota = Quota(self.quota.per_minute, self.quota.clock)

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
        self.app.register_error_handler(
            _Missing, lambda exc: google_error(404, "Requested entity was not found.")
        )
        base = "/v4/spreadsheets"
        for rule, name, method, view in (
            (base, "spreadsheets.create", "POST", self._create),
            (base + "/<sid>", "spreadsheets.get", "GET", self._get),
            (base + "/<sid>:batchUpdate", "spreadsheets.batchUpdate", "POST", self._batch_update),
            (base + "/<sid>/values:batchGet", "values.batchGet", "GET", self._values_batch_get),
            (
                base + "/<sid>/values:batchUpdate",
                "values.batchUpdate",
                "POST",
                self._values_batch_update,
            ),
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
        return google_error(
            429,
            f"Quota exceeded for quota metric '{kind} requests' and limit '{kind} "
            "requests per minute per user' of service 'sheets.googleapis.com'.",
        )

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
        spreadsheet = new_spreadsheet(body, self.default_rows)
        self.spreadsheets[spreadsheet.spreadsheet_id] = spreadsheet
        return spreadsheet_json(spreadsheet, [])

    def _get(self, sid: str) -> Json:
        self._checked("get")
        spreadsheet = self._find(sid)
        if request.args.get("includeGridData") != "true":
            return spreadsheet_json(spreadsheet, [])
        ranges = request.args.getlist("ranges")
        return spreadsheet_json(
            spreadsheet,
            [parse_a1(a1, spreadsheet.tabs) for a1 in ranges]
            or [Box(tab) for tab in spreadsheet.tabs],
        )

    def _batch_update(self, sid: str) -> Json:
        body = request.get_json(silent=True) or {}
        replies = apply_all(self._find(sid), body)
        return {"spreadsheetId": sid, "replies": replies}

    def _values_get(self, sid: str, a1: str) -> Json:
        self._checked("values.get")
        return value_range(parse_a1(a1, self._find(sid).tabs), request.args)

    def _values_batch_get(self, sid: str) -> Json:
        self._checked("values.batchGet")
        tabs = self._find(sid).tabs
        return {
            "spreadsheetId": sid,
            "valueRanges": [
                value_range(parse_a1(a1, tabs), request.args)
                for a1 in request.args.getlist("ranges")
            ],
        }

    def _values_update(self, sid: str, a1: str) -> Json:
        body = self._checked("values.update", "ValueRange")
        box = parse_a1(a1, self._find(sid).tabs)
        return {"spreadsheetId": sid, **write(box, body, _input_option())}

    def _values_batch_update(self, sid: str) -> Json:
        body = self._checked("values.batchUpdate", "BatchUpdateValuesRequest")
        if "valueInputOption" not in body:
            raise ValueError("'valueInputOption' is required")
        tabs = self._find(sid).tabs
        boxes = [
            parse_a1(data["range"], tabs) for data in body.get("data", [])
        ]  # all parse, or none is written
        responses = [
            {"spreadsheetId": sid, **write(box, data, body["valueInputOption"])}
            for box, data in zip(boxes, body.get("data", []), strict=True)
        ]
        return {
            "spreadsheetId": sid,
            "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
            "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
            "responses": responses,
        }

    def _values_append(self, sid: str, a1: str) -> Json:
        body = self._checked("values.append", "ValueRange")
        box = parse_a1(a1, self._find(sid).tabs)
        target = append_target(
            box, len(body.get("values", [])), request.args.get("insertDataOption")
        )
        return {
            "spreadsheetId": sid,
            "updates": {"spreadsheetId": sid, **write(target, body, _input_option())},
        }

    def _values_clear(self, sid: str, a1: str) -> Json:
        box = parse_a1(a1, self._find(sid).tabs)
        row0, row1, col0, col1 = box.clipped()
        for row in box.tab.rows[row0:row1]:
            for cell in row[col0:col1]:
                cell.value = cell.formula = None
        return {"spreadsheetId": sid, "clearedRange": box.a1()}


def _input_option() -> str:
    """Required by Sheets, though the discovery document does not mark it so."""
    if "valueInputOption" not in request.args:
        raise ValueError("'valueInputOption' is required but not specified")
    return request.args["valueInputOption"]
