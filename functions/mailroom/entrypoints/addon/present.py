"""How statuses, fields and confidences read in the sidebar: words and a colour, never codes."""

from dataclasses import dataclass

from mailroom.domain.models import ExtractedField
from mailroom.domain.status import Status
from mailroom.entrypoints.addon.auth import User
from mailroom.entrypoints.addon.widgets import escape

_GREEN, _AMBER, _RED, _GREY = "#188038", "#b06000", "#c5221f", "#5f6368"

STATUS: dict[Status, tuple[str, str]] = {
    Status.RECEIVED: ("Reading…", _GREY),
    Status.EXTRACTED: ("Waiting for review", _GREY),
    Status.NEEDS_REVIEW: ("Needs review", _AMBER),
    Status.AUTO_APPROVED: ("Approved automatically", _GREEN),
    Status.APPROVED: ("Approved", _GREEN),
    Status.REJECTED: ("Rejected", _RED),
    Status.POSTED: ("Posted to the ERP", _GREEN),
    Status.PAID: ("Paid", _GREEN),
    Status.CANCELLED: ("Cancelled in the ERP", _GREY),
    Status.DUPLICATE: ("Duplicate", _AMBER),
    Status.ON_HOLD: ("On hold", _AMBER),
    Status.ERROR: ("Failed", _RED),
}

# The fields a reviewer checks, in reading order (StagedRow column names).
FIELDS: dict[str, str] = {
    "seller_name": "Vendor", "seller_vat_id": "Vendor VAT id", "buyer_name": "Buyer",
    "buyer_vat_id": "Buyer VAT id", "invoice_number": "Number", "po_number": "PO number",
    "issue_date": "Issue date", "due_date": "Due date", "currency": "Currency",
    "net_total": "Net total", "tax_total": "Tax", "grand_total": "Total", "iban": "IBAN", "bic": "BIC",
}

DOCUMENT_TYPES = {"invoice": "Invoice", "credit_note": "Credit note", "purchase_order": "Purchase order",
                  "other": "Document"}

_METHODS = {"text-layer": "PDF text", "ocr": "OCR", "e-invoice": "e-invoice XML", "template": "template",
            "reviewer": "reviewer"}


@dataclass(frozen=True)
class View:
    """What every card needs beside the data: where actions go, who looks, what counts as sure."""

    action_url: str
    sheet_url: str
    user: User
    threshold: float


def status_text(status: Status) -> str:
    text, colour = STATUS[status]
    return f'<font color="{colour}"><b>{text}</b></font>'


def badge(found: ExtractedField | None, shown: str, threshold: float) -> str:
    """Confidence, where the value was read and why; a value the reviewer changed says so."""
    if found is None:
        return "not read from the document" if shown else ""
    if shown != found.value:
        return f'<font color="{_GREY}">edited (read: {escape(found.value)})</font>'
    colour, word = (_GREEN, "sure") if found.confidence >= threshold else (_AMBER, "check")
    where = _METHODS.get(found.provenance.method, found.provenance.method)
    if found.provenance.page is not None:
        where += f" p.{found.provenance.page}"
    why = f" · {escape(found.why)}" if found.why else ""
    return f'<font color="{colour}">● {found.confidence:.0%} {word}</font> · {where}{why}'
