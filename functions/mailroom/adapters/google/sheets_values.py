"""StagedRow values to and from Sheets cells.

Cells are written with valueInputOption RAW, so text from mail stays text whatever it starts
with, and typed values are sent typed:
- amounts and numbers as JSON numbers (Sheets holds doubles; an invoice never needs more than
  their 15 significant digits), read back as Decimal with at least two decimals;
- dates and datetimes as serial numbers (days since 1899-12-30, what Sheets itself stores for a
  date) shown through the template's date format. Not ISO text: a date a reviewer types is
  stored as a serial, so text of ours would make one column of two types that sorts, filters
  and compares wrongly. Datetimes are UTC, to the second (what a mail's Date header holds).
Reads use UNFORMATTED_VALUE with SERIAL_NUMBER dates, so no locale's formatting is parsed."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import TypeAdapter, ValidationError

from mailroom.adapters.google.sheets_template import Column
from mailroom.domain.errors import BadInputError
from mailroom.domain.models import StagedRow

Cell = str | int | float | bool
SERIAL_EPOCH = datetime(1899, 12, 30, tzinfo=UTC)
_CENT = Decimal("0.01")
_FIELDS = {name: TypeAdapter(field.annotation) for name, field in StagedRow.model_fields.items()}


def to_cell(value: Any) -> Cell:
    """ "" for no value: in a values write, null would mean "leave the cell as it is"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        utc = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return (utc - SERIAL_EPOCH).total_seconds() / 86400
    if isinstance(value, date):
        return (value - SERIAL_EPOCH.date()).days
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Enum):
        return str(value.value)
    return value  # type: ignore[no-any-return]


def from_cell(column: Column, raw: Any) -> Any:
    """The value to validate into StagedRow; None for an empty cell (the field's default)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):  # a reviewer typed TRUE into a text column
        return "TRUE" if raw else "FALSE"
    if column.type == "date":
        return SERIAL_EPOCH.date() + timedelta(days=int(raw))
    if column.type == "datetime":
        return SERIAL_EPOCH + timedelta(seconds=round(raw * 86400))
    if column.type == "amount":
        amount = Decimal(repr(float(raw)))
        return amount.quantize(_CENT) if amount.as_tuple().exponent > -2 else amount  # type: ignore[operator]
    if column.type == "number":
        return float(raw)
    return f"{raw:.15g}"  # a number typed into a text column: 123, not 123.0


def row_from_cells(key: str, columns: list[Column | None], cells: list[Any]) -> StagedRow:
    """`columns` is the live header, None where a header is not the template's."""
    values = {
        column.name: from_cell(column, raw)
        for column, raw in zip(columns, cells, strict=False)
        if column
    }
    try:
        return StagedRow.model_validate(
            {name: value for name, value in values.items() if value is not None}
        )
    except ValidationError as exc:
        raise BadInputError(f"sheet row {key}: {exc}") from exc


def cells_of(row: StagedRow, columns: list[Column | None]) -> list[Cell]:
    return [to_cell(getattr(row, column.name)) if column else "" for column in columns]


def change_cell(key: str, name: str, value: Any) -> Cell:
    """A changed value checked against its StagedRow field, as a cell."""
    try:
        return to_cell(_FIELDS[name].validate_python(value))
    except ValidationError as exc:
        raise BadInputError(f"row {key}: {name}: {exc.errors()[0]['msg']}") from exc
