"""OASIS UBL 2.1 Invoice and CreditNote: Peppol BIS Billing 3.0, XRechnung-UBL, Romania's
e-Factura (CIUS-RO) and every other EN 16931 UBL CIUS put the business terms in the same places,
so one table per root element serves them all."""

from mailroom.domain.einvoice.syntax import LineTable, Syntax, TypeRule, rule
from mailroom.domain.einvoice.values import CREDIT_NOTE_CODES
from mailroom.domain.models import DocumentType

_OASIS = "urn:oasis:names:specification:ubl:schema:xsd:"
INVOICE_NS = _OASIS + "Invoice-2"
CREDIT_NOTE_NS = _OASIS + "CreditNote-2"


def _table(root_ns: str, kind: str) -> Syntax:
    """`kind` is "Invoice" or "CreditNote": it names the lines, quantities and type code."""
    supplier = "cac:AccountingSupplierParty/cac:Party"
    customer = "cac:AccountingCustomerParty/cac:Party"
    totals, account = "cac:LegalMonetaryTotal", "cac:PaymentMeans/cac:PayeeFinancialAccount"
    vat = "cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID) = 'VAT']/cbc:CompanyID"
    # BT-84 is "payment account identifier": an IBAN, or a national account number that is not.
    iban_like = "[re:test(normalize-space(.), '^[A-Za-z]{2}[0-9]{2}')]"
    fields = (
        rule("invoice_number", "text", ("cbc:ID", "document number (BT-1)")),
        rule("issue_date", "date", ("cbc:IssueDate", "issue date (BT-2)")),
        rule("due_date", "date",
             ("cbc:DueDate", "payment due date (BT-9)"),
             ("cac:PaymentMeans/cbc:PaymentDueDate", "payment due date (BT-9, credit note)")),
        rule("seller_name", "text",
             (f"{supplier}/cac:PartyLegalEntity/cbc:RegistrationName", "seller name (BT-27)"),
             (f"{supplier}/cac:PartyName/cbc:Name", "seller trading name (BT-28)")),
        rule("seller_vat_id", "id", (f"{supplier}/{vat}", "seller VAT identifier (BT-31)")),
        rule("buyer_name", "text",
             (f"{customer}/cac:PartyLegalEntity/cbc:RegistrationName", "buyer name (BT-44)"),
             (f"{customer}/cac:PartyName/cbc:Name", "buyer trading name (BT-45)")),
        rule("buyer_vat_id", "id", (f"{customer}/{vat}", "buyer VAT identifier (BT-48)")),
        rule("po_number", "text",
             ("cac:OrderReference/cbc:ID", "purchase order reference (BT-13)")),
        rule("currency", "code", ("cbc:DocumentCurrencyCode", "currency (BT-5)")),
        rule("net_total", "amount",
             (f"{totals}/cbc:TaxExclusiveAmount", "total without VAT (BT-109)")),
        # A second TaxTotal may repeat the VAT in the accounting currency (BT-111); $currency is
        # the document currency read above.
        rule("tax_total", "amount", (
            "cac:TaxTotal/cbc:TaxAmount[@currencyID = $currency or $currency = '']",
            "total VAT in the invoice currency (BT-110)")),
        rule("grand_total", "amount",
             (f"{totals}/cbc:TaxInclusiveAmount", "total with VAT (BT-112)")),
        rule("iban", "id",
             (f"{account}/cbc:ID{iban_like}", "payee IBAN (BT-84)")),
        rule("bic", "id",
             (f"{account}/cac:FinancialInstitutionBranch/cbc:ID", "payee BIC (BT-86)")),
    )
    quantity = "cbc:InvoicedQuantity" if kind == "Invoice" else "cbc:CreditedQuantity"
    credit: dict[str, DocumentType] = dict.fromkeys(CREDIT_NOTE_CODES, "credit_note")
    return Syntax(
        label=f"UBL 2.1 {kind} (Peppol BIS 3, XRechnung, CIUS-RO)",
        namespaces={
            "ubl": root_ns,
            "cac": _OASIS + "CommonAggregateComponents-2",
            "cbc": _OASIS + "CommonBasicComponents-2",
            "re": "http://exslt.org/regular-expressions",
        },
        fields=fields,
        # A CreditNote is a credit note whatever its code; an Invoice may still carry a credit code.
        document_type=(
            TypeRule("invoice", "cbc:InvoiceTypeCode", credit) if kind == "Invoice"
            else TypeRule("credit_note")
        ),
        lines=LineTable(
            items=f"cac:{kind}Line",
            description=("cac:Item/cbc:Name", "cac:Item/cbc:Description"),
            quantity=(quantity,),
            unit_price=("cac:Price/cbc:PriceAmount",),
            net_amount=("cbc:LineExtensionAmount",),
            tax_rate=("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent",),
        ),
        line_total=rule("line_total", "amount",
                        (f"{totals}/cbc:LineExtensionAmount", "sum of line nets (BT-106)")),
        bare_ns=root_ns,  # paths read /Invoice/cbc:ID, as the UBL and Peppol documents write them
    )


INVOICE = _table(INVOICE_NS, "Invoice")
CREDIT_NOTE = _table(CREDIT_NOTE_NS, "CreditNote")
