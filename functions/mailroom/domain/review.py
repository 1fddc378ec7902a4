"""The review policy: after extraction, is a document clean enough to wait for a routine
approval (EXTRACTED), clean enough to approve itself (AUTO_APPROVED), or does a person need
to look (NEEDS_REVIEW)? And which fields should that person look at?"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from mailroom.domain.models import DocumentType, Extraction
from mailroom.domain.status import Status

REQUIRED: dict[DocumentType, tuple[str, ...]] = {
    "invoice": ("invoice_number", "issue_date", "seller_name", "currency", "grand_total"),
    "credit_note": ("invoice_number", "issue_date", "seller_name", "currency", "grand_total"),
    "purchase_order": ("invoice_number", "issue_date", "buyer_name", "currency", "grand_total"),
    "other": ("invoice_number", "grand_total"),
}


@dataclass(frozen=True)
class ReviewPolicy:
    confidence_threshold: float = 0.9
    auto_approve: bool = False
    auto_approve_max_total: Decimal = Decimal("1000")


@dataclass(frozen=True)
class Assessment:
    status: Status
    attention: list[str]  # fields to look at: missing or below the threshold
    problems: list[str]  # failed checks, readable


def assess(extraction: Extraction, policy: ReviewPolicy) -> Assessment:
    missing = [f for f in REQUIRED[extraction.document_type] if f not in extraction.fields]
    unsure = [
        name for name, found in extraction.fields.items()
        if found.confidence < policy.confidence_threshold
    ]
    problems = [f"{c.name}: {c.detail}" if c.detail else c.name for c in extraction.checks if not c.ok]
    attention = [f"{name} (missing)" for name in missing] + unsure
    if extraction.document_type == "other":
        problems.insert(0, "not recognised as an invoice, credit note or purchase order")
    if attention or problems:
        return Assessment(Status.NEEDS_REVIEW, attention, problems)
    if policy.auto_approve and _within_limit(extraction, policy.auto_approve_max_total):
        return Assessment(Status.AUTO_APPROVED, [], [])
    return Assessment(Status.EXTRACTED, [], [])


def _within_limit(extraction: Extraction, limit: Decimal) -> bool:
    try:
        return abs(Decimal(extraction.value("grand_total") or "inf")) <= limit
    except InvalidOperation:
        return False
