"""What each syntax table decides: which of several candidate elements is the field, how paths
are written, which lines count, which codes make a credit note. Variants of the golden files."""

from decimal import Decimal

import pytest

from mailroom.domain.einvoice import parse_einvoice
from mailroom.domain.models import Extraction

from tests.unit.einvoice.truth import FIXTURES


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def parse(text: str) -> Extraction:
    return parse_einvoice(text.encode("utf-8"))


def edited(name: str, old: str, new: str) -> Extraction:
    text = fixture(name)
    assert old in text, old
    return parse(text.replace(old, new, 1))


def failed(extraction: Extraction) -> dict[str, str]:
    return {c.name: c.detail for c in extraction.checks if not c.ok}


MINIMUM = "facturx_minimum_horstoeko.xml"
MUSTANG = "facturx_en16931_mustang_beispiel.xml"


# --- provenance paths ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "path"), [
    (MINIMUM, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID"),
    ("zugferd1_konik_acme_invoice-42.xml",
     "/rsm:CrossIndustryDocument/rsm:HeaderExchangedDocument/ram:ID"),
    ("orderx_comfort_order.xml", "/rsm:SCRDMCCBDACIOMessageStructure/rsm:ExchangedDocument/ram:ID"),
    ("ubl_peppol_invoice.xml", "/Invoice/cbc:ID"),
    ("ubl_peppol_creditnote.xml", "/CreditNote/cbc:ID"),
    ("ksef_fa2_invoice.xml", "/Faktura/Fa/P_2"),
])
def test_invoice_number_path(name: str, path: str) -> None:
    assert parse(fixture(name)).fields["invoice_number"].provenance.xml_path == path


def test_paths_use_the_standard_prefixes_whatever_the_sender_chose() -> None:
    text = fixture(MINIMUM)
    for old, new in (("rsm", "inv"), ("ram", "a"), ("udt", "dt")):
        text = text.replace(f"xmlns:{old}=", f"xmlns:{new}=").replace(f"<{old}:", f"<{new}:")
        text = text.replace(f"</{old}:", f"</{new}:")
    renamed, original = parse(text), parse(fixture(MINIMUM))
    assert renamed.fields == original.fields


def test_repeated_elements_get_an_index() -> None:
    found = parse(fixture("ubl_peppol_invoice.xml")).fields["tax_total"]
    assert found.provenance.xml_path == "/Invoice/cac:TaxTotal[2]/cbc:TaxAmount"


# --- CII family -------------------------------------------------------------------------------

def test_cii_vat_total_is_the_one_in_the_invoice_currency() -> None:
    vat = '<ram:TaxTotalAmount currencyID="EUR">10.00</ram:TaxTotalAmount>'
    usd = '<ram:TaxTotalAmount currencyID="USD">11.80</ram:TaxTotalAmount>'
    found = edited(MINIMUM, vat, usd + vat)
    assert found.value("tax_total") == "10.00"
    assert found.fields["tax_total"].provenance.xml_path.endswith("/ram:TaxTotalAmount[2]")


def test_cii_seller_vat_id_is_the_va_registration_not_the_fc_tax_number() -> None:
    va = '<ram:ID schemeID="VA">FR11123456782</ram:ID>'
    found = edited(MINIMUM, va, '<ram:ID schemeID="FC">201/113/40209</ram:ID>')
    assert found.value("seller_vat_id") is None
    konik = parse(fixture("zugferd1_konik_acme_invoice-42.xml"))  # FC only
    assert konik.value("seller_vat_id") is None


def test_cii_net_total_is_the_tax_basis_not_the_line_total() -> None:
    mustang = parse(fixture(MUSTANG))  # a 4.99 shipping charge sits between them
    assert (mustang.value("net_total"), mustang.lines[0].net_amount) == ("809.34", Decimal("84.95"))
    assert mustang.fields["net_total"].provenance.xml_path.endswith("/ram:TaxBasisTotalAmount")


def test_cii_line_total_stands_in_for_net_total_only_without_allowances_or_charges() -> None:
    konik = parse(fixture("zugferd1_konik_acme_invoice-42.xml"))
    assert konik.value("net_total") == "100.00" and "BT-106" in konik.fields["net_total"].why
    no_basis = edited(MUSTANG, "<ram:TaxBasisTotalAmount>809.34</ram:TaxBasisTotalAmount>", "")
    assert no_basis.value("net_total") is None  # ChargeTotalAmount 4.99: the line total is not net


def test_cii_extended_group_and_information_lines_are_not_lines() -> None:
    first = "<ram:LineID>1</ram:LineID>"
    info = first + "<ram:LineStatusReasonCode>INFORMATION</ram:LineStatusReasonCode>"
    found = edited("facturx_extended_horstoeko.xml", first, info)
    assert [line.description for line in found.lines] == ["FOURNITURES DIVERSES", "APPEL"]
    assert failed(found).keys() == {"lines_sum"}  # reported, nothing adjusted


@pytest.mark.parametrize(("code", "document_type"), [
    ("380", "invoice"), ("384", "invoice"), ("389", "invoice"),
    ("381", "credit_note"), ("261", "credit_note"), ("396", "credit_note"), ("81", "credit_note"),
])
def test_cii_type_codes(code: str, document_type: str) -> None:
    found = edited(MINIMUM, "<ram:TypeCode>380<", f"<ram:TypeCode> {code} <")
    assert found.document_type == document_type


def test_order_x_is_a_purchase_order_numbered_by_its_own_id() -> None:
    order = parse(fixture("orderx_comfort_order.xml"))
    assert order.document_type == "purchase_order"
    assert order.value("po_number") == order.value("invoice_number") == "PO-2026-0815"
    assert [line.quantity for line in order.lines] == [Decimal(6), Decimal(12)]


# --- UBL --------------------------------------------------------------------------------------

def test_ubl_account_that_is_not_an_iban_is_not_an_iban() -> None:
    found = edited("ubl_peppol_invoice.xml", "SE45 5000 0000 0583 9825 7466", "86011117947")
    assert found.value("iban") is None and found.value("bic") == "ESSESESS"


def test_ubl_invoice_with_a_credit_note_code_is_a_credit_note() -> None:
    found = edited("ubl_peppol_invoice.xml", "<cbc:InvoiceTypeCode>380", "<cbc:InvoiceTypeCode>381")
    assert found.document_type == "credit_note"


def test_ubl_seller_trading_name_when_no_legal_name() -> None:
    legal = "<cbc:RegistrationName>Nordic Tools AB</cbc:RegistrationName>"
    found = edited("ubl_peppol_invoice.xml", legal, "")
    assert found.value("seller_name") == "Nordic Tools"


# --- KSeF -------------------------------------------------------------------------------------

def test_ksef_totals_add_the_rate_buckets_and_ignore_the_pln_repeat() -> None:
    found = parse(fixture("ksef_fa3_invoice_eur.xml"))
    assert (found.value("net_total"), found.value("tax_total")) == ("700.00", "46.00")
    path = found.fields["net_total"].provenance.xml_path
    assert path == "/Faktura/Fa/P_13_1 + /Faktura/Fa/P_13_6_2"


def test_ksef_eu_buyer_vat_number_gets_its_country_code() -> None:
    found = parse(fixture("ksef_fa3_invoice_eur.xml")).fields["buyer_vat_id"]
    assert found.value == "DE123456789"
    assert found.provenance.xml_path == "/Faktura/Podmiot2/DaneIdentyfikacyjne/NrVatUE"
    assert "KodUE" in found.why


def test_ksef_polish_account_number_becomes_its_iban() -> None:
    assert parse(fixture("ksef_fa2_invoice.xml")).value("iban") == "PL61109010140000071219812874"


def test_ksef_correction_is_a_credit_note_without_before_rows_or_line_sum() -> None:
    found = parse(fixture("ksef_fa3_correction.xml"))
    assert found.document_type == "credit_note"
    assert [line.quantity for line in found.lines] == [Decimal(1)]
    assert "lines_sum" not in {c.name for c in found.checks}


@pytest.mark.parametrize(("code", "rate"), [
    ("zw", 0), ("oo", 0), ("np I", 0), ("0 KR", 0), ("5", 5),
])
def test_ksef_rate_codes(code: str, rate: int) -> None:
    found = edited("ksef_fa2_invoice.xml", "<P_12>8</P_12>", f"<P_12>{code}</P_12>")
    assert found.lines[2].tax_rate == Decimal(rate)


# --- broken values and failed checks: reported, never repaired -------------------------------

def test_unreadable_values_are_absent_and_reported() -> None:
    text = fixture(MINIMUM).replace("<ram:GrandTotalAmount>110.00", "<ram:GrandTotalAmount>110,00")
    text = text.replace(">20220131<", ">20220230<")
    found = parse(text)
    assert found.value("grand_total") is None and found.value("issue_date") is None
    problems = failed(found)
    assert "not a decimal: '110,00'" in problems["grand_total"]
    assert problems["issue_date"].startswith("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/")


def test_a_month_is_not_a_calendar_day() -> None:
    day = '<udt:DateTimeString format="102">20220131'
    found = edited(MINIMUM, day, '<udt:DateTimeString format="610">202201')
    assert found.value("issue_date") is None
    assert "format '610'" in failed(found)["issue_date"]


def test_bad_line_values_are_reported() -> None:
    found = edited("ksef_fa2_invoice.xml", "<P_8B>2</P_8B>", "<P_8B>two</P_8B>")
    assert found.lines[2].quantity is None
    assert "line 3 quantity" in failed(found)["line"]


def test_inconsistent_documents_keep_their_values_and_fail_their_checks() -> None:
    text = fixture("ubl_peppol_invoice.xml")
    text = text.replace("<cbc:DueDate>2026-03-15", "<cbc:DueDate>2026-01-15")
    text = text.replace('"EUR">455.50</cbc:TaxInclusive', '"EUR">455.51</cbc:TaxInclusive')
    text = text.replace('"EUR">150.00</cbc:LineExtension', '"EUR">150.10</cbc:LineExtension')
    found = parse(text)
    assert (found.value("due_date"), found.value("grand_total")) == ("2026-01-15", "455.51")
    assert failed(found).keys() == {"lines_sum", "totals_add_up", "due_after_issue"}
