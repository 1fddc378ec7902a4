"""Generated CII and UBL documents with random amounts, dates and identifiers come back exactly."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from hypothesis import given, settings
from hypothesis import strategies as st

from mailroom.domain.einvoice import parse_einvoice

UNECE = "urn:un:unece:uncefact:data:standard:"
CII_NS = {"rsm": f"{UNECE}CrossIndustryInvoice:100",
          "ram": f"{UNECE}ReusableAggregateBusinessInformationEntity:100",
          "udt": f"{UNECE}UnqualifiedDataType:100"}
UBL = "urn:oasis:names:specification:ubl:schema:xsd:"
UBL_NS = {"": f"{UBL}Invoice-2", "cac": f"{UBL}CommonAggregateComponents-2",
          "cbc": f"{UBL}CommonBasicComponents-2"}


def el(tag: str, *content: str, **attrs: str) -> str:
    """An element; text content must already be escaped."""
    attributes = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
    return f"<{tag}{attributes}>{''.join(content)}</{tag}>"


def xmlns(namespaces: dict[str, str]) -> dict[str, str]:
    return {(f"xmlns:{p}" if p else "xmlns"): uri for p, uri in namespaces.items()}


@dataclass
class Doc:
    number: str
    seller: str
    vat_id: str
    iban: str
    issued: date
    due: date
    net: Decimal
    tax: Decimal
    lines: list[tuple[str, Decimal, Decimal]]  # description, quantity, net

    @property
    def grand(self) -> Decimal:
        return self.net + self.tax


CHARS = "AZaz09 /-_.&<>\"'äöüßéèłąćřșțÆ€"
TEXT = st.text(alphabet=st.sampled_from(CHARS), min_size=1, max_size=30).map(str.strip).filter(bool)
CENTS = st.integers(min_value=-10**11, max_value=10**11).map(lambda n: Decimal(n) / 100)
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
VAT_IDS = st.from_regex(r"[A-Za-z]{2}[0-9A-Za-z]{2,12}", fullmatch=True)
IBANS = st.from_regex(r"[A-Z]{2}[0-9]{2}[0-9A-Z]{10,26}", fullmatch=True)
LINES = st.lists(st.tuples(TEXT, st.integers(1, 10**6).map(Decimal), CENTS), max_size=5)


@st.composite
def docs(draw: st.DrawFn) -> Doc:
    lines = draw(LINES)
    net = sum((n for _, _, n in lines), Decimal(0)) if lines else draw(CENTS)
    return Doc(draw(TEXT), draw(TEXT), draw(VAT_IDS), draw(IBANS), draw(DATES), draw(DATES),
               net.quantize(Decimal("0.01")), draw(CENTS), lines)


@st.composite
def printed(draw: st.DrawFn, value: Decimal) -> str:
    """The same amount as senders print it: '12.50', '12.5000', '12.5' or '12'."""
    text = f"{value:.2f}"
    style = draw(st.sampled_from(["plain", "padded", "trimmed"]))
    if style == "padded":
        return text + "00"
    return text.rstrip("0").rstrip(".") if style == "trimmed" else text


def spaced(identifier: str) -> str:
    return " ".join(identifier[i:i + 4] for i in range(0, len(identifier), 4))


def cii(d: Doc, draw: st.DrawFn) -> bytes:
    def amount(tag: str, value: Decimal, **attrs: str) -> str:
        return el(f"ram:{tag}", draw(printed(value)), **attrs)

    def day(value: date) -> str:
        return el("udt:DateTimeString", f"{value:%Y%m%d}", format="102")

    lines = [el(
        "ram:IncludedSupplyChainTradeLineItem",
        el("ram:SpecifiedTradeProduct", el("ram:Name", escape(desc))),
        el("ram:SpecifiedLineTradeDelivery", el("ram:BilledQuantity", str(qty), unitCode="C62")),
        el("ram:SpecifiedLineTradeSettlement", el(
            "ram:SpecifiedTradeSettlementLineMonetarySummation", amount("LineTotalAmount", net))),
    ) for desc, qty, net in d.lines]
    seller = el("ram:SellerTradeParty", el("ram:Name", escape(d.seller)), el(
        "ram:SpecifiedTaxRegistration", el("ram:ID", spaced(d.vat_id), schemeID="VA")))
    settlement = el(
        "ram:ApplicableHeaderTradeSettlement",
        el("ram:InvoiceCurrencyCode", "EUR"),
        el("ram:SpecifiedTradeSettlementPaymentMeans", el("ram:TypeCode", "58"), el(
            "ram:PayeePartyCreditorFinancialAccount", el("ram:IBANID", spaced(d.iban)))),
        el("ram:SpecifiedTradePaymentTerms", el("ram:DueDateDateTime", day(d.due))),
        el("ram:SpecifiedTradeSettlementHeaderMonetarySummation",
           amount("LineTotalAmount", d.net), amount("TaxBasisTotalAmount", d.net),
           amount("TaxTotalAmount", d.tax, currencyID="EUR"), amount("GrandTotalAmount", d.grand)),
    )
    return el(
        "rsm:CrossIndustryInvoice",
        el("rsm:ExchangedDocument", el("ram:ID", escape(d.number)), el("ram:TypeCode", "380"),
           el("ram:IssueDateTime", day(d.issued))),
        el("rsm:SupplyChainTradeTransaction", *lines,
           el("ram:ApplicableHeaderTradeAgreement", seller), settlement),
        **xmlns(CII_NS),
    ).encode()


def ubl(d: Doc, draw: st.DrawFn) -> bytes:
    def amount(tag: str, value: Decimal) -> str:
        return el(f"cbc:{tag}", draw(printed(value)), currencyID="EUR")

    lines = [el(
        "cac:InvoiceLine", el("cbc:ID", str(i)),
        el("cbc:InvoicedQuantity", str(qty), unitCode="C62"),
        amount("LineExtensionAmount", net), el("cac:Item", el("cbc:Name", escape(desc))),
    ) for i, (desc, qty, net) in enumerate(d.lines, 1)]
    supplier = el("cac:AccountingSupplierParty", el(
        "cac:Party",
        el("cac:PartyTaxScheme", el("cbc:CompanyID", spaced(d.vat_id)),
           el("cac:TaxScheme", el("cbc:ID", "VAT"))),
        el("cac:PartyLegalEntity", el("cbc:RegistrationName", escape(d.seller))),
    ))
    return el(
        "Invoice",
        el("cbc:ID", escape(d.number)), el("cbc:IssueDate", d.issued.isoformat()),
        el("cbc:DueDate", d.due.isoformat()), el("cbc:InvoiceTypeCode", "380"),
        el("cbc:DocumentCurrencyCode", "EUR"), supplier,
        el("cac:PaymentMeans", el("cbc:PaymentMeansCode", "30"),
           el("cac:PayeeFinancialAccount", el("cbc:ID", spaced(d.iban)))),
        el("cac:TaxTotal", amount("TaxAmount", d.tax)),
        el("cac:LegalMonetaryTotal", amount("LineExtensionAmount", d.net),
           amount("TaxExclusiveAmount", d.net), amount("TaxInclusiveAmount", d.grand),
           amount("PayableAmount", d.grand)),
        *lines,
        **xmlns(UBL_NS),
    ).encode()


@settings(max_examples=150, deadline=None)
@given(d=docs(), syntax=st.sampled_from([cii, ubl]), data=st.data())
def test_generated_documents_round_trip_exactly(d: Doc, syntax, data: st.DataObject) -> None:
    extraction = parse_einvoice(syntax(d, data.draw))
    assert {name: f.value for name, f in extraction.fields.items()} == {
        "invoice_number": d.number, "issue_date": d.issued.isoformat(),
        "due_date": d.due.isoformat(), "seller_name": d.seller, "seller_vat_id": d.vat_id.upper(),
        "currency": "EUR", "iban": d.iban, "net_total": f"{d.net:.2f}",
        "tax_total": f"{d.tax:.2f}", "grand_total": f"{d.grand:.2f}",
    }
    assert [(x.description, x.quantity, x.net_amount) for x in extraction.lines] == d.lines
    assert {c.name: c.ok for c in extraction.checks} == {
        **({"lines_sum": True} if d.lines else {}),
        "totals_add_up": True, "due_after_issue": d.due >= d.issued,
    }
