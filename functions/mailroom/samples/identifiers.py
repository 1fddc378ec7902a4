"""Checksum-valid VAT ids and IBANs for fictional companies.

Each identifier is drawn from a random generator seeded with the company name, so a company
keeps the same ids in every run and every seed. VAT ids are found by drawing digits until
python-stdnum accepts them (one in 11 to one in 970 draws pass, a few milliseconds at worst);
that keeps the check-digit arithmetic of six countries in the library that owns it.
"""

from functools import cache
from random import Random

from schwifty import IBAN
from stdnum import get_cc_module

# Digits after the country prefix, and any fixed suffix, of each country's VAT id.
_VAT_SHAPES: dict[str, tuple[int, str]] = {
    "DE": (9, ""),
    "FR": (11, ""),  # two check digits, then the SIREN
    "RO": (8, ""),
    "PL": (10, ""),
    "NL": (9, "B01"),
    "GB": (9, ""),
}

# Real banks, so that the IBAN's bank code and the BIC printed beside it agree.
_BANKS: dict[str, tuple[tuple[str, str], ...]] = {
    "DE": (("37040044", "COBADEFFXXX"), ("50010517", "INGDDEFFXXX"), ("10010010", "PBNKDEFFXXX")),
    "FR": (("3000400003", "BNPAFRPP"), ("1027800001", "CMCIFR2A")),
    "RO": (("BTRL", "BTRLRO22"), ("RNCB", "RNCBROBU"), ("BRDE", "BRDEROBU")),
    "PL": (("10901014", "WBKPPLPP"), ("10501445", "INGBPLPW"), ("11402004", "BREXPLPW")),
    "NL": (("ABNA", "ABNANL2A"), ("INGB", "INGBNL2A"), ("RABO", "RABONL2U")),
    "GB": (("NWBK601613", "NWBKGB2L"), ("BARC200000", "BARCGB22"), ("LOYD309634", "LOYDGB2L")),
}
_ACCOUNT_DIGITS = {"DE": 10, "FR": 11, "RO": 16, "PL": 16, "NL": 10, "GB": 8}


@cache
def vat_id(country: str, company_name: str) -> str:
    """A compact VAT id with its country prefix, e.g. "DE136695976"."""
    digits, suffix = _VAT_SHAPES[country]
    validator = get_cc_module(country.lower(), "vat")
    if validator is None:
        raise ValueError(f"python-stdnum has no VAT module for {country}")
    rng = Random(f"vat:{company_name}")
    while True:
        candidate = f"{country}{_digits(rng, digits)}{suffix}"
        if validator.is_valid(candidate):
            return candidate


@cache
def bank_account(country: str, company_name: str) -> tuple[str, str]:
    """(IBAN in groups of four, BIC) of the company's account at a real bank of its country."""
    rng = Random(f"iban:{company_name}")
    bank_code, bic = rng.choice(_BANKS[country])
    iban = IBAN.generate(
        country, bank_code=bank_code, account_code=_digits(rng, _ACCOUNT_DIGITS[country])
    )
    return iban.formatted, bic


def _digits(rng: Random, count: int) -> str:
    # No leading zero: several national formats reject it, and none needs it.
    return str(rng.randint(10 ** (count - 1), 10**count - 1))
