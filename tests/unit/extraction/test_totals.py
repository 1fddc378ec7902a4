"""Totals: labelled amounts that add up, a totals box whose headers OCR lost, VAT from gross − net."""

from mailroom.domain.extraction import extract_fields

from tests.unit.extraction.conftest import document

L, R, T = 0.08, 0.5, 0.75


def test_a_row_of_amounts_that_adds_up_completes_a_labelled_total() -> None:
    extraction = extract_fields(document(
        "Facture F-1",
        [(L, "TOTALE   pe   ToraL rre")],  # the headers, as a noisy scan reads them
        [(L, "Conditions de paiement"), (0.55, "100,00"), (0.65, "4,90"), (T, "104,90")],
        [(R, "NET A PAYER"), (T, "104,90 EUR")],
    ))
    values = {n: extraction.value(n) for n in ("net_total", "tax_total", "grand_total")}
    assert values == {"net_total": "100.00", "tax_total": "4.90", "grand_total": "104.90"}
    assert extraction.fields["net_total"].confidence < 0.9  # unlabelled: never confident


def test_a_row_that_adds_up_alone_is_no_total() -> None:
    # A line item "net, VAT, gross" adds up too; without any labelled total it proves nothing.
    extraction = extract_fields(document("Rechnung RE-1", [(L, "Beratung"), (0.55, "100,00"), (0.65, "19,00"),
                                                           (T, "119,00")]))
    assert "grand_total" not in extraction.fields


def test_vat_printed_illegibly_is_gross_minus_net_and_doubtful() -> None:
    extraction = extract_fields(document(
        "Avoir AV-1",
        [(R, "Total HT"), (T, "-218,48 €")],
        [(R, "pee RE Ton taes"), (T, "159 €")],
        [(R, "Total TTC"), (T, "-233,47 €")],
    ))
    tax = extraction.fields["tax_total"]
    assert tax.value == "14.99" and tax.confidence < 0.7 and "−" in tax.why


def test_a_garbled_net_label_is_resolved_by_arithmetic() -> None:
    # OCR with the wrong language model read "Total fără TVA" as "Total férä TVA".
    extraction = extract_fields(document(
        "FACTURĂ CLG-00188",
        [(R, "Total férä TVA"), (T, "610,64 RON")],
        [(R, "TVA 21%"), (T, "116,35 RON")],
        [(R, "TVA 11%"), (T, "6,23 RON")],
        [(R, "Total de platä"), (T, "733,22 RON")],
    ))
    values = {n: extraction.value(n) for n in ("net_total", "tax_total", "grand_total")}
    assert values == {"net_total": "610.64", "tax_total": "122.58", "grand_total": "733.22"}


def test_vat_lines_whose_minus_ocr_lost_still_add_up() -> None:
    extraction = extract_fields(document(
        "Avoir AV-1",
        [(R, "Total HT"), (T, "-218,48 €")],
        [(L, "TVA collectée 20,0%"), (R, "-20,48 €"), (T, "4,10 €")],
        [(L, "TVA collectée 5,5%"), (R, "-198,00 €"), (T, "-10,89 €")],
        [(R, "Total TTC"), (T, "-233,47 €")],
    ))
    assert extraction.value("tax_total") == "14.99" and extraction.fields["tax_total"].confidence >= 0.9
