"""VAT ids, IBANs and BICs: found in free text, however spaced, and checked by their checksums.

python-stdnum does the arithmetic for all three (schwifty would too, but stdnum is one import
for VAT ids and bank ids alike and loads faster). A VAT id may be printed without its country
prefix ("CIF: 18547290", "NIP 123-456-32-18"); the label says which country it belongs to."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.eu import vat as eu_vat

VAT_PREFIXES = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI", "GB", "CH",
)
# The country whose bare numbers a label announces ("CIF" is Romanian, "NIP" Polish, ...).
LABEL_COUNTRY = {"cif": "RO", "cui": "RO", "c.u.i": "RO", "cod fiscal": "RO", "cod tva": "RO",
                 "nip": "PL", "btw": "NL", "ust": "DE", "tva": "FR"}

_VAT = re.compile(rf"(?<![A-Za-z0-9])({'|'.join(VAT_PREFIXES)})[\s.\-]?((?:[0-9A-Z]{{1,12}}[\s.\-]?){{1,6}})")
_BARE_VAT = re.compile(r"(?<![A-Za-z0-9])(\d[\d\s.\-]{6,14}\d)(?![\dA-Za-z])")
_IBAN = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,4}){2,8})")
_BIC = re.compile(r"(?<![A-Za-z0-9])([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)(?![A-Za-z0-9])")


@dataclass(frozen=True)
class Identifier:
    value: str  # compact, upper case
    start: int
    end: int
    valid: bool  # the checksum holds


def compact(text: str) -> str:
    return re.sub(r"[\s.\-/]", "", text).upper()


@lru_cache(maxsize=4096)  # every feature that looks for parties checks the same ids
def is_valid_vat(value: str) -> bool:
    if value.startswith("CH"):
        return bool(re.fullmatch(r"CHE\d{9}(MWST|TVA|IVA)?", value))
    return bool(eu_vat.is_valid(value)) or bool(value.startswith("GB") and _gb_vat(value))


def _gb_vat(value: str) -> bool:
    from stdnum.gb import vat as gb_vat  # only GB ids pay for the import
    return bool(gb_vat.is_valid(value))


def _plausible_vat(value: str) -> bool:
    """Shaped like a VAT id (prefix, 8 to 12 more characters, mostly digits)."""
    body = value[2:]
    return 8 <= len(body) <= 12 and sum(c.isdigit() for c in body) >= len(body) - 3


def find_vat_ids(text: str) -> Iterator[Identifier]:
    """VAT ids with a country prefix; the longest valid reading of the characters that follow."""
    for match in _VAT.finditer(text):
        chunks = re.split(r"(?<=[\s.\-])", match[2])
        readings = []
        for count in range(len(chunks), 0, -1):
            body = "".join(chunks[:count])
            value = match[1] + compact(body)
            readings.append(Identifier(value, match.start(), match.start(2) + len(body.rstrip(" .-")),
                                       is_valid_vat(value)))
        # A checksum-valid reading first; else the longest one shaped like a VAT id.
        found = next((r for r in readings if r.valid), None) or next(
            (r for r in readings if _plausible_vat(r.value)), None)
        if found is not None:
            yield found


def bare_vat_id(text: str, country: str) -> Identifier | None:
    """A VAT id printed without its prefix, after a label that names the country."""
    for match in _BARE_VAT.finditer(text):
        value = country + compact(match[1])
        if is_valid_vat(value):
            return Identifier(value, match.start(), match.end(), True)
    return None


def find_ibans(text: str) -> Iterator[Identifier]:
    """IBANs, spaced in fours or not: the longest run of groups that passes the checksum, else
    the longest that only fails it (a typo, or a sample account), marked invalid. Where none is
    printed cleanly, OCR's usual slips are undone and a reading the checksum proves is taken."""
    found = list(_ibans(text))
    if not found and (repaired := _OCR_SLIPS.sub(_undo_slip, text)) != text:
        found = [iban for iban in _ibans(repaired) if iban.valid]
    yield from found


# "DEO2 1203" (letter O for zero in the check digits), "FR20:1254" (a speck read as a colon),
# "4012-05" (a dash between groups).
_OCR_SLIPS = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]{2})([0-9OoIl]{2})([:.]?)(?=[ :.]?[A-Z0-9]{4})|(?<=[A-Z0-9]{4})[:.\-](?=[A-Z0-9]{1,4}\b)")


def _undo_slip(match: re.Match[str]) -> str:
    if match[1] is None:
        return " "
    digits = match[2].replace("O", "0").replace("o", "0").replace("I", "1").replace("l", "1")
    return match[1] + digits + (" " if match[3] else "")


def _ibans(text: str) -> Iterator[Identifier]:
    for match in _IBAN.finditer(text):
        groups = match[1].split(" ")
        readings = [Identifier("".join(groups[:n]), match.start(),
                               match.start() + len(" ".join(groups[:n])), False)
                    for n in range(len(groups), 0, -1)]
        valid = next((r for r in readings if is_valid_iban(r.value)), None)
        if valid is not None:
            yield Identifier(valid.value, valid.start, valid.end, True)
        elif (typo := next((r for r in readings if _only_checksum_fails(r.value)), None)) is not None:
            yield typo


def _only_checksum_fails(value: str) -> bool:
    """Country, length and format are right; only the two check digits disagree."""
    if len(value) < 15:
        return False
    repaired = value[:2] + stdnum_iban.calc_check_digits(value) + value[4:]
    return repaired != value and is_valid_iban(repaired)


def iban_prefix(text: str) -> Identifier | None:
    """The start of an IBAN that runs on to the next line ("DE67 1004 8392 7221" / "8882 72")."""
    match = _IBAN.search(text)
    return Identifier(compact(match[1]), match.start(), match.end(), False) if match else None


def find_bics(text: str) -> Iterator[Identifier]:
    for match in _BIC.finditer(text):
        yield Identifier(match[1], match.start(), match.end(), bool(stdnum_bic.is_valid(match[1])))


def is_valid_iban(value: str) -> bool:
    return bool(stdnum_iban.is_valid(value))
