"""Draws plausible documents: parties, numbers, dates, lines and presentation, all from one seed."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from random import Random

from mailroom.samples.documents import Document, Line, Style
from mailroom.samples.language import Company, Item, Language
from mailroom.samples.model import DocKind
from mailroom.samples.pdf import LAYOUTS

_PAYMENT_DAYS = (14, 30, 30, 45, 60)


class DocumentFactory:
    def __init__(self, rng: Random) -> None:
        self._rng = rng
        # Last number issued per (language, kind): each vendor series climbs, never repeats.
        self._serials: Counter[tuple[str, DocKind]] = Counter()

    def make(
        self,
        language: Language,
        kind: DocKind,
        issued: date,
        *,
        layout: str | None = None,
        line_count: int | None = None,
        partner: Company | None = None,
    ) -> Document:
        """`partner` is the vendor or customer dealing with our subsidiary; drawn when not given."""
        rng = self._rng
        partner = partner or rng.choice(language.vendors)
        # Invoices come from vendors to our subsidiary; a PO comes from a customer to it.
        if kind is DocKind.PURCHASE_ORDER:
            seller, buyer = language.own_company, partner
        else:
            seller, buyer = partner, language.own_company
        number = self._next_number(language, kind, issued)
        due_date = delivery_date = credited_invoice = None
        match kind:
            case DocKind.INVOICE:
                due_date = issued + timedelta(days=rng.choice(_PAYMENT_DAYS))
            case DocKind.CREDIT_NOTE:
                credited_invoice = self._earlier_invoice(language, issued)
            case DocKind.PURCHASE_ORDER:
                delivery_date = issued + timedelta(days=rng.randint(5, 21))
        # A PO's own number is the order reference; other documents may quote the buyer's.
        if kind is DocKind.PURCHASE_ORDER:
            po_number: str | None = number
        else:
            po_number = self._quoted_order(language, issued)
        return Document(
            kind=kind,
            language=language,
            number=number,
            issue_date=issued,
            due_date=due_date,
            delivery_date=delivery_date,
            seller=seller,
            buyer=buyer,
            po_number=po_number,
            credited_invoice=credited_invoice,
            currency=rng.choice(language.currencies),
            lines=tuple(self._line(language, item) for item in self._items(language, line_count)),
            style=self._style(language, layout),
        )

    def _style(self, language: Language, layout: str | None) -> Style:
        rng = self._rng
        return Style(
            layout=layout or rng.choice(sorted(LAYOUTS)),
            variant=rng.randrange(3),
            date_format=rng.choice(language.date_formats),
            group_sep=rng.choice(language.group_seps),
            with_symbol=rng.random() < 0.3,
            due_as_terms=rng.random() < 0.15,
        )

    def _next_number(self, language: Language, kind: DocKind, issued: date) -> str:
        key = (language.code, kind)
        if not self._serials[key]:
            self._serials[key] = self._rng.randint(17, 480)
        self._serials[key] += self._rng.randint(1, 9)  # other customers' documents in between
        return language.numbering[kind].format(n=self._serials[key], yyyy=issued.year)

    def _quoted_order(self, language: Language, issued: date) -> str | None:
        if self._rng.random() < 0.5:
            return None  # about half the vendors quote the buyer's order
        serial = self._rng.randint(100, 9999)
        return language.numbering[DocKind.PURCHASE_ORDER].format(n=serial, yyyy=issued.year)

    def _earlier_invoice(self, language: Language, issued: date) -> str:
        serial = self._rng.randint(10, 400)
        return language.numbering[DocKind.INVOICE].format(n=serial, yyyy=issued.year)

    def _items(self, language: Language, count: int | None) -> list[Item]:
        count = count or self._rng.randint(1, 5)
        if count <= len(language.items):
            return self._rng.sample(language.items, count)
        # A long invoice repeats items, as a month of deliveries does.
        return [self._rng.choice(language.items) for _ in range(count)]

    def _line(self, language: Language, item: Item) -> Line:
        cents = self._rng.randint(int(item.min_price * 100), int(item.max_price * 100))
        if item.hourly:
            quantity = Decimal(self._rng.randint(2, 24)) / 2  # half hours
        else:
            quantity = Decimal(self._rng.choice((1, 1, 2, 3, 4, 5, 6, 10, 12, 20, 25, 50)))
        standard, reduced = language.vat_rates
        return Line(
            description=item.description,
            quantity=quantity,
            unit_price=Decimal(cents).scaleb(-2),
            vat_rate=reduced if item.reduced_rate else standard,
        )
