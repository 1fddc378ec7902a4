from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mailroom.domain.extraction.amounts import (
    decimal_separator,
    find_amounts,
    parse_amount,
    to_text,
)


@pytest.mark.parametrize(("text", "hint", "value", "currency"), [
    ("1.234,56 €", None, "1234.56", "EUR"),
    ("1 234,56", ",", "1234.56", None),
    ("1\u00a0234,56 zł", None, "1234.56", "PLN"),
    ("1\u202f234,56 €", None, "1234.56", "EUR"),
    ("1,234.56", None, "1234.56", None),
    ("1'234.56 CHF", None, "1234.56", "CHF"),
    ("Fr. 1'234.50", None, "1234.50", "CHF"),
    ("1234,5", None, "1234.5", None),
    ("-12,00", None, "-12.00", None),
    ("(12.00)", None, "-12.00", None),
    ("12,00-", None, "-12.00", None),
    ("EUR -5,00", None, "-5.00", "EUR"),
    ("£1,234.56", None, "1234.56", "GBP"),
    ("$ 99.90", None, "99.90", "USD"),
    ("1.234,56 lei", None, "1234.56", "RON"),
    ("RON 1.234,56", None, "1234.56", "RON"),
    ("12,00 PLN", None, "12.00", "PLN"),
    ("1.234", ",", "1234", None),
    ("1,234", ".", "1234", None),
    ("1,234", ",", "1.234", None),
])
def test_parses_locale_amounts(text: str, hint: str | None, value: str, currency: str | None) -> None:
    amount = parse_amount(text, hint)  # type: ignore[arg-type]
    assert amount is not None
    assert amount.value == Decimal(value)
    assert amount.currency == currency


@pytest.mark.parametrize("text", ["1.234", "1,234"])
def test_leaves_ambiguous_thousands_to_the_document(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["31.01.2026", "FR20 1254 2547 2569", "TENDER-002", "+33 4 72 07 08 56"])
def test_dates_ids_and_phone_numbers_are_not_money(text: str) -> None:
    assert [a for a in find_amounts(text, ",") if a.decimals == 2] == []


def test_finds_every_amount_with_its_span_and_rates() -> None:
    text = "USt. 19,00% auf 804,35 €   152,83 €"
    amounts = list(find_amounts(text, ","))
    assert [(str(a.value), a.percent) for a in amounts] == [("19.00", True), ("804.35", False), ("152.83", False)]
    assert text[amounts[2].start:amounts[2].end] == "152,83 €"


def test_a_dash_between_words_is_not_a_minus() -> None:
    assert [a.value for a in find_amounts("Seller line 2 - 12,00", ",")] == [Decimal(2), Decimal("12.00")]


@pytest.mark.parametrize(("texts", "expected"), [
    (["Total 1.234,56", "TVA 4,90", "31.01.2026"], ","),
    (["Subtotal 1,234.56", "VAT 20.00"], "."),
    (["1.234.567", "12"], ","),
    (["1.234", "31.01.2026"], None),
])
def test_detects_the_documents_decimal_separator(texts: list[str], expected: str | None) -> None:
    assert decimal_separator(texts) == expected


def test_canonical_text_has_two_decimals() -> None:
    assert to_text(Decimal("1234.5")) == "1234.50"
    assert to_text(Decimal(-8)) == "-8.00"


STYLES = {  # group separator, decimal separator
    "de": (".", ","), "fr": ("\u202f", ","), "fr-space": (" ", ","), "pl": ("\u00a0", ","),
    "en": (",", "."), "ch": ("'", "."), "plain-comma": ("", ","), "plain-dot": ("", "."),
}


def _format(value: Decimal, group: str, decimal: str) -> str:
    english = f"{abs(value):,.2f}"
    body = english.replace(",", "\0").replace(".", decimal).replace("\0", group)
    return f"-{body}" if value < 0 else body


@given(value=st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       style=st.sampled_from(sorted(STYLES)),
       currency=st.sampled_from(["", " €", " EUR", " lei", " zł", " CHF"]))
def test_any_amount_in_any_style_parses_back_exactly(value: Decimal, style: str, currency: str) -> None:
    group, decimal = STYLES[style]
    text = _format(value, group, decimal) + currency
    amount = parse_amount(text, decimal)  # type: ignore[arg-type]
    assert amount is not None, text
    assert amount.value == value, text


@given(value=st.decimals(min_value=1000, max_value=10**7, places=2, allow_nan=False, allow_infinity=False))
def test_the_documents_other_amounts_settle_the_separator(value: Decimal) -> None:
    german = _format(value, ".", ",")
    assert decimal_separator([german, "19,00 %"]) == ","
    english = _format(value, ",", ".")
    assert decimal_separator([english, "20.00"]) == "."


def test_an_underscore_opening_an_amount_is_ocrs_low_minus() -> None:
    assert [a.value for a in find_amounts("Total HT   _218,48 €", ",")] == [Decimal("218.48")]
    assert list(find_amounts("Artikel ART_1200", ",")) == []  # inside a word it is a part code
