"""Labels found in rows: the longest phrase at a position wins, number markers in any spelling."""

import pytest
from mailroom.domain.extraction.finder import Sheet
from mailroom.domain.extraction.folding import fold
from mailroom.domain.extraction.layout import page_rows

from tests.unit.extraction.conftest import document


def _roles(text: str) -> list[tuple[str, frozenset[str]]]:
    sheet = Sheet(page_rows(document(text)))
    return [(hit.phrase, hit.roles) for row in sheet.rows for hit in sheet.hits_in(row)]


@pytest.mark.parametrize(("text", "phrase", "role"), [
    ("Total HT 100,00", "Total HT", "net_total"),
    ("Total TTC 120,00", "Total TTC", "grand_total"),
    ("N° de facture : F-1", "N° de facture", "invoice_number"),
    ("Nr. faktury FV/1/2026", "Nr. faktury", "invoice_number"),
    ("#facture 42", "#facture", "invoice_number"),
    ("Factuurnummer: 2026-01", "Factuurnummer", "invoice_number"),
    ("FÄLLIGKEIT 02.03.2026", "FÄLLIGKEIT", "due_date"),
    ("Număr factură 12", "Număr factură", "invoice_number"),
])
def test_the_longest_label_at_a_position_wins(text: str, phrase: str, role: str) -> None:
    first_phrase, roles = _roles(text)[0]
    assert first_phrase == phrase and role in roles


def test_a_label_inside_a_word_is_no_label() -> None:
    assert _roles("Bestell-Datum 01.02.2026") == []
    assert _roles("Totalbetrag 5") == []


def test_folding_keeps_every_character_in_place() -> None:
    assert fold("Fälligkeit Łódź –") == "falligkeit lodz -"
    assert len(fold("İstanbul ½")) == len("İstanbul ½")


@pytest.mark.parametrize(("text", "phrase", "role"), [
    ("Total € Incl, VAT   681.87", "Incl, VAT", "grand_total"),  # OCR read the full stop as a comma
    ("Totaal excl, btw 100,00", "Totaal excl, btw", "net_total"),
    ("Rechnungs-Nr, 4711", "Rechnungs-Nr,", "invoice_number"),
])
def test_a_comma_for_a_full_stop_still_finds_the_label(text: str, phrase: str, role: str) -> None:
    assert any(found == phrase and role in roles for found, roles in _roles(text))


@pytest.mark.parametrize(("text", "phrase", "role"), [
    ("Tax, point:   18 January 2026", "Tax, point", "issue_date"),  # a speck read as a comma
    ("Data. emiterii 16.02.2026", "Data. emiterii", "issue_date"),
    ("-Totaal   EUR 1.205,10", "Totaal", "grand_total"),  # a speck before the label, not a compound
])
def test_a_speck_between_the_words_of_a_label_still_finds_it(text: str, phrase: str, role: str) -> None:
    assert any(found == phrase and role in roles for found, roles in _roles(text))
