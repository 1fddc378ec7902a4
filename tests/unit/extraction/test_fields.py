"""Whole documents, one per language, laid out in columns as vendors print them."""

import pytest
from mailroom.domain.extraction import extract_fields
from mailroom.domain.models import FIELD_NAMES

from tests.unit.extraction.conftest import document

L, R, T = 0.08, 0.5, 0.75  # left column, right column, totals column

GERMAN = document(
    "Müller Bürobedarf GmbH · Hauptstraße 5 · 10115 Berlin",
    [(L, "Rechnung"), (R, "Rechnungsnummer: RE-2026-0042")],
    [(L, "Kunde"), (R, "Rechnungsdatum: 31.01.2026")],
    [(L, "Orbis Handel GmbH"), (R, "Fällig am: 02.03.2026")],
    [(L, "Lindenallee 3"), (R, "Ihre Bestellung: BE-2026-0815")],
    [(L, "10115 Berlin"), (R, "USt-IdNr.: DE136695976")],
    [(L, "USt-IdNr.: DE114103379")],
    "",
    [(L, "Beschreibung"), (0.4, "Menge"), (0.5, "Einzelpreis"), (0.7, "Betrag")],
    [(L, "Aktenordner"), (0.4, "10"), (0.5, "2,50"), (0.7, "25,00")],
    [(L, "Kopierpapier"), (0.4, "100"), (0.5, "10,00"), (0.7, "1.000,00")],
    [(R, "Nettobetrag"), (T, "1.025,00 €")],
    [(R, "MwSt. 19 %"), (T, "194,75 €")],
    [(R, "Gesamtbetrag"), (T, "1.219,75 €")],
    "IBAN: DE02 1203 0000 0000 2020 51   BIC: BYLADEM1001",
)


def test_reads_a_german_invoice() -> None:
    extraction = extract_fields(GERMAN)
    assert extraction.document_type == "invoice"
    assert {name: extraction.value(name) for name in FIELD_NAMES} == {
        "invoice_number": "RE-2026-0042", "issue_date": "2026-01-31", "due_date": "2026-03-02",
        "seller_name": "Müller Bürobedarf GmbH", "seller_vat_id": "DE136695976",
        "buyer_name": "Orbis Handel GmbH", "buyer_vat_id": "DE114103379", "po_number": "BE-2026-0815",
        "currency": "EUR", "net_total": "1025.00", "tax_total": "194.75", "grand_total": "1219.75",
        "iban": "DE02120300000000202051", "bic": "BYLADEM1001",
    }
    assert [line.net_amount for line in extraction.lines] == [25, 1000]


def test_every_field_says_where_and_why() -> None:
    extraction = extract_fields(GERMAN)
    number = extraction.fields["invoice_number"]
    assert number.provenance.method == "text-layer" and number.provenance.page == 1
    assert number.provenance.bbox is not None and number.provenance.bbox[0] > R
    assert "Rechnungsnummer" in number.why
    assert "net 1025.00 + VAT 194.75 = grand 1219.75" in extraction.fields["grand_total"].why
    assert extraction.fields["grand_total"].confidence >= 0.9
    assert {c.name: c.ok for c in extraction.checks}["totals_add_up"]


@pytest.mark.parametrize(("rows", "expected"), [
    pytest.param((
        "Harrow & Finch Consulting LLP",
        [(L, "Supplier"), (R, "Customer")],
        [(L, "Harrow & Finch Consulting LLP"), (R, "Orbis Trading Ltd")],
        [(L, "7 Bedford Row"), (R, "20 Wharf Road")],
        [(L, "London WC1R 4BS"), (R, "London N1 7GR")],
        [(L, "INVOICE")],
        [(L, "Invoice No."), (0.3, "Invoice date"), (R, "Due date")],
        [(L, "INV-00234"), (0.3, "22 January 2026"), (R, "23 March 2026")],
        [(R, "Subtotal"), (T, "GBP 9,131.81")],
        [(R, "VAT 20%"), (T, "GBP 1,826.36")],
        [(R, "Total due"), (T, "GBP 10,958.17")],
    ), {"invoice_number": "INV-00234", "issue_date": "2026-01-22", "due_date": "2026-03-23",
        "seller_name": "Harrow & Finch Consulting LLP", "buyer_name": "Orbis Trading Ltd",
        "currency": "GBP", "net_total": "9131.81", "tax_total": "1826.36", "grand_total": "10958.17"},
        id="en"),
    pytest.param((
        "Atelier Lumière SARL",
        [(L, "FACTURE"), (R, "N° de facture : F2026-0327")],
        [(L, "Client :"), (R, "Date : 5 février 2026")],
        [(L, "Orbis France SAS"), (R, "Date d'échéance : 7 mars 2026")],
        [(L, "8 rue de la République")],
        [(L, "69002 Lyon")],
        [(R, "Total HT"), (T, "1 250,00 €")],
        [(R, "TVA 20 %"), (T, "250,00 €")],
        [(R, "Total TTC"), (T, "1 500,00 €")],
    ), {"invoice_number": "F2026-0327", "issue_date": "2026-02-05", "due_date": "2026-03-07",
        "buyer_name": "Orbis France SAS", "net_total": "1250.00", "tax_total": "250.00",
        "grand_total": "1500.00", "currency": "EUR"}, id="fr"),
    pytest.param((
        "SC Carpați Logistic SRL",
        [(L, "Factură"), (R, "Seria și nr.: CLG-00162")],
        [(L, "Cumpărător:"), (R, "Data emiterii: 12 martie 2026")],
        [(L, "Orbis Trading România SRL"), (R, "Data scadenței: 11.04.2026")],
        [(L, "CIF: RO10931529")],
        [(R, "Total fără TVA"), (T, "1.000,00 lei")],
        [(R, "TVA 21%"), (T, "210,00 lei")],
        [(R, "Total de plată"), (T, "1.210,00 lei")],
    ), {"invoice_number": "CLG-00162", "issue_date": "2026-03-12", "due_date": "2026-04-11",
        "buyer_name": "Orbis Trading România SRL", "buyer_vat_id": "RO10931529", "currency": "RON",
        "net_total": "1000.00", "tax_total": "210.00", "grand_total": "1210.00"}, id="ro"),
    pytest.param((
        "Zakład Poligraficzny Łódź Sp. z o.o.",
        [(L, "Faktura VAT"), (R, "Nr faktury: FV/0413/2026")],
        [(L, "Nabywca"), (R, "Data wystawienia: 3 marca 2026")],
        [(L, "Orbis Polska Sp. z o.o."), (R, "Termin płatności: 17.03.2026")],
        [(L, "ul. Marszałkowska 10")],
        [(L, "00-950 Warszawa")],
        [(R, "Razem netto"), (T, "2 000,00 zł")],
        [(R, "VAT 23%"), (T, "460,00 zł")],
        [(R, "Do zapłaty"), (T, "2 460,00 zł")],
    ), {"invoice_number": "FV/0413/2026", "issue_date": "2026-03-03", "due_date": "2026-03-17",
        "buyer_name": "Orbis Polska Sp. z o.o.", "currency": "PLN", "net_total": "2000.00",
        "tax_total": "460.00", "grand_total": "2460.00"}, id="pl"),
    pytest.param((
        "De Vries Transport & Opslag B.V.",
        [(L, "Factuur"), (R, "Factuurnummer: 2026-0447")],
        [(L, "Klant"), (R, "Factuurdatum: 13 februari 2026")],
        [(L, "Orbis Nederland B.V."), (R, "Vervaldatum: 14 april 2026")],
        [(L, "Stationsplein 45")],
        [(L, "3511 ED Utrecht")],
        [(R, "Subtotaal excl. btw"), (T, "€ 467,80")],
        [(R, "BTW 21%"), (T, "€ 23,77")],
        [(R, "BTW 9%"), (T, "€ 31,91")],
        [(R, "Te betalen"), (T, "€ 523,48")],
    ), {"invoice_number": "2026-0447", "issue_date": "2026-02-13", "due_date": "2026-04-14",
        "buyer_name": "Orbis Nederland B.V.", "currency": "EUR", "net_total": "467.80",
        "tax_total": "55.68", "grand_total": "523.48"}, id="nl-vat-per-rate"),
])
def test_reads_invoices_in_every_language(rows: tuple, expected: dict[str, str]) -> None:
    extraction = extract_fields(document(*rows))
    assert {name: extraction.value(name) for name in expected} == expected


def test_a_missing_field_is_absent_not_guessed() -> None:
    extraction = extract_fields(document("Rechnung RE-1", "Datum: 31.01.2026", "Gesamtbetrag 119,00 €"))
    assert extraction.value("invoice_number") == "RE-1"
    for name in ("due_date", "iban", "bic", "seller_vat_id", "po_number", "net_total", "tax_total"):
        assert name not in extraction.fields


def test_totals_that_do_not_add_up_stay_doubtful() -> None:
    extraction = extract_fields(document(
        "Rechnung RE-1", "Nettobetrag 100,00 €", "MwSt. 19 % 19,00 €", "Gesamtbetrag 120,00 €"))
    assert max(extraction.fields[n].confidence for n in ("net_total", "tax_total", "grand_total")) < 0.9
    assert not {c.name: c.ok for c in extraction.checks}["totals_add_up"]


@pytest.mark.parametrize(("title", "kind"), [
    ("Gutschrift", "credit_note"), ("Rechnungskorrektur", "credit_note"), ("Avoir", "credit_note"),
    ("Factură storno", "credit_note"), ("Faktura korygująca", "credit_note"), ("Creditnota", "credit_note"),
    ("Credit note", "credit_note"), ("Bestellung", "purchase_order"), ("Bon de commande", "purchase_order"),
    ("Comandă", "purchase_order"), ("Zamówienie", "purchase_order"), ("Inkooporder", "purchase_order"),
    ("Purchase Order", "purchase_order"), ("Rechnung", "invoice"), ("Faktura VAT", "invoice"),
])
def test_document_type_comes_from_the_title(title: str, kind: str) -> None:
    assert extract_fields(document("ACME GmbH", f"{title} X-2026-1", "Datum: 31.01.2026")).document_type == kind


def test_a_label_is_not_a_title() -> None:
    assert extract_fields(document("Rechnung R-1", "Bestellung: 4711")).document_type == "invoice"


def test_credit_notes_report_amounts_without_sign() -> None:
    extraction = extract_fields(document(
        "Avoir AV-2017-0005", "Total HT -218,48 €", "Total taxes -14,99 €", "Total TTC -233,47 €"))
    assert extraction.document_type == "credit_note"
    assert [extraction.value(n) for n in ("net_total", "tax_total", "grand_total")] == ["218.48", "14.99", "233.47"]


def test_a_purchase_orders_number_is_its_po_number() -> None:
    extraction = extract_fields(document("Orbis Handel GmbH", "Bestellung BE-2026-00392", "Bestelldatum: 29.01.2026"))
    assert extraction.document_type == "purchase_order"
    assert extraction.value("invoice_number") == extraction.value("po_number") == "BE-2026-00392"
    assert extraction.value("issue_date") == "2026-01-29"


def test_a_us_document_reads_month_first() -> None:
    extraction = extract_fields(document("Invoice INV-7", "Invoice Date 11/03/2017", "Paid 11/17/2017"))
    assert extraction.value("issue_date") == "2017-11-03"


def test_a_due_date_before_the_issue_date_is_flagged() -> None:
    extraction = extract_fields(document("Rechnung RE-1", "Rechnungsdatum: 31.01.2026", "Fällig am: 01.01.2026"))
    assert extraction.fields["due_date"].confidence <= 0.6
    assert "before issue date" in extraction.fields["due_date"].why


def test_an_empty_document_yields_no_fields() -> None:
    extraction = extract_fields(document(""))
    assert extraction.fields == {} and extraction.document_type == "other"


def test_a_title_number_and_two_dates_in_order_are_confident() -> None:
    extraction = extract_fields(document("Invoice INV-00234", "Date: 22/01/2026", "Due date: 23/03/2026"))
    assert {n: extraction.fields[n].confidence >= 0.9 for n in ("invoice_number", "issue_date", "due_date")} == {
        "invoice_number": True, "issue_date": True, "due_date": True}


def test_a_one_digit_number_after_a_title_is_doubtful() -> None:
    extraction = extract_fields(document("Invoice 2 of 3"))
    assert extraction.fields["invoice_number"].confidence < 0.9


@pytest.mark.parametrize(("rows", "currency", "confident"), [
    (("Factură CLG-1", [(L, "Paleți EUR 1200"), (R, "10"), (T, "25,00")], [(R, "Total fără TVA"), (T, "250,00 RON")],
      [(R, "TVA 21%"), (T, "52,50 RON")], [(R, "Total de plată"), (T, "302,50 RON")]), "RON", True),  # a pallet size
    (("Számla 1", "Összesen   12 500 Ft", "Fizetendő   15 875 Ft"), "HUF", True),  # no cents at all
])
def test_the_currency_is_the_one_printed_with_money(rows: tuple, currency: str, confident: bool) -> None:
    found = extract_fields(document(*rows)).fields["currency"]
    assert found.value == currency and (found.confidence >= 0.9) == confident


def test_an_ocr_speck_beside_a_header_does_not_narrow_its_column() -> None:
    extraction = extract_fields(document(
        "CREDIT NOTE",
        [(0.2, "Credit note number"), (0.42, "~"), (0.47, "Date")],
        [(0.22, "CN-00237"), (0.43, "19 February 2026")],
    ))
    assert extraction.value("issue_date") == "2026-02-19"
