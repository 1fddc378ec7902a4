"""Canonical text for values read from e-invoice XML.

The XML is exact, so nothing here guesses: a value is rewritten only into the one canonical
spelling the rest of mailroom compares (dot decimals with at least two places, ISO dates, ids
without spaces). A value that is not what its element's type promises raises ValueError, and
the engine reports it as a failed check instead of inventing a reading."""

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Literal

Kind = Literal["text", "id", "code", "amount", "date", "nrb"]

# xsd:decimal: an optional sign, digits, an optional fraction; no exponent, no group separators.
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
# xsd:date (UBL, KSeF) with an optional time zone, or CII's format 102 (YYYYMMDD).
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(Z|[+-]\d{2}:\d{2})?")
_CENT = Decimal("0.01")


def decimal(text: str) -> Decimal:
    """An xsd:decimal exactly as printed; '-0' is zero."""
    s = text.strip()
    if not _DECIMAL.fullmatch(s):
        raise ValueError(f"not a decimal: {s!r}")
    d = Decimal(s)
    return abs(d) if d == 0 else d


def amount(text: str) -> str:
    """'100' -> '100.00', '84.9500' -> '84.95', '1.23456' stays: never rounds, only pads or
    drops trailing zeros past the second place."""
    d = decimal(text)
    cents = d.quantize(_CENT)
    return f"{cents if cents == d else d.normalize():f}"


def iso_date(text: str) -> str:
    m = _DATE.fullmatch(text.strip())
    if not m:
        raise ValueError(f"not a calendar date: {text.strip()!r}")
    return date(int(m[1]), int(m[2]), int(m[3])).isoformat()  # also rejects 2026-02-30


def ident(text: str) -> str:
    """VAT ids, IBAN, BIC: printed with spaces for people, compared without."""
    s = "".join(text.split()).upper()
    if not s:
        raise ValueError("empty identifier")
    return s


def nrb(text: str) -> str:
    """A Polish account number (NRB, 26 digits) is its IBAN without the 'PL': add it, so every
    syntax hands the ERP the same IBAN. Anything else is already an IBAN or a foreign account."""
    s = ident(text)
    return f"PL{s}" if len(s) == 26 and s.isdigit() else s


def text_value(text: str) -> str:
    s = text.strip()
    if not s:
        raise ValueError("empty text")
    return s


CANONICAL: dict[Kind, Callable[[str], str]] = {
    "text": text_value,
    "id": ident,
    "code": ident,  # currency and type codes: upper case, no spaces
    "amount": amount,
    "date": iso_date,
    "nrb": nrb,
}


def rate(text: str) -> Decimal:
    """A line's VAT rate. KSeF writes codes for lines without Polish VAT ('zw' exempt, 'oo'
    reverse charge, 'np I'/'np II' not taxable here, '0 KR'/'0 WDT'/'0 EX' zero-rated): all of
    them charge 0 %. Any other code is not understood and raises."""
    s = text.strip()
    head = s.split(" ", 1)[0]
    if _DECIMAL.fullmatch(head):
        return decimal(head)
    if head.lower() in {"zw", "oo", "np"}:
        return Decimal(0)
    raise ValueError(f"not a VAT rate: {s!r}")


# UNTDID 1001 document type codes that EN 16931 (CII and UBL alike) treats as credit notes.
# 384 (corrected invoice) stays an invoice: its sign says which way it corrects.
CREDIT_NOTE_CODES = frozenset(
    {"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"}
)
