"""SheetsStaging through real gspread against the Sheets stand-in: the StagingSheet contract it
shares with the local SQLite sheet, formula safety, request counts, and reviewers' hands."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from mailroom.domain.errors import PermanentError, TransientError
from mailroom.domain.models import StagedRow
from mailroom.domain.status import Status
from mailroom.ports import StagingSheet
from tests.integration.google.sheets_fixtures import (  # noqa: F401
    column_letter,
    sheets_fixture,
    sheets_server,
)

# The StagingSheet contract the local sheet's tests spell out, run here against Google: pytest
# runs imported tests with this module's `sheet` fixture.
from tests.integration.test_local_sheet import (  # noqa: F401
    HOSTILE,
    row,
    test_an_update_parses_values_and_applies_all_keys_or_none,
    test_an_update_that_does_not_fit_the_row_is_refused,
    test_rows_come_in_staging_order_and_filter_by_status,
    test_staging_adds_only_missing_keys_and_never_overwrites_a_row,
)

# Besides formulas, text that USER_ENTERED would turn into a number, a date or a boolean.
LOOKS_TYPED = ["00123", "2026-01-31", "1,234.50", "'quoted", "TRUE"]
TYPED = StagedRow(
    key="doc-1",
    status=Status.EXTRACTED,
    document_type="invoice",
    invoice_number="F-0001",
    issue_date=date(2026, 1, 31),
    due_date=date(2026, 3, 2),
    seller_name="Müller & Söhne GmbH",
    currency="EUR",
    net_total=Decimal("1000.10"),
    tax_total=Decimal("190.02"),
    grand_total=Decimal("1190.12"),
    min_confidence=0.875,
    received_at=datetime(2026, 2, 1, 8, 30, 5, tzinfo=UTC),
)


@pytest.fixture
def google(sheets):
    spreadsheet = sheets.staging_spreadsheet()
    return sheets.staging(spreadsheet), spreadsheet


@pytest.fixture
def sheet(google):
    return google[0]


def test_the_google_sheet_implements_the_staging_sheet_port(sheet):
    assert isinstance(sheet, StagingSheet)


def test_typed_values_and_text_from_mail_read_back_unchanged(sheet):
    texts = HOSTILE + LOOKS_TYPED
    sheet.stage(
        [TYPED, *(row(f"doc-h{n}", seller_name=text, note=text) for n, text in enumerate(texts))]
    )

    assert sheet.get("doc-1") == TYPED
    assert str(sheet.get("doc-1").tax_total) == "190.02"  # type: ignore[union-attr]
    assert [(r.seller_name, r.note) for r in sheet.rows()[1:]] == [(text, text) for text in texts]


def test_an_update_to_none_empties_the_cell(sheet):
    sheet.stage([row("doc-1", due_date=date(2026, 5, 1), note="call back")])

    sheet.update({"doc-1": {"due_date": None, "note": ""}})

    assert sheet.get("doc-1") == row("doc-1")


# -- Google only --------------------------------------------------------------------------------


def test_text_from_mail_is_stored_as_text_never_as_a_formula_or_number(sheets, google):
    staging, spreadsheet = google
    texts = HOSTILE + LOOKS_TYPED
    staging.stage([row(f"doc-h{n}", seller_name=text) for n, text in enumerate(texts)])

    seller = column_letter("seller_name")
    stored = [sheets.cell(spreadsheet, f"Review!{seller}{n + 2}") for n in range(len(texts))]
    assert [(cell.value, cell.formula) for cell in stored] == [(text, None) for text in texts]
    # The stand-in does parse what is sent as typed: had the adapter sent USER_ENTERED, this is what
    # the reviewer's sheet would hold.
    spreadsheet.values_update(
        f"Review!{seller}2", {"valueInputOption": "USER_ENTERED"}, {"values": [[HOSTILE[0]]]}
    )
    assert sheets.cell(spreadsheet, f"Review!{seller}2").formula == HOSTILE[0]


def test_amounts_and_dates_are_stored_typed(sheets, google):
    staging, spreadsheet = google
    staging.stage([TYPED])

    def stored(name: str) -> object:
        return sheets.cell(spreadsheet, f"Review!{column_letter(name)}2").value

    assert stored("grand_total") == 1190.12 and stored("min_confidence") == 0.875
    assert stored("issue_date") == 46053  # the serial of 2026-01-31
    assert stored("received_at") == pytest.approx(46054 + (8 * 3600 + 30 * 60 + 5) / 86400)


def test_100_rows_and_100_status_updates_cost_two_requests_each(sheets, google):
    staging, _ = google
    before = sheets.stand_in.total_requests

    staging.stage([row(f"doc-{n:03}", seller_name=f"Vendor {n}") for n in range(100)])
    staged = sheets.stand_in.total_requests - before
    staging.update(
        {f"doc-{n:03}": {"status": Status.APPROVED, "reviewer": "ana"} for n in range(100)}
    )
    updated = sheets.stand_in.total_requests - before - staged

    assert (staged, updated) == (2, 2)  # one read, one write each; the bound asked for is 3
    assert (
        sheets.stand_in.requests["values.append"] == 1
        and sheets.stand_in.requests["values.batchUpdate"] == 1
    )
    assert {r.status for r in staging.rows()} == {Status.APPROVED}


def _reviewer(spreadsheet, request: dict) -> None:  # type: ignore[no-untyped-def]
    """What a reviewer's hands do, sent as the Sheets UI would."""
    spreadsheet.batch_update({"requests": [request]})


def test_rows_a_reviewer_sorted_are_still_updated_by_key(google):
    staging, spreadsheet = google
    staging.stage(
        [
            row(f"doc-{n}", seller_name=name)
            for n, name in enumerate(["Alpha", "Bravo", "Charlie", "Delta"])
        ]
    )
    seller = [c.name for c in staging._tab.columns].index("seller_name")
    _reviewer(
        spreadsheet,
        {
            "sortRange": {
                "range": {"sheetId": 0, "startRowIndex": 1},
                "sortSpecs": [{"dimensionIndex": seller, "sortOrder": "DESCENDING"}],
            }
        },
    )

    staging.update(
        {"doc-0": {"status": Status.APPROVED}, "doc-2": {"status": Status.REJECTED, "note": "dup"}}
    )

    found = {r.seller_name: (r.key, r.status, r.note) for r in staging.rows()}
    assert [r.key for r in staging.rows()] == ["doc-3", "doc-2", "doc-1", "doc-0"]
    assert found == {
        "Alpha": ("doc-0", Status.APPROVED, ""),
        "Bravo": ("doc-1", Status.EXTRACTED, ""),
        "Charlie": ("doc-2", Status.REJECTED, "dup"),
        "Delta": ("doc-3", Status.EXTRACTED, ""),
    }


def test_a_blank_row_a_reviewer_inserted_is_skipped_and_new_rows_go_after_the_last_key(
    sheets, google
):
    staging, spreadsheet = google
    staging.stage([row("doc-1"), row("doc-2"), row("doc-3")])
    _reviewer(
        spreadsheet,
        {
            "insertDimension": {
                "range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 2, "endIndex": 3},
                "inheritFromBefore": True,
            }
        },
    )

    staging.update({"doc-3": {"status": Status.APPROVED}})
    staging.stage([row("doc-4")])

    assert [(r.key, r.status) for r in staging.rows()] == [
        ("doc-1", Status.EXTRACTED),
        ("doc-2", Status.EXTRACTED),
        ("doc-3", Status.APPROVED),
        ("doc-4", Status.EXTRACTED),
    ]
    assert (
        sheets.cell(spreadsheet, "Review!A3").value is None
        and sheets.cell(spreadsheet, "Review!A6").value == "doc-4"
    )


def test_a_column_a_reviewer_moved_still_gets_its_own_values(google):
    staging, spreadsheet = google
    _reviewer(
        spreadsheet,
        {
            "moveDimension": {
                "source": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1},
                "destinationIndex": 5,
            }
        },
    )

    staging.stage([TYPED, row("doc-2")])
    staging.update({"doc-2": {"note": "moved"}})

    assert staging.get("doc-1") == TYPED and staging.get("doc-2").note == "moved"  # type: ignore[union-attr]


def test_a_sheet_without_a_template_column_is_refused_not_half_written(google):
    staging, spreadsheet = google
    spreadsheet.values_update("Review!A1", {"valueInputOption": "RAW"}, {"values": [["Doc id"]]})

    with pytest.raises(PermanentError, match="no column Document id"):
        staging.stage([row("doc-1")])


def test_a_refused_request_is_retried_after_a_backoff(sheets, google):
    staging, _ = google
    sheets.stand_in.faults.script = [
        429,
        0,
        429,
    ]  # the read, then the append, are refused once each

    assert staging.stage([row("doc-1")]) == ["doc-1"]

    assert len(sheets.waits) == 2 and sheets.stand_in.requests["values.append"] == 2
    assert [r.key for r in staging.rows()] == ["doc-1"]


def test_an_append_that_may_have_happened_is_left_to_a_redelivery_which_adds_no_second_row(
    sheets, google
):
    staging, _ = google
    sheets.stand_in.faults.script = [0, 503]

    with pytest.raises(TransientError):
        staging.stage([row("doc-1")])
    assert staging.stage([row("doc-1")]) == ["doc-1"]
    assert staging.stage([row("doc-1")]) == []

    assert sheets.waits == [] and [r.key for r in staging.rows()] == ["doc-1"]


def test_a_quota_that_stays_exhausted_becomes_a_transient_error(sheets, google):
    staging, _ = google
    sheets.stand_in.faults.script = [429] * 4

    with pytest.raises(TransientError, match="429"):
        staging.rows()
    assert len(sheets.waits) == 3


def test_a_key_staged_twice_by_racing_workers_reads_once_and_updates_both_rows(google):
    staging, spreadsheet = google
    staging.stage([row("doc-1"), row("doc-2")])
    spreadsheet.values_append(  # what a second worker that read the keys at the same time adds
        "Review!A4", {"valueInputOption": "RAW"}, {"values": [["doc-1", "EXTRACTED"]]}
    )

    staging.update({"doc-1": {"status": Status.APPROVED}})

    assert [(r.key, r.status) for r in staging.rows()] == [
        ("doc-1", Status.APPROVED),
        ("doc-2", Status.EXTRACTED),
    ]
    found = spreadsheet.values_get("Review!A2:B4")["values"]
    assert found == [["doc-1", "APPROVED"], ["doc-2", "EXTRACTED"], ["doc-1", "APPROVED"]]
