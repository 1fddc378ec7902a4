"""What mailroom knows about mail, documents, extraction results, review rows and ERP postings."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mailroom.domain.status import Status
from mailroom.domain.text import BBox, TextMethod

DocumentType = Literal["invoice", "credit_note", "purchase_order", "other"]

FIELD_NAMES = (
    "invoice_number", "issue_date", "due_date", "seller_name", "seller_vat_id", "buyer_name",
    "buyer_vat_id", "po_number", "currency", "net_total", "tax_total", "grand_total", "iban", "bic",
)


class Attachment(BaseModel):
    """One MIME leaf that may hold a document. `part_id` follows Gmail's numbering (0, 1, 1.2)."""

    model_config = ConfigDict(frozen=True)

    part_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    inline: bool = False


class ReceivedMessage(BaseModel):
    """A mail as fetched from a mailbox, before anything is read from its documents."""

    mailbox: str
    message_id: str  # the mailbox's own id (Gmail message id)
    thread_id: str
    rfc822_id: str = ""  # the Message-ID header
    sender: str = ""
    subject: str = ""
    received_at: datetime | None = None
    attachments: list[Attachment] = Field(default_factory=list)
    is_bulk: bool = False  # newsletters and mailing lists
    warnings: list[str] = Field(default_factory=list)


class Provenance(BaseModel):
    """Where a value came from, so an auditor can find it on the original."""

    method: TextMethod | Literal["template", "reviewer"]
    page: int | None = None
    bbox: BBox | None = None
    xml_path: str | None = None


class ExtractedField(BaseModel):
    value: str  # canonical text: ISO dates, dot decimals, no spaces in ids
    confidence: float = Field(ge=0.0, le=1.0)
    provenance: Provenance
    why: str = ""


class LineItem(BaseModel):
    description: str
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    net_amount: Decimal | None = None
    tax_rate: Decimal | None = None


class Check(BaseModel):
    name: str
    ok: bool
    detail: str = ""


class Extraction(BaseModel):
    document_type: DocumentType
    method: TextMethod
    fields: dict[str, ExtractedField] = Field(default_factory=dict)
    lines: list[LineItem] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)

    def value(self, name: str) -> str | None:
        found = self.fields.get(name)
        return found.value if found else None


class DocumentRecord(BaseModel):
    """The system's record of one document, kept in the state store."""

    id: str
    mailbox: str
    message_id: str
    thread_id: str
    part_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    archive_key: str
    sender: str = ""
    subject: str = ""
    received_at: datetime | None = None
    warnings: list[str] = Field(default_factory=list)
    status: Status = Status.RECEIVED
    error: str | None = None
    duplicate_of: str | None = None
    extraction: Extraction | None = None
    erp_id: str | None = None
    erp_number: str | None = None

    def reference(self) -> tuple[str, str] | None:
        """(seller key, document number): the business identity used to spot re-sent invoices."""
        if self.extraction is None:
            return None
        number = self.extraction.value("invoice_number")
        seller = self.extraction.value("seller_vat_id") or self.extraction.value("seller_name")
        if not number or not seller:
            return None
        return normalise_key(seller), normalise_key(number)


def normalise_key(text: str) -> str:
    """Case, spaces and punctuation do not make a different vendor or number."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class StagedRow(BaseModel):
    """One row of the staging sheet. Column order here is the sheet's column order; the Google
    Sheet template in sheets_templates/ is checked against it by a test."""

    key: str  # the document id
    status: Status
    document_type: DocumentType | None = None
    invoice_number: str | None = None
    issue_date: date | None = None
    due_date: date | None = None
    seller_name: str | None = None
    seller_vat_id: str | None = None
    buyer_name: str | None = None
    buyer_vat_id: str | None = None
    po_number: str | None = None
    currency: str | None = None
    net_total: Decimal | None = None
    tax_total: Decimal | None = None
    grand_total: Decimal | None = None
    iban: str | None = None
    bic: str | None = None
    min_confidence: float | None = None
    low_confidence: str = ""  # the fields a reviewer should look at
    checks: str = ""  # failed checks, readable
    error: str = ""
    sender: str = ""
    subject: str = ""
    filename: str = ""
    received_at: datetime | None = None
    mailbox: str = ""
    message_id: str = ""
    thread_id: str = ""
    archive_link: str = ""
    erp_id: str = ""
    erp_number: str = ""
    erp_link: str = ""
    reviewer: str = ""
    note: str = ""

    @classmethod
    def columns(cls) -> list[str]:
        return list(cls.model_fields)


class ErpPosting(BaseModel):
    """What is sent to the ERP; `idempotency_key` (the document id) makes a retry find the first record."""

    idempotency_key: str
    document_type: DocumentType
    partner_name: str
    partner_vat_id: str | None = None
    reference: str  # the vendor's invoice number or the customer's PO number
    issue_date: date | None = None
    due_date: date | None = None
    currency: str
    net_total: Decimal | None = None
    tax_total: Decimal | None = None
    grand_total: Decimal
    lines: list[LineItem] = Field(default_factory=list)
    source_link: str = ""  # the archived original
    thread_link: str = ""  # the mail thread it came in
    sender: str = ""  # the From address: its domain helps find the partner
    recipient: str = ""  # the mailbox it arrived at: routes it to a company


ErpState = Literal["draft", "posted", "paid", "cancelled"]


class ErpRecord(BaseModel):
    erp_id: str
    number: str
    state: ErpState
    link: str = ""


class AuditEvent(BaseModel):
    at: datetime
    subject: str  # a document id, message id or "mailbox:<name>"
    action: str
    detail: dict[str, str] = Field(default_factory=dict)
    actor: str = "system"
