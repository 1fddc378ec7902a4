"""The Sheets stand-in behaves as Sheets does where the staging tests rely on it: value input
and render options, A1 ranges, quotas, and refusing requests Sheets would refuse."""

import pytest
from gspread.exceptions import APIError

from mailroom.adapters.google.sheets_client import sheets_client
from mailroom.standins.sheets_cells import FORMULA_VALUE
from mailroom.standins.sheets_grid import Tab, parse_a1
from mailroom.standins.sheets_requests import _APPLIERS
from mailroom.standins.sheets_schema import request_kinds
from tests.integration.google.sheets_fixtures import sheets_fixture, sheets_server  # noqa: F401


@pytest.fixture
def spreadsheet(sheets):
    created = sheets.client.http_client.request(
        "post",
        "https://sheets.googleapis.com/v4/spreadsheets",
        json={"sheets": [{"properties": {"title": "Data"}}]},
    ).json()
    return sheets.client.open_by_key(created["spreadsheetId"])


@pytest.mark.parametrize(
    "typed, value, formula",
    [
        ("=1+1", FORMULA_VALUE, "=1+1"),
        ("+1+2", FORMULA_VALUE, "=+1+2"),
        ("-12.5", -12.5, None),
        ("00123", 123, None),
        ("1,234.5", 1234.5, None),
        ("12%", 0.12, None),
        ("2026-01-31", 46053, None),
        ("TRUE", True, None),
        ("'=1+1", "=1+1", None),
        ("@SUM(A1)", "@SUM(A1)", None),
        ("ACME", "ACME", None),
    ],
)
def test_user_entered_text_is_parsed_as_if_typed_and_raw_text_is_kept(
    sheets, spreadsheet, typed, value, formula
):
    spreadsheet.values_update(
        "Data!A1", {"valueInputOption": "USER_ENTERED"}, {"values": [[typed]]}
    )
    spreadsheet.values_update("Data!B1", {"valueInputOption": "RAW"}, {"values": [[typed]]})

    entered, raw = (
        sheets.stand_in.cell(spreadsheet.id, "Data!A1"),
        sheets.stand_in.cell(spreadsheet.id, "Data!B1"),
    )
    assert (entered.value, entered.formula) == (value, formula)
    assert (raw.value, raw.formula) == (typed, None)


def test_values_render_as_asked_and_trailing_blanks_are_left_out(spreadsheet):
    spreadsheet.values_update(
        "Data!A1",
        {"valueInputOption": "USER_ENTERED"},
        {"values": [["=1+1", 2.5, "", ""], [], ["x"]]},
    )

    def read(option: str, major: str = "ROWS") -> list:  # type: ignore[type-arg]
        found = spreadsheet.values_get(
            "Data!A1:D5", {"valueRenderOption": option, "majorDimension": major}
        )
        return found["values"]  # type: ignore[no-any-return]

    assert read("FORMULA") == [["=1+1", 2.5], [], ["x"]]
    assert read("UNFORMATTED_VALUE") == [[FORMULA_VALUE, 2.5], [], ["x"]]
    assert read("FORMATTED_VALUE") == [[FORMULA_VALUE, "2.5"], [], ["x"]]
    assert read("FORMULA", "COLUMNS") == [["=1+1", "", "x"], [2.5]]


def test_a_range_names_a_tab_and_cells_as_sheets_reads_them():
    tabs = [Tab.new({"sheetId": 0, "title": "Data"}), Tab.new({"sheetId": 7, "title": "It's mine"})]

    def box(a1: str) -> tuple:  # type: ignore[type-arg]
        found = parse_a1(a1, tabs)
        return found.tab.sheet_id, found.row0, found.row1, found.col0, found.col1

    assert box("Data!B2:C3") == (0, 1, 3, 1, 3)
    assert box("'It''s mine'!A:A") == (7, 0, None, 0, 1)
    assert box("Data!2:2") == (0, 1, 2, 0, None)
    assert box("Data!AA10") == (0, 9, 10, 26, 27)
    assert box("'Data'") == (0, 0, None, 0, None)
    assert box("B2") == (0, 1, 2, 1, 2)
    for wrong in ("Nope!A1", "Data!1A", "Data!"):
        with pytest.raises(ValueError):
            parse_a1(wrong, tabs)


def test_writes_past_60_a_minute_per_user_are_refused_until_the_minute_has_passed(
    sheets, spreadsheet
):
    write = {"valueInputOption": "RAW"}, {"values": [["x"]]}
    for _ in range(59):  # the create above was the first write of this minute
        spreadsheet.values_update("Data!A1", *write)

    with pytest.raises(APIError) as refused:
        spreadsheet.values_update("Data!A1", *write)
    other_user = sheets_client(sheets.url)
    other_user.http_client.session.headers["Authorization"] = "Bearer someone-else"
    other_user.open_by_key(spreadsheet.id).values_update("Data!A1", *write)
    spreadsheet.values_get("Data!A1")  # reads have a quota of their own
    sheets.clock.now += 60
    spreadsheet.values_update("Data!A1", *write)

    assert refused.value.code == 429 and refused.value.error["status"] == "RESOURCE_EXHAUSTED"
    assert "Write requests per minute per user" in refused.value.error["message"]


@pytest.mark.parametrize(
    "request_body, message",
    [
        ({"frobnicate": {}}, 'Unknown name "frobnicate"'),
        (
            {
                "updateSheetProperties": {
                    "properties": {"sheetId": 0, "gridProperties": {"frozenRows": 1}},
                    "fields": "gridProperties.frozenRows",
                }
            },
            'Unknown name "frozenRows"',
        ),
        (
            {"sortRange": {"range": {"sheetId": 0}, "sortSpecs": [{"sortOrder": "UP"}]}},
            "Invalid value",
        ),
        ({"deleteSheet": {"sheetId": 0}}, "does not apply 'deleteSheet'"),
        (
            {"repeatCell": {"range": {"sheetId": 99}, "cell": {}, "fields": "note"}},
            "No grid with id: 99",
        ),
    ],
    ids=["unknown-kind", "misspelt-field", "bad-enum", "valid-but-not-applied", "no-such-tab"],
)
def test_a_batch_update_sheets_would_refuse_is_refused_whole(
    sheets, spreadsheet, request_body, message
):
    freeze = {
        "updateSheetProperties": {
            "properties": {"sheetId": 0, "gridProperties": {"frozenRowCount": 3}},
            "fields": "gridProperties.frozenRowCount",
        }
    }

    with pytest.raises(APIError, match=message) as refused:
        spreadsheet.batch_update({"requests": [freeze, request_body]})

    assert refused.value.code == 400
    tab = sheets.stand_in.spreadsheets[spreadsheet.id].tabs[0]
    assert (
        tab.properties["gridProperties"].get("frozenRowCount") is None
    )  # the valid first request too


def test_values_calls_check_their_query_parameters(spreadsheet):
    with pytest.raises(APIError, match="'valueInputOption' is required"):
        spreadsheet.values_update("Data!A1", {}, {"values": [["x"]]})
    with pytest.raises(APIError, match="Invalid value for 'valueRenderOption'"):
        spreadsheet.values_get("Data!A1", {"valueRenderOption": "PRETTY"})


def test_every_request_kind_the_stand_in_applies_is_a_sheets_v4_request_kind():
    assert len(request_kinds()) == 74
    assert set(_APPLIERS) <= request_kinds()
