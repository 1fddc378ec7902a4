"""Exact reading of structured e-invoices: the syntax is known from the root element alone.

    UN/CEFACT CII   rsm:CrossIndustryInvoice    Factur-X, ZUGFeRD 2.x (all profiles), XRechnung
    ZUGFeRD 1.0     rsm:CrossIndustryDocument
    Order-X         rsm:SCRDMCCBDACIOMessageStructure    purchase orders
    UBL 2.1         Invoice, CreditNote         Peppol BIS 3, XRechnung-UBL, CIUS-RO
    KSeF            Faktura                     FA(2), FA(3)

Every syntax is a table (cii.py, ubl.py, ksef.py) read by one engine (engine.py)."""

from mailroom.domain.einvoice import cii, ksef, ubl
from mailroom.domain.einvoice.engine import read
from mailroom.domain.einvoice.safe_xml import DEFAULT_MAX_BYTES, load
from mailroom.domain.einvoice.syntax import Syntax
from mailroom.domain.errors import BadInputError
from mailroom.domain.models import Extraction

SYNTAXES: dict[str, Syntax] = {
    f"{{{cii.CII_D16B.namespaces['rsm']}}}CrossIndustryInvoice": cii.CII,
    f"{{{cii.ZUGFERD_1.namespaces['rsm']}}}CrossIndustryDocument": cii.ZUGFERD1,
    f"{{{cii.ORDER_X.namespaces['rsm']}}}SCRDMCCBDACIOMessageStructure": cii.ORDERX,
    f"{{{ubl.INVOICE_NS}}}Invoice": ubl.INVOICE,
    f"{{{ubl.CREDIT_NOTE_NS}}}CreditNote": ubl.CREDIT_NOTE,
    f"{{{ksef.FA2_NS}}}Faktura": ksef.FA2,
    f"{{{ksef.FA3_NS}}}Faktura": ksef.FA3,
}


def parse_einvoice(xml: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extraction:
    """Fields, lines and checks of one e-invoice or Order-X order. BadInputError when the bytes
    are too large, not well-formed, carry a DOCTYPE, or are no syntax listed above."""
    root = load(xml, max_bytes)
    syntax = SYNTAXES.get(root.tag)
    if syntax is None:
        raise BadInputError(f"not a supported e-invoice: root element {root.tag}")
    return read(syntax, root)


__all__ = ["DEFAULT_MAX_BYTES", "SYNTAXES", "parse_einvoice"]
