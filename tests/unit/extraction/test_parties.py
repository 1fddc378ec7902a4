"""Seller and buyer names: letterheads, address blocks and party headings, by language."""

import pytest
from mailroom.domain.extraction import extract_fields

from tests.unit.extraction.conftest import document

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
