from decimal import Decimal

import pytest

from mailroom.domain.einvoice.values import amount, ident, iso_date, nrb, rate


@pytest.mark.parametrize(("printed", "canonical"), [
    ("100", "100.00"), ("100.5", "100.50"), ("84.9500", "84.95"), ("1.23456", "1.23456"),
    ("-14.99", "-14.99"), ("-0.00", "0.00"), ("+7", "7.00"), (" 0 ", "0.00"), (".5", "0.50"),
    ("1000000000.10", "1000000000.10"),
])
def test_amounts_keep_their_value_and_get_two_places(printed: str, canonical: str) -> None:
    assert amount(printed) == canonical


@pytest.mark.parametrize("printed", ["1,50", "1.000,00", "1e3", "", "EUR 5", "NaN", "Infinity"])
def test_not_xsd_decimals(printed: str) -> None:
    with pytest.raises(ValueError):
        amount(printed)


@pytest.mark.parametrize(("printed", "iso"), [
    ("20260131", "2026-01-31"), ("2026-01-31", "2026-01-31"), ("2026-01-31Z", "2026-01-31"),
    ("2026-01-31+02:00", "2026-01-31"), (" 20240229 ", "2024-02-29"),
])
def test_dates(printed: str, iso: str) -> None:
    assert iso_date(printed) == iso


@pytest.mark.parametrize("printed", ["20230229", "31.01.2026", "202601", "2026-1-31", ""])
def test_not_dates(printed: str) -> None:
    with pytest.raises(ValueError):
        iso_date(printed)


def test_identifiers() -> None:
    assert ident(" fr20 1254\n2547 ") == "FR2012542547"
    assert nrb("61 1090 1014 0000 0712 1981 2874") == "PL61109010140000071219812874"
    assert nrb("DE89370400440532013000") == "DE89370400440532013000"
    assert nrb("12345678901") == "12345678901"  # not an NRB: left alone


def test_rates() -> None:
    assert rate("19.00") == Decimal("19.00")
    assert rate("np II") == 0
    with pytest.raises(ValueError):
        rate("standard")
