"""Hostile and broken input: refused with BadInputError, quickly, and never expanded."""

import time

import pytest

from mailroom.domain.einvoice import DEFAULT_MAX_BYTES, parse_einvoice
from mailroom.domain.errors import BadInputError

from tests.unit.einvoice.truth import FIXTURES

UNECE = "urn:un:unece:uncefact:data:standard:"
CII_NS = (f'xmlns:rsm="{UNECE}CrossIndustryInvoice:100" '
          f'xmlns:ram="{UNECE}ReusableAggregateBusinessInformationEntity:100"')


def billion_laughs(levels: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    doctype = f'<!DOCTYPE lolz [{"".join(entities)}]>'
    return f'<?xml version="1.0"?>{doctype}<lolz>&lol{levels - 1};</lolz>'


def refused(xml: bytes, **kwargs: int) -> str:
    started = time.perf_counter()
    with pytest.raises(BadInputError) as caught:
        parse_einvoice(xml, **kwargs)
    assert time.perf_counter() - started < 1.0  # bounded time
    return str(caught.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_billion_laughs_is_refused_without_expanding(encoding: str) -> None:
    doc = billion_laughs().replace('encoding="utf-8"', "")
    message = refused(doc.encode(encoding))
    assert "DOCTYPE" in message and "lollollol" not in message


def test_external_entity_is_refused_and_never_read() -> None:
    doc = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<rsm:CrossIndustryInvoice {CII_NS}><rsm:ExchangedDocument><ram:ID>&x;</ram:ID>'
           f'</rsm:ExchangedDocument></rsm:CrossIndustryInvoice>')
    message = refused(doc.encode())
    assert "DOCTYPE" in message and "root:" not in message


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">',  # no network: nothing is fetched
    '<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',  # parameter entity
    '<!DOCTYPE r>',  # even a harmless DOCTYPE: no e-invoice syntax has one
])
def test_any_doctype_is_refused(doctype: str) -> None:
    assert "DOCTYPE" in refused(f'<?xml version="1.0"?>{doctype}<r/>'.encode())


def test_oversized_input_is_refused_before_parsing() -> None:
    xml = (FIXTURES / "facturx_minimum_horstoeko.xml").read_bytes()
    assert "over the limit of 1000" in refused(xml, max_bytes=1000)
    assert parse_einvoice(xml, max_bytes=len(xml)).value("invoice_number") == "F20220027"
    assert "over the limit" in refused(b" " * (DEFAULT_MAX_BYTES + 1))


def test_deep_nesting_is_refused() -> None:
    assert "malformed" in refused(b"<a>" * 100_000 + b"</a>" * 100_000)


@pytest.mark.parametrize("xml", [
    b"", b"   \n", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", b"<Invoice><cbc:ID>1</Invoice>",
    (FIXTURES / "ubl_peppol_invoice.xml").read_bytes()[:-200],  # truncated
])
def test_malformed_input_is_refused(xml: bytes) -> None:
    assert "e-invoice XML" in refused(xml)


def test_text_instead_of_bytes_is_refused() -> None:
    assert "bytes" in refused("<Invoice/>")  # type: ignore[arg-type]


@pytest.mark.parametrize(("xml", "root"), [
    (b"<html><body/></html>", "html"),
    (b'<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>',
     "{urn:oasis:names:specification:ubl:schema:xsd:Order-2}Order"),
    (b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:example:not-cii"/>',
     "{urn:example:not-cii}CrossIndustryInvoice"),
])
def test_unknown_root_is_named(xml: bytes, root: str) -> None:
    assert refused(xml) == f"not a supported e-invoice: root element {root}"


UBL = "urn:oasis:names:specification:ubl:schema:xsd:"


def test_hostile_repetition_stays_linear() -> None:
    """50 000 currencies and 50 000 VAT totals: a path from each total back to the currency
    would be quadratic; the engine reads the currency once and uses it as an XPath variable."""
    n = 50_000
    doc = (f'<Invoice xmlns="{UBL}Invoice-2" xmlns:cac="{UBL}CommonAggregateComponents-2" '
           f'xmlns:cbc="{UBL}CommonBasicComponents-2">'
           + "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>" * n
           + '<cac:TaxTotal><cbc:TaxAmount currencyID="USD">1</cbc:TaxAmount></cac:TaxTotal>' * n
           + "</Invoice>")
    started = time.perf_counter()
    found = parse_einvoice(doc.encode())
    assert time.perf_counter() - started < 3.0
    assert found.value("currency") == "EUR" and found.value("tax_total") is None


def test_repeated_ksef_bucket_is_reported_not_added() -> None:
    doc = ('<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Fa>'
           + "<P_13_1>100</P_13_1>" * 3 + "<P_15>123</P_15></Fa></Faktura>")
    found = parse_einvoice(doc.encode())
    assert found.value("net_total") is None and found.value("grand_total") == "123.00"
    problems = [c.detail for c in found.checks if not c.ok]
    assert problems == ["/Faktura/Fa/P_13_1[1]: P_13_1 appears 3 times"]
