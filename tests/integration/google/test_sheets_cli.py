"""`mailroom sheet create` and `mailroom sheet check` through the CLI, against the Sheets stand-in."""

from typer.testing import CliRunner

from mailroom.adapters.google.sheets_rules import conditional_formula
from mailroom.domain.errors import NotFoundError, PermanentError
from mailroom.entrypoints.cli.app import app
from tests.integration.google.sheets_fixtures import (  # noqa: F401
    TEMPLATE,
    column_letter,
    sheets_fixture,
    sheets_server,
)

REVIEW = TEMPLATE.tabs.review


def _mailroom(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def _create(sheets) -> str:  # type: ignore[no-untyped-def]
    result = _mailroom(
        "sheet",
        "create",
        "--endpoint",
        sheets.url,
        "--title",
        "AP review",
        "--editor",
        "svc@p.iam.gserviceaccount.com",
    )
    assert result.exit_code == 0, result.output
    spreadsheet_id, url = result.output.split()
    assert url.endswith(f"/d/{spreadsheet_id}")
    return spreadsheet_id


def _check(sheets, spreadsheet_id: str):  # type: ignore[no-untyped-def]
    return _mailroom("sheet", "check", "--endpoint", sheets.url, "--spreadsheet-id", spreadsheet_id)


def test_a_created_sheet_is_laid_out_as_the_template_says_in_one_batch_update(sheets):
    spreadsheet_id = _create(sheets)

    assert sheets.stand_in.requests["spreadsheets.batchUpdate"] == 1
    spreadsheet = sheets.stand_in.spreadsheets[spreadsheet_id]
    assert [tab.title for tab in spreadsheet.tabs] == ["Review", "Lines", "Log"]
    review = spreadsheet.tabs[0]
    assert [cell.value for cell in review.rows[0]] == [c.header for c in REVIEW.columns]
    assert review.rows[0][0].note == REVIEW.columns[0].note
    assert review.properties["gridProperties"]["frozenRowCount"] == 1
    status = review.rows[5][REVIEW.columns.index(REVIEW.column("status"))].validation
    assert (
        status["condition"]["type"] == "ONE_OF_LIST" and status["strict"] and status["showCustomUi"]
    )
    assert [v["userEnteredValue"] for v in status["condition"]["values"]] == REVIEW.status_values
    issue_date = review.rows[5][REVIEW.columns.index(REVIEW.column("issue_date"))]
    assert issue_date.format == {"numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}}
    assert review.rows[0][0].format == {"textFormat": {"bold": True}}
    protected = {
        (p["range"].get("startColumnIndex"), p["range"].get("endColumnIndex"))
        for p in review.protected_ranges
    }
    assert protected == {
        (None, None),
        (0, 1),
        (17, 32),
    }  # the header row; key; min_confidence … erp_link
    assert all(
        p["editors"] == {"users": ["svc@p.iam.gserviceaccount.com"]}
        for p in review.protected_ranges
    )
    assert (
        len(review.conditional_formats) == len(REVIEW.conditional_formats) and review.basic_filter
    )


def test_conditional_formats_compare_text_as_text_and_skip_blank_numbers():
    status, confidence = column_letter("status"), column_letter("min_confidence")

    assert conditional_formula(REVIEW, "status = ERROR") == f'=${status}2="ERROR"'
    assert (
        conditional_formula(REVIEW, "min_confidence < 0.9")
        == f'=AND(${confidence}2<>"",${confidence}2<0.9)'
    )


def test_a_created_sheet_checks_clean(sheets):
    result = _check(sheets, _create(sheets))

    assert result.exit_code == 0, result.output
    assert "matches the template" in result.output


def test_a_column_moved_by_hand_is_one_drift_finding(sheets):
    spreadsheet_id = _create(sheets)
    note = len(REVIEW.columns) - 1
    sheets.client.open_by_key(spreadsheet_id).batch_update(
        {
            "requests": [
                {
                    "moveDimension": {
                        "source": {
                            "sheetId": 0,
                            "dimension": "COLUMNS",
                            "startIndex": note,
                            "endIndex": note + 1,
                        },
                        "destinationIndex": 2,
                    }
                }
            ]
        }
    )

    result = _check(sheets, spreadsheet_id)

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"drift: tab 'Review': column 'Note' is in C, the template puts it in {column_letter('note')}"
    ]


def test_a_renamed_column_a_lost_dropdown_and_a_missing_tab_are_reported(sheets):
    spreadsheet_id = _create(sheets)
    spreadsheet = sheets.client.open_by_key(spreadsheet_id)
    spreadsheet.values_update(
        "Review!D1", {"valueInputOption": "RAW"}, {"values": [["Invoice no"]]}
    )
    status = REVIEW.columns.index(REVIEW.column("status"))
    spreadsheet.batch_update(
        {
            "requests": [
                {
                    "setDataValidation": {
                        "range": {
                            "sheetId": 0,
                            "startRowIndex": 1,
                            "startColumnIndex": status,
                            "endColumnIndex": status + 1,
                        }
                    }
                }
            ]
        }
    )
    sheets.stand_in.spreadsheets[spreadsheet_id].tabs.pop()  # the Log tab, deleted

    output = _check(sheets, spreadsheet_id).output

    assert "tab 'Log' is missing" in output
    assert "column D is 'Invoice no', the template calls it 'Number' (renamed?)" in output
    assert "the status column has no strict dropdown of the statuses" in output
    assert "is in" not in output  # nothing moved


def test_checking_a_spreadsheet_that_is_not_there_says_so(sheets):
    result = _check(sheets, "no-such-spreadsheet")

    assert isinstance(result.exception, NotFoundError) and "HTTP 404" in str(result.exception)


def test_without_google_credentials_the_cli_says_how_to_get_them(monkeypatch, tmp_path):
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "missing.json"))

    result = _mailroom("sheet", "check", "--spreadsheet-id", "any")

    assert isinstance(result.exception, PermanentError)
    assert "gcloud auth application-default login" in str(result.exception)
