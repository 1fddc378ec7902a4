"""A generated business document, its totals and its ground truth."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mailroom.samples.formatting import Formatter
from mailroom.samples.language import Company, Language
from mailroom.samples.model import DocKind

_CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal  # percent

    @property
    def net(self) -> Decimal:
        return to_cents(self.quantity * self.unit_price)

    @property
    def tax(self) -> Decimal:
        # VAT per line, rounded per line: the totals block then adds up exactly as printed.
        return to_cents(self.net * self.vat_rate / 100)


@dataclass(frozen=True)
class Style:
    """How one vendor presents its documents; the layouts obey it, `visible` reports it."""

    layout: str  # a name from mailroom.samples.pdf.LAYOUTS
    variant: int  # which wording of each label
    date_format: str
    group_sep: str
    with_symbol: bool
    due_as_terms: bool  # prints "payable within 30 days" instead of the due date


@dataclass(frozen=True)
class Document:
    kind: DocKind
    language: Language
    number: str
    issue_date: date
    due_date: date | None  # invoices only
    delivery_date: date | None  # purchase orders: printed, but not part of the truth
    seller: Company
    buyer: Company
    po_number: str | None  # the buyer's order reference; a PO's own number
    credited_invoice: str | None  # credit notes only
    currency: str
    lines: tuple[Line, ...]
    style: Style

    @property
    def net_total(self) -> Decimal:
        return sum((line.net for line in self.lines), Decimal("0.00"))

    @property
    def tax_total(self) -> Decimal:
        return sum((line.tax for line in self.lines), Decimal("0.00"))

    @property
    def grand_total(self) -> Decimal:
        return self.net_total + self.tax_total

    def tax_by_rate(self) -> dict[Decimal, Decimal]:
        """Rate → VAT, highest rate first, as a totals block lists it."""
        totals: dict[Decimal, Decimal] = defaultdict(lambda: Decimal("0.00"))
        for line in self.lines:
            totals[line.vat_rate] += line.tax
        return dict(sorted(totals.items(), reverse=True))

    @property
    def title(self) -> str:
        return self.language.titles[self.kind]

    @property
    def issuer(self) -> Company:
        """Whose letterhead it is and who mails it: the seller bills, the buyer orders."""
        return self.buyer if self.kind is DocKind.PURCHASE_ORDER else self.seller

    @property
    def recipient(self) -> Company:
        return self.seller if self.kind is DocKind.PURCHASE_ORDER else self.buyer

    @property
    def payment_days(self) -> int | None:
        return (self.due_date - self.issue_date).days if self.due_date else None

    @property
    def file_stem(self) -> str:
        """File name without extension, as a vendor's ERP exports it: Factură_CLG-2026-0042."""
        return f"{self.title}_{self.number}".replace(" ", "_").replace("/", "-")

    def formatter(self) -> Formatter:
        return Formatter(
            language=self.language,
            group_sep=self.style.group_sep,
            date_format=self.style.date_format,
            currency=self.currency,
            with_symbol=self.style.with_symbol,
        )

    def truth(self) -> dict[str, Any]:
        pays = self.kind is not DocKind.PURCHASE_ORDER
        return {
            "invoice_number": self.number,
            "issue_date": self.issue_date.isoformat(),
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "seller_name": self.seller.name,
            "seller_vat_id": self.seller.vat_id,
            "buyer_name": self.buyer.name,
            "buyer_vat_id": self.buyer.vat_id,
            "po_number": self.po_number,
            "currency": self.currency,
            "net_total": str(self.net_total),
            "tax_total": str(self.tax_total),
            "grand_total": str(self.grand_total),
            "iban": self.seller.iban if pays else None,
            "bic": self.seller.bic if pays else None,
            "document_type": str(self.kind),
            "line_count": len(self.lines),
        }

    def visible(self) -> dict[str, bool]:
        """Per truth field: is the value printed, or only implied (a due date from "30 days")?"""
        hidden = {"due_date"} if self.style.due_as_terms else set()
        return {key: key not in hidden for key, value in self.truth().items() if value is not None}
