"""The UN/CEFACT CII family: Factur-X / ZUGFeRD 2.x / XRechnung-CII (CrossIndustryInvoice, D16B),
ZUGFeRD 1.0 (CrossIndustryDocument) and Order-X (SCRDMCCBDACIOMessageStructure, D20B).

The three carry the same business terms in the same places under different element names, so
one builder takes a `Shape` (the names) and returns the table; no syntax is written twice."""

from dataclasses import dataclass, replace

from mailroom.domain.einvoice.syntax import LineTable, Pick, Rule, Syntax, TypeRule, rule
from mailroom.domain.einvoice.values import CREDIT_NOTE_CODES
from mailroom.domain.models import DocumentType

_UNECE = "urn:un:unece:uncefact:data:standard:"


@dataclass(frozen=True)
class Shape:
    label: str
    namespaces: dict[str, str]
    header: str  # the document: number, type code, issue date
    transaction: str
    agreement: str  # parties and referenced documents
    settlement: str  # currency, payment, totals
    summation: str  # the header totals, inside `settlement`
    currency: str
    reference_id: str  # the id element of a referenced document
    line_delivery: str
    line_quantity: str
    line_agreement: str
    line_settlement: str
    line_summation: str
    line_rate: str


CII_D16B = Shape(
    label="UN/CEFACT CII (Factur-X, ZUGFeRD 2, XRechnung)",
    namespaces={
        "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
        "ram": _UNECE + "ReusableAggregateBusinessInformationEntity:100",
        "udt": _UNECE + "UnqualifiedDataType:100",
        "qdt": _UNECE + "QualifiedDataType:100",
    },
    header="rsm:ExchangedDocument",
    transaction="rsm:SupplyChainTradeTransaction",
    agreement="ram:ApplicableHeaderTradeAgreement",
    settlement="ram:ApplicableHeaderTradeSettlement",
    summation="ram:SpecifiedTradeSettlementHeaderMonetarySummation",
    currency="ram:InvoiceCurrencyCode",
    reference_id="ram:IssuerAssignedID",
    line_delivery="ram:SpecifiedLineTradeDelivery",
    line_quantity="ram:BilledQuantity",
    line_agreement="ram:SpecifiedLineTradeAgreement",
    line_settlement="ram:SpecifiedLineTradeSettlement",
    line_summation="ram:SpecifiedTradeSettlementLineMonetarySummation",
    line_rate="ram:RateApplicablePercent",
)

ORDER_X = replace(
    CII_D16B,
    label="Order-X (UN/CEFACT SCRDM CIO)",
    namespaces={
        "rsm": "urn:un:unece:uncefact:data:SCRDMCCBDACIOMessageStructure:100",
        "ram": _UNECE + "ReusableAggregateBusinessInformationEntity:128",
        "udt": _UNECE + "UnqualifiedDataType:128",
        "qdt": _UNECE + "QualifiedDataType:128",
    },
    currency="ram:OrderCurrencyCode",
    line_quantity="ram:RequestedQuantity",
)

ZUGFERD_1 = Shape(
    label="ZUGFeRD 1.0 (CII D14)",
    namespaces={
        "rsm": "urn:ferd:CrossIndustryDocument:invoice:1p0",
        "ram": _UNECE + "ReusableAggregateBusinessInformationEntity:12",
        "udt": _UNECE + "UnqualifiedDataType:15",
    },
    header="rsm:HeaderExchangedDocument",
    transaction="rsm:SpecifiedSupplyChainTradeTransaction",
    agreement="ram:ApplicableSupplyChainTradeAgreement",
    settlement="ram:ApplicableSupplyChainTradeSettlement",
    summation="ram:SpecifiedTradeSettlementMonetarySummation",
    currency="ram:InvoiceCurrencyCode",
    reference_id="ram:ID",
    line_delivery="ram:SpecifiedSupplyChainTradeDelivery",
    line_quantity="ram:BilledQuantity",
    line_agreement="ram:SpecifiedSupplyChainTradeAgreement",
    line_settlement="ram:SpecifiedSupplyChainTradeSettlement",
    line_summation="ram:SpecifiedTradeSettlementMonetarySummation",
    line_rate="ram:ApplicablePercent",
)


def rules(s: Shape) -> dict[str, Rule]:
    doc, agr = s.header, f"{s.transaction}/{s.agreement}"
    stl = f"{s.transaction}/{s.settlement}"
    tot, means = f"{stl}/{s.summation}", f"{stl}/ram:SpecifiedTradeSettlementPaymentMeans"
    seller, buyer = f"{agr}/ram:SellerTradeParty", f"{agr}/ram:BuyerTradeParty"
    vat = "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"  # 'FC' is a national tax number
    # With no document-level allowance or charge, the line total is the net total (BR-CO-13).
    # [1] first: the test then runs once, however many totals a hostile document repeats.
    bare_lines = (
        "ram:LineTotalAmount[1][not(../ram:AllowanceTotalAmount != 0)"
        " and not(../ram:ChargeTotalAmount != 0) and not(../../ram:SpecifiedTradeAllowanceCharge)]"
    )
    # CII may give the VAT total twice: in the invoice currency (BT-110) and the VAT accounting
    # currency (BT-111); the invoice currency, read before, is the one the other totals are in.
    in_currency = "[not(@currencyID) or $currency = '' or @currencyID = $currency]"
    found = [
        rule("invoice_number", "text", (f"{doc}/ram:ID", "document number (BT-1)")),
        rule("issue_date", "date",
             (f"{doc}/ram:IssueDateTime/udt:DateTimeString", "issue date (BT-2)")),
        rule("due_date", "date", (
            f"{stl}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString",
            "payment due date (BT-9)")),
        rule("seller_name", "text", (f"{seller}/ram:Name", "seller name (BT-27)")),
        rule("seller_vat_id", "id", (f"{seller}/{vat}", "seller VAT identifier (BT-31)")),
        rule("buyer_name", "text", (f"{buyer}/ram:Name", "buyer name (BT-44)")),
        rule("buyer_vat_id", "id", (f"{buyer}/{vat}", "buyer VAT identifier (BT-48)")),
        rule("po_number", "text", (
            f"{agr}/ram:BuyerOrderReferencedDocument/{s.reference_id}",
            "purchase order reference (BT-13)")),
        rule("currency", "code", (f"{stl}/{s.currency}", "currency (BT-5)")),
        rule("net_total", "amount",
             (f"{tot}/ram:TaxBasisTotalAmount", "total without VAT (BT-109)"),
             (f"{tot}/{bare_lines}", "sum of line nets (BT-106), no document allowance or charge")),
        rule("tax_total", "amount", (
            f"{tot}/ram:TaxTotalAmount{in_currency}",
            "total VAT in the invoice currency (BT-110)")),
        rule("grand_total", "amount", (f"{tot}/ram:GrandTotalAmount", "total with VAT (BT-112)")),
        # The payee's account: the payer's (direct debit) account is the buyer's own.
        rule("iban", "id",
             (f"{means}/ram:PayeePartyCreditorFinancialAccount/ram:IBANID", "payee IBAN (BT-84)")),
        rule("bic", "id", (
            f"{means}/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID",
            "payee BIC (BT-86)")),
    ]
    return {r.name: r for r in found}


def table(s: Shape, fields: dict[str, Rule], document_type: TypeRule) -> Syntax:
    totals = f"{s.transaction}/{s.settlement}/{s.summation}"
    # EXTENDED sub-lines: GROUP and INFORMATION lines are not counted in the totals.
    skip = "ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode"
    product = "ram:SpecifiedTradeProduct"
    return Syntax(
        label=s.label,
        namespaces=s.namespaces,
        fields=tuple(fields.values()),
        document_type=document_type,
        lines=LineTable(
            items=f"{s.transaction}/ram:IncludedSupplyChainTradeLineItem"
                  f"[not({skip} = 'GROUP' or {skip} = 'INFORMATION')]",
            description=(f"{product}/ram:Name", f"{product}/ram:Description"),
            quantity=(f"{s.line_delivery}/{s.line_quantity}",),
            unit_price=(f"{s.line_agreement}/ram:NetPriceProductTradePrice/ram:ChargeAmount",),
            net_amount=(f"{s.line_settlement}/{s.line_summation}/ram:LineTotalAmount",),
            tax_rate=(f"{s.line_settlement}/ram:ApplicableTradeTax/{s.line_rate}",),
        ),
        line_total=rule("line_total", "amount",
                        (f"{totals}/ram:LineTotalAmount", "sum of line nets (BT-106)")),
    )


def _invoice(s: Shape) -> Syntax:
    credit: dict[str, DocumentType] = dict.fromkeys(CREDIT_NOTE_CODES, "credit_note")
    return table(s, rules(s), TypeRule("invoice", f"{s.header}/ram:TypeCode", credit))


def _order() -> Syntax:
    # An order's own number is both its document number and the PO number the seller quotes.
    own = Pick(f"{ORDER_X.header}/ram:ID", "order number")
    fields = rules(ORDER_X) | {
        "invoice_number": Rule("invoice_number", "text", (own,)),
        "po_number": Rule("po_number", "text", (own,)),
    }
    for absent in ("due_date", "iban", "bic"):  # Order-X has no due date nor payee account
        fields.pop(absent)
    return table(ORDER_X, fields, TypeRule("purchase_order"))


CII = _invoice(CII_D16B)
ZUGFERD1 = _invoice(ZUGFERD_1)
ORDERX = _order()
