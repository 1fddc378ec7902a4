"""Money as vendors print it: "1.234,56 €", "1 234,56 zł", "£1,234.56", "CHF 1'234.50", "(12.00)".

Our own grammar rather than price-parser: price-parser drops the sign of "-12,00", "(12.00)" and
"12,00-", reads "1,234" as 1234 without asking, returns symbols ("zł") instead of ISO codes and
cannot say where in a line the amount was. "1.234" and "1,234" are truly ambiguous; the
document decides (`decimal_separator`): its other amounts show which separator marks cents."""

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from mailroom.domain.extraction.folding import fold

Separator = Literal[",", "."]

GROUP_SPACES = " \u00a0\u202f\u2009"
# A run of digits and separators; a single space may group thousands, a column gap may not.
# An underscore opening a word is OCR's low minus ("_218,48 €"); inside a word ("ART_12") it is not.
_RUN = re.compile(r"(?:(?<![\w.,'])|(?<=(?<!\w)_))\d(?:[\d.,'\u00a0\u202f\u2009]| (?=\d))*(?<=\d)(?![\w]|[.,']\d)")
_GROUPED = re.compile(r"\d{1,3}(?P<sep>[.,'\u00a0\u202f\u2009 ])\d{3}(?:(?P=sep)\d{3})*(?:(?P<dec>[.,])\d{1,3})?")
_PLAIN = re.compile(r"\d+(?:(?P<dec>[.,])\d{1,3})?")

CURRENCY_WORDS: dict[str, str] = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP",
    "$": "USD", "usd": "USD", "us$": "USD", "lei": "RON", "ron": "RON", "zł": "PLN", "zl": "PLN",
    "pln": "PLN", "chf": "CHF", "fr.": "CHF", "sfr.": "CHF", "sfr": "CHF", "czk": "CZK",
    "kč": "CZK", "huf": "HUF", "ft": "HUF", "sek": "SEK", "dkk": "DKK", "nok": "NOK",
    "jpy": "JPY", "cad": "CAD", "aud": "AUD", "bgn": "BGN",
}
_CURRENCY = "|".join(sorted((re.escape(k) for k in CURRENCY_WORDS), key=len, reverse=True))
_BEFORE = re.compile(rf"(?:^|[\s(])(?P<cur>{_CURRENCY})\s*(?P<sign>[-−])?\s*$")
_AFTER = re.compile(rf"^\s*(?P<cur>{_CURRENCY})(?![^\W\d_])")


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str | None
    start: int  # span in the text it was found in, currency and sign included
    end: int
    decimals: int  # digits after the decimal mark, 0 without one
    percent: bool = False  # "19,00 %" is a rate, not money


def _number(run: str, decimal: Separator | None) -> tuple[Decimal, int] | None:
    """The value of a digit run, or None when it is not one number under `decimal`."""
    grouped = _GROUPED.fullmatch(run)
    if grouped:
        sep, dec = grouped["sep"], grouped["dec"]
        if dec is None and sep in ".,":
            if decimal is None or sep == decimal:
                # "1.234" is 1234 only where "," marks cents; else one decimal number.
                return _plain(run, decimal) if decimal == sep else None
        elif dec is not None and (dec == sep or (decimal is not None and dec != decimal)):
            return None
        whole, _, cents = run.rpartition(dec) if dec else (run, "", "")
        digits = re.sub(r"\D", "", whole)
        return Decimal(f"{digits}.{cents}" if cents else digits), len(cents)
    return _plain(run, decimal)


def _plain(run: str, decimal: Separator | None) -> tuple[Decimal, int] | None:
    plain = _PLAIN.fullmatch(run)
    if not plain:
        return None
    dec = plain["dec"]
    if dec is None:
        return Decimal(run), 0
    whole, cents = run.split(dec)
    if decimal is not None and dec != decimal:
        return None
    if decimal is None and len(cents) == 3:
        return None  # "1,234": thousands or a decimal? The document has to tell.
    return Decimal(f"{whole}.{cents}"), len(cents)


def find_amounts(text: str, decimal: Separator | None = None) -> Iterator[Amount]:
    """Every amount in `text`, with its sign and an adjacent currency."""
    return iter(_amounts_in(text, decimal))


@lru_cache(maxsize=4096)
def _amounts_in(text: str, decimal: Separator | None) -> tuple[Amount, ...]:
    # Cached (amounts are immutable): totals, line items and currency detection all read the
    # same rows.
    found: list[Amount] = []
    folded = fold(text)
    previous_end = 0  # a currency printed after one amount is not also before the next
    for match in _RUN.finditer(text):
        parsed = _number(match.group(), decimal)
        if parsed is None:
            continue
        value, decimals = parsed
        start, end = match.span()
        before, after = _BEFORE.search(folded[previous_end:start]), _AFTER.match(folded[end:])
        marker = before or after
        currency = CURRENCY_WORDS[marker["cur"]] if marker is not None else None
        if before:
            start = previous_end + before.start("cur")
        if after:
            end += after.end()
        negative, start, end = _sign(text, start, end, before is not None and before["sign"] is not None)
        percent = text[match.end():].lstrip().startswith("%")
        previous_end = end
        found.append(Amount(-value if negative else value, currency, start, end, decimals, percent))
    return tuple(found)


def _sign(text: str, start: int, end: int, negative: bool) -> tuple[bool, int, int]:
    """Leading minus, accounting brackets or a trailing minus ("12,00-")."""
    head = text[:start]
    if re.search(r"(?:^|[\s:(€$£])[-−]$", head):  # "-12,00", never "Foo - 12,00"
        return True, len(head) - 1, end
    head = head.rstrip()
    if head.endswith("(") and text[end:].lstrip().startswith(")"):
        return True, len(head) - 1, end + text[end:].index(")") + 1
    if re.match(r"[-−](?!\d)", text[end:]):
        return True, start, end + 1
    return negative, start, end


def parse_amount(text: str, decimal: Separator | None = None) -> Amount | None:
    """The amount that is all of `text` (apart from spaces), or None."""
    amounts = list(find_amounts(text, decimal))
    if len(amounts) == 1 and not text[:amounts[0].start].strip() and not text[amounts[0].end:].strip():
        return amounts[0]
    return None


def decimal_separator(texts: Iterable[str]) -> Separator | None:
    """Which separator marks cents in this document, from its unambiguous amounts."""
    votes: Counter[str] = Counter()
    for text in texts:
        for match in _RUN.finditer(text):
            votes[_vote(match.group())] += 1
    votes.pop("", None)
    if not votes:
        return None
    (best, count), *rest = votes.most_common()
    return best if not rest or count > rest[0][1] else None  # type: ignore[return-value]


def _vote(run: str) -> str:
    """The decimal mark a digit run proves, or "" when it proves nothing ("1.234", "31.01.2026")."""
    grouped = _GROUPED.fullmatch(run)
    if grouped:
        sep, dec = grouped["sep"], grouped["dec"]
        if dec is not None and dec != sep:
            return dec
        if dec is None and sep in ".," and run.count(sep) > 1:
            return "," if sep == "." else "."
        return ""
    plain = _PLAIN.fullmatch(run)
    if plain and plain["dec"] and len(run.split(plain["dec"])[1]) in (1, 2):
        return plain["dec"]
    return ""


def to_text(value: Decimal) -> str:
    """Canonical output: dot decimal, two places."""
    return f"{value.quantize(Decimal('0.01')):f}"
