"""Whose VAT id is whose: its label column, the letterhead and footer, never an IBAN's start."""

import pytest
from mailroom.domain.extraction import extract_fields

from tests.unit.extraction.conftest import document

L, R = 0.08, 0.55


@pytest.mark.parametrize("label", ["N° TVA client", "Customer VAT Number", "USt-IdNr. des Kunden", "NIP nabywcy",
                                   "BTW-nummer klant", "Cod TVA client"])
def test_a_label_in_the_column_before_names_the_party(label: str) -> None:
    extraction = extract_fields(document(
        "Au bon moulin SARL - TVA : FR11999999998",
        "Facture FA-1",
        [(L, label), (R, "FR90343434346")],
    ))
    assert extraction.value("buyer_vat_id") == "FR90343434346"
    assert extraction.value("seller_vat_id") == "FR11999999998"


def test_an_id_in_the_letterhead_is_confidently_the_issuers() -> None:
    extraction = extract_fields(document("Müller Bürobedarf GmbH · USt-IdNr. DE136695976", "Rechnung RE-1"))
    found = extraction.fields["seller_vat_id"]
    assert found.value == "DE136695976" and found.confidence >= 0.9 and "letterhead" in found.why


def test_an_id_low_on_the_page_without_context_stays_doubtful() -> None:
    rows = ["Rechnung RE-1", *[""] * 12, "USt-IdNr. DE136695976"]
    assert extract_fields(document(*rows)).fields["seller_vat_id"].confidence < 0.9


@pytest.mark.parametrize("row", ["FR76 1254 2547 2569 8542 5874 698", "IBAN DE67 1004 8392 7221",
                                 "Bank   DE67 1004 8392 7221 8882 72"])
def test_the_start_of_an_iban_is_no_vat_id(row: str) -> None:
    extraction = extract_fields(document("Rechnung RE-1", row))
    assert "seller_vat_id" not in extraction.fields
