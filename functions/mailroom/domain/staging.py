"""From a document record to a staging-sheet row, and from a (reviewer-edited) row to an ERP
posting. The row is what a reviewer approves, so the posting is built from the row, and
re-validated, never from the original extraction."""

from datetime import date
from decimal import Decimal

from mailroom.domain.errors import BadInputError
from mailroom.domain.extraction.amounts import parse_amount
from mailroom.domain.extraction.dates import parse_date
from mailroom.domain.models import DocumentRecord, ErpPosting, StagedRow
from mailroom.domain.review import REQUIRED, Assessment

_TEXT_FIELDS = (
    "invoice_number", "seller_name", "seller_vat_id", "buyer_name", "buyer_vat_id",
    "po_number", "currency", "iban", "bic",
)
_DATE_FIELDS = ("issue_date", "due_date")
_AMOUNT_FIELDS = ("net_total", "tax_total", "grand_total")
_CENT = Decimal("0.01")


def to_row(record: DocumentRecord, assessment: Assessment | None, archive_link: str) -> StagedRow:
    values: dict[str, object] = {}
    extraction = record.extraction
    if extraction is not None:
        for name in _TEXT_FIELDS + _DATE_FIELDS + _AMOUNT_FIELDS:
            if (found := extraction.fields.get(name)) is not None:
                values[name] = found.value
        confidences = [f.confidence for f in extraction.fields.values()]
        values["min_confidence"] = round(min(confidences), 3) if confidences else None
        values["document_type"] = extraction.document_type
    if assessment is not None:
        values["low_confidence"] = ", ".join(assessment.attention)
        values["checks"] = "; ".join(assessment.problems + record.warnings)
    return StagedRow(
        key=record.id,
        status=record.status,
        error=record.error or "",
        sender=record.sender,
        subject=record.subject,
        filename=record.filename,
        received_at=record.received_at,
        mailbox=record.mailbox,
        message_id=record.message_id,
        thread_id=record.thread_id,
        archive_link=archive_link,
        note=f"duplicate of {record.duplicate_of}" if record.duplicate_of else "",
        **values,  # type: ignore[arg-type]
    )


def posting_from_row(row: StagedRow, source_link: str = "") -> ErpPosting:
    """Raises BadInputError listing every problem, so the reviewer can fix them in one go."""
    document_type = row.document_type or "invoice"
    problems = [f"{name} is missing" for name in REQUIRED[document_type] if getattr(row, name) in (None, "")]
    problems += _amount_problems(row)
    if row.issue_date and row.due_date and row.due_date < row.issue_date:
        problems.append(f"due date {row.due_date} is before issue date {row.issue_date}")
    if problems:
        raise BadInputError("; ".join(problems))
    partner = row.buyer_name if document_type == "purchase_order" else row.seller_name
    partner_vat = row.buyer_vat_id if document_type == "purchase_order" else row.seller_vat_id
    assert partner and row.invoice_number and row.currency and row.grand_total is not None
    return ErpPosting(
        idempotency_key=row.key,
        document_type=document_type,
        partner_name=partner,
        partner_vat_id=partner_vat or None,
        reference=row.invoice_number,
        issue_date=row.issue_date,
        due_date=row.due_date,
        currency=row.currency,
        net_total=row.net_total,
        tax_total=row.tax_total,
        grand_total=row.grand_total,
        source_link=source_link or row.archive_link,
    )


def _amount_problems(row: StagedRow) -> list[str]:
    if row.net_total is None or row.tax_total is None or row.grand_total is None:
        return []
    if abs(row.net_total + row.tax_total - row.grand_total) > _CENT:
        return [f"net {row.net_total} + tax {row.tax_total} ≠ total {row.grand_total}"]
    return []


def parse_edit(field: str, text: str) -> str | date | Decimal | None:
    """A reviewer's typed value for a row column, checked and made canonical."""
    text = text.strip()
    if field not in _TEXT_FIELDS + _DATE_FIELDS + _AMOUNT_FIELDS + ("document_type", "note"):
        raise BadInputError(f"'{field}' cannot be edited; editable: {', '.join(editable_fields())}")
    if not text:
        return None
    if field in _DATE_FIELDS:
        return _parse_date(field, text)
    if field in _AMOUNT_FIELDS:
        return _parse_amount(field, text)
    if field in ("seller_vat_id", "buyer_vat_id", "iban", "bic", "currency"):
        return "".join(text.split()).upper()
    return text


def editable_fields() -> tuple[str, ...]:
    return _TEXT_FIELDS + _DATE_FIELDS + _AMOUNT_FIELDS + ("document_type", "note")


def _parse_date(field: str, text: str) -> date:
    parsed = parse_date(text)
    if parsed is None:
        raise BadInputError(f"{field}: '{text}' is not a date (try 2026-01-31)")
    return parsed


def _parse_amount(field: str, text: str) -> Decimal:
    parsed = parse_amount(text)
    if parsed is None or parsed.percent:
        raise BadInputError(f"{field}: '{text}' is not an amount (try 1234.56)")
    return parsed.value.quantize(_CENT)
