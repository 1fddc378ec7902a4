"""The ERP mapping: how our fields become one ERP's records (partners, taxes, accounts,
companies, currencies). Loaded from a versioned YAML file by the ERP adapters; pure here, so the
rules are tested without an ERP and `mailroom erp check` can list what the ERP is missing.

    version: 1
    partners: {DE136695976: "42", "Muster AG": "17"}   # vendor VAT id or name → ERP partner
    taxes: {19: "12", 7: "13", 0: "14"}                # purchase tax rate (%) → ERP tax id
    sale_taxes: {19: "2"}                              # for customer purchase orders
    expense_account: "600000"
    product: "EXPENSES"
    companies: [{recipient: "@acme.nl", company: "2"}]
    default_company: "1"
    currencies: {allowed: [EUR, USD], aliases: {LEI: RON}}
"""

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mailroom.domain.errors import PermanentError
from mailroom.domain.models import ErpPosting, LineItem, normalise_key

# A rate derived from rounded totals is never exact (19.00 on 100.01 is 18.998 %).
RATE_TOLERANCE = Decimal("0.1")
_RATE_PLACES = Decimal("0.01")


class CompanyRoute(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipient: str  # an address (ap@acme.nl) or a whole domain (@acme.nl)
    company: str  # the ERP's company id (Odoo) or name (ERPNext)


class CurrencyRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    allowed: list[str] = Field(default_factory=list)  # empty: whatever the ERP has
    aliases: dict[str, str] = Field(default_factory=dict)  # what documents say → ISO 4217


class ErpMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    partners: dict[str, str] = Field(default_factory=dict)
    taxes: dict[Decimal, str] = Field(default_factory=dict)
    sale_taxes: dict[Decimal, str] = Field(default_factory=dict)
    expense_account: str | None = None
    product: str | None = None
    companies: list[CompanyRoute] = Field(default_factory=list)
    default_company: str | None = None
    currencies: CurrencyRules = Field(default_factory=CurrencyRules)
    # Off by default: a typo in a vendor name must not quietly become a new vendor.
    create_partners: bool = False

    def partner_override(self, posting: ErpPosting) -> str | None:
        overrides = {normalise_key(key): value for key, value in self.partners.items()}
        for candidate in (posting.partner_vat_id, posting.partner_name):
            if candidate and normalise_key(candidate) in overrides:
                return overrides[normalise_key(candidate)]
        return None

    def tax_for(self, rate: Decimal, *, sale: bool = False) -> str:
        table, key = (self.sale_taxes, "sale_taxes") if sale else (self.taxes, "taxes")
        closest = min(table, key=lambda mapped: abs(mapped - rate), default=None)
        if closest is None or abs(closest - rate) > RATE_TOLERANCE:
            raise PermanentError(
                f"no ERP tax is mapped for {rate.normalize():f} %: add it under `{key}` in the ERP mapping"
            )
        return table[closest]

    def taxes_for(self, rate: Decimal, *, sale: bool = False) -> list[str]:
        """Untaxed lines need no mapping unless one is given for 0 %; any other rate must be mapped."""
        table = self.sale_taxes if sale else self.taxes
        if rate == 0 and not any(abs(mapped) <= RATE_TOLERANCE for mapped in table):
            return []
        return [self.tax_for(rate, sale=sale)]

    def company_for(self, recipient: str) -> str | None:
        address = recipient.strip().lower()
        for route in self.companies:
            wanted = route.recipient.strip().lower()
            if address == wanted or (wanted.startswith("@") and address.endswith(wanted)):
                return route.company
        return self.default_company

    def currency_for(self, code: str) -> str:
        upper = code.strip().upper()
        aliases = {alias.upper(): iso.upper() for alias, iso in self.currencies.aliases.items()}
        iso = aliases.get(upper, upper)
        allowed = [c.upper() for c in self.currencies.allowed]
        if allowed and iso not in allowed:
            raise PermanentError(f"currency {iso} is not allowed by the ERP mapping ({', '.join(allowed)})")
        return iso


def lines_for(posting: ErpPosting) -> list[LineItem]:
    """Lines with a net amount and a tax rate each. The document's own lines when every one has
    an amount; otherwise one line for the whole net total, at the rate its totals imply."""
    rate = _implied_rate(posting)
    if posting.lines and all(line.net_amount is not None for line in posting.lines):
        return [_complete(line, rate) for line in posting.lines]
    net = posting.net_total
    if net is None:
        net = posting.grand_total - (posting.tax_total or Decimal(0))
    return [LineItem(description=posting.reference, quantity=Decimal(1), unit_price=net,
                     net_amount=net, tax_rate=rate)]


def _complete(line: LineItem, rate: Decimal) -> LineItem:
    assert line.net_amount is not None
    quantity = line.quantity or Decimal(1)
    unit_price = line.unit_price if line.unit_price is not None else line.net_amount / quantity
    tax_rate = line.tax_rate if line.tax_rate is not None else rate
    return line.model_copy(update={"quantity": quantity, "unit_price": unit_price, "tax_rate": tax_rate})


def _implied_rate(posting: ErpPosting) -> Decimal:
    if not posting.tax_total:
        return Decimal(0)
    net = posting.net_total or posting.grand_total - posting.tax_total
    if not net:
        raise PermanentError("the document has tax but no net amount: a tax rate cannot be derived")
    return (posting.tax_total * 100 / net).quantize(_RATE_PLACES)
