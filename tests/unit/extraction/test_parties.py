"""Seller and buyer names: letterheads, address blocks and party headings, by language."""

import pytest
from mailroom.domain.extraction import extract_fields
from mailroom.domain.text import DocumentText, Page

from tests.unit.extraction.conftest import document, layout_line

L, R = 0.08, 0.55


def _names(*rows) -> tuple[str | None, str | None]:
    extraction = extract_fields(document(*rows))
    return extraction.value("seller_name"), extraction.value("buyer_name")


@pytest.mark.parametrize(("statement", "seller"), [
    ("SARL au capital de 120 000,00 €", "Au bon moulin"),  # the form is stated apart: not in the name
    ("SAS au capital social de 10 000 €", "Au bon moulin SARL"),  # another form: the name keeps its own
    ("Capital 120 000 €", "Au bon moulin SARL"),
])
def test_a_french_legal_form_stated_apart_is_not_part_of_the_name(statement: str, seller: str) -> None:
    seller_found, _ = _names(
        "Au bon moulin SARL - 1242 chemin de l'olive - 84340 Malaucène",
        "Facture FA-2017-0008",
        [(R, "Client")], [(R, "Ma jolie boutique")], [(R, "12 rue du port")], [(R, "06000 Nice")],
        "Total TTC 120,00 €",
        statement,
    )
    assert seller_found == seller


@pytest.mark.parametrize(("heading", "buyer"), [
    ("Adresse du Client", "LE CLIENT"),
    ("[Adresse du Client", "LE CLIENT"),  # OCR reads the box's border as a bracket
    ("Rechnungsempfänger", "LE CLIENT"),
    ("Nabywca", "LE CLIENT"),
])
def test_a_party_heading_may_stand_a_blank_line_above_its_block(heading: str, buyer: str) -> None:
    # The heading's block starts two and a half line heights under it, as on many letters.
    lines = [layout_line("LE FOURNISSEUR", L, 0.05), layout_line("35 rue d'ici", L, 0.07),
             layout_line(heading, R, 0.07), layout_line("75018 PARIS", L, 0.09)]
    block = ("LE CLIENT", "58 rue de la mer", "06000 NICE")
    lines += [layout_line(text, R, 0.112 + i * 0.02) for i, text in enumerate(block)]
    extraction = extract_fields(DocumentText(pages=[Page(number=1, method="text-layer", lines=lines)]))
    found = extraction.fields["buyer_name"]
    assert found.value == buyer and "name line under label" in found.why


@pytest.mark.parametrize("heading", ["Firma", "Anschrift", "Company", "Adresse", "Naam"])
def test_a_field_heading_over_an_address_is_no_name(heading: str) -> None:
    # The letterhead's last word ("Firma") must not make the buyer's block the issuer's.
    seller, buyer = _names(
        [(L, "Die Vordefinierte Firma")], [(L, "Waldstrasse 86")], [(L, "13403 Berlin")],
        "",
        [(L, heading)], [(L, "Elektromarkt Bamby")], [(L, "Adlerstrasse 452")], [(L, "D-07545 GERA")],
    )
    assert (seller, buyer) == ("Die Vordefinierte Firma", "Elektromarkt Bamby")


def test_a_right_aligned_sender_block_names_the_issuer() -> None:
    # The sender's block flush with the right margin, its postcode line read with a stray full stop.
    width = 0.008
    right = 0.95
    lines = [layout_line("cronus", 0.85, 0.03)]
    for index, text in enumerate(("CRONUS DE", "Hofstraße 12", "Benrath", "20097. Hamburg")):
        lines.append(layout_line(text, right - width * len(text), 0.09 + index * 0.02))
    lines += [layout_line("Adatum Corporation", L, 0.09), layout_line("Station Road, 21", L, 0.11),
              layout_line("48436 Düsseldorf", L, 0.13)]
    extraction = extract_fields(DocumentText(pages=[Page(number=1, method="text-layer", lines=lines)]))
    assert (extraction.value("seller_name"), extraction.value("buyer_name")) == ("CRONUS DE", "Adatum Corporation")


@pytest.mark.parametrize(("heading", "name"), [
    ("Verkäufer", "Müller Bürobedarf GmbH"), ("Furnizor", "Ambalaje Dâmbovița S.R.L."),
    ("Sprzedawca", "Zakład Poligraficzny Łódź Sp. z o.o."), ("Verkoper", "De Vries Transport B.V."),
    ("Vendeur", "Atelier Lumière SARL"), ("Seller", "Harrow & Finch Consulting LLP"),
])
def test_a_labelled_name_with_a_legal_form_is_confident(heading: str, name: str) -> None:
    extraction = extract_fields(document("Rechnung RE-1", [(L, heading)], [(L, name)], [(L, "Hauptstraße 5")]))
    assert extraction.value("seller_name") == name and extraction.fields["seller_name"].confidence >= 0.9


def test_a_labelled_name_without_a_legal_form_or_misread_stays_below_the_line() -> None:
    plain = extract_fields(document("Rechnung RE-1", [(L, "Verkäufer")], [(L, "Physiotherapeutin")]))
    assert plain.fields["seller_name"].confidence < 0.9
    doubtful = [layout_line("Verkäufer", L, 0.05), layout_line("Müller GmbH", L, 0.07, confidence=0.6)]
    misread = extract_fields(DocumentText(pages=[Page(number=1, method="ocr", lines=doubtful)]))
    assert misread.fields["seller_name"].confidence < 0.9 and "OCR word confidence" in misread.fields["seller_name"].why


@pytest.mark.parametrize(("seller_heading", "buyer_heading"), [
    ("Leverancier-", "Opdrachtgever"),  # OCR read a rule after the heading as a hyphen
    ("Furnizor |", "Cumpărător"), ("Sprzedawca", "Nabywca"), ("Verkäufer", "Käufer"),
])
def test_side_by_side_headings_split_their_columns(seller_heading: str, buyer_heading: str) -> None:
    assert _names(
        [(L, seller_heading), (R, buyer_heading)],
        [(L, "Drukkerij IJsselstein V.O.F."), (R, "Orbis Nederland B.V.")],
        [(L, "Coöperatiestraat 9"), (R, "Stationsplein 45")],
        [(L, "3401 AB IJsselstein"), (R, "3511 ED Utrecht")],
    ) == ("Drukkerij IJsselstein V.O.F.", "Orbis Nederland B.V.")


def test_a_letterhead_repeated_by_an_address_block_is_confident() -> None:
    block = ([(L, "Müller Bürobedarf GmbH")], [(L, "Hauptstraße 5")], [(L, "10115 Berlin")])
    both = extract_fields(document([(R, "Müller Bürobedarf GmbH")], "Rechnung RE-1", *block)).fields["seller_name"]
    assert both.value == "Müller Bürobedarf GmbH" and both.confidence >= 0.9
    one_line = extract_fields(document("Müller Bürobedarf GmbH · Hauptstraße 5 · 10115 Berlin", "Rechnung RE-1"))
    assert one_line.fields["seller_name"].confidence < 0.9  # one place only
