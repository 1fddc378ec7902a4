"""StagedRow values to Sheets cells and back: numbers as numbers, dates as serials."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from mailroom.adapters.google.sheets_template import Column
from mailroom.adapters.google.sheets_values import change_cell, from_cell, to_cell
from mailroom.domain.errors import BadInputError
from mailroom.domain.status import Status


def column(kind: str) -> Column:
    return Column(name="x", header="X", type=kind)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value, cell",
    [
        (None, ""),
        (Decimal("-12.30"), -12.3),
        (0.875, 0.875),
        (date(1899, 12, 31), 1),
        (date(2026, 1, 31), 46053),
        (datetime(2026, 1, 31, 12, tzinfo=UTC), 46053.5),
        (datetime(2026, 1, 31, 12), 46053.5),
        (Status.APPROVED, "APPROVED"),
        ("=1+1", "=1+1"),
    ],
)
def test_values_become_typed_cells(value, cell):
    assert to_cell(value) == cell


@pytest.mark.parametrize(
    "kind, raw, value",
    [
        ("amount", 1000, Decimal("1000.00")),
        ("amount", 12.3, Decimal("12.30")),
        ("amount", 1.234, Decimal("1.234")),
        ("number", 1, 1.0),
        ("date", 46053, date(2026, 1, 31)),
        ("datetime", 46053.5 + 1 / 86400 / 3, datetime(2026, 1, 31, 12, tzinfo=UTC)),
        ("text", 123, "123"),
        ("text", 1.5, "1.5"),
        ("text", True, "TRUE"),
        ("text", "", None),
        ("date", "2026-01-31", "2026-01-31"),  # text is left to the row model to parse
    ],
)
def test_cells_read_back_as_the_row_models_values(kind, raw, value):
    assert from_cell(column(kind), raw) == value


def test_a_change_is_checked_against_its_field_before_it_becomes_a_cell():
    assert change_cell("doc-1", "grand_total", "12.30") == 12.3
    assert change_cell("doc-1", "status", "APPROVED") == "APPROVED"
    with pytest.raises(BadInputError, match="row doc-1: due_date"):
        change_cell("doc-1", "due_date", "soon")
