"""Dates as invoices print them, in six languages: "31.01.2026", "31/01/2026", "2026-01-31",
"31 stycznia 2026", "1er févr. 2026", "January 31, 2026", "31st Jan 2026".

A small month table instead of dateparser: dateparser costs 0.25 s to import and ~0.1 s per
call without a language hint, and would guess where we must not. "03/04/2026" is the 3rd of
April unless the document proves US order elsewhere ("11/17/2017" can only be month first)."""

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from mailroom.domain.extraction.folding import fold

DateOrder = Literal["DMY", "MDY"]

# Per month: names and abbreviations in en, de, fr, nl, ro, pl (folded; Polish incl. genitive).
_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan", "januar", "janner", "jaenner", "janvier", "janv", "januari", "ianuarie",
     "ian", "styczen", "stycznia", "sty"),
    ("february", "feb", "febr", "februar", "fevrier", "fevr", "fev", "februari", "februarie",
     "luty", "lutego", "lut"),
    ("march", "mar", "marz", "maerz", "mrz", "mars", "maart", "mrt", "martie", "marzec", "marca"),
    ("april", "apr", "avril", "avr", "aprilie", "kwiecien", "kwietnia", "kwi"),
    ("may", "mai", "mei", "maj", "maja"),
    ("june", "jun", "juni", "juin", "iunie", "iun", "czerwiec", "czerwca", "cze"),
    ("july", "jul", "juli", "juillet", "juil", "iulie", "iul", "lipiec", "lipca", "lip"),
    ("august", "aug", "aout", "augustus", "sierpien", "sierpnia", "sie"),
    ("september", "sep", "sept", "septembre", "septembrie", "wrzesien", "wrzesnia", "wrz"),
    ("october", "oct", "okt", "oktober", "octobre", "octombrie", "pazdziernik", "pazdziernika",
     "paz"),
    ("november", "nov", "novembre", "noiembrie", "listopad", "listopada", "lis"),
    ("december", "dec", "dez", "dezember", "decembre", "decembrie", "grudzien", "grudnia", "gru"),
)
MONTHS: dict[str, int] = {name: n for n, names in enumerate(_MONTH_NAMES, 1) for name in names}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))

_NUMERIC = re.compile(r"(?<![\d.,/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d]|[.,/-]\d)")
_ISO = re.compile(r"(?<![\d.,/-])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![\d]|[.,/-]\d)")
_DAY_MONTH = re.compile(
    rf"(?<![\w.])(\d{{1,2}})(?:st|nd|rd|th|er|\.)?[\s-]*(?:de\s+)?({_MONTH})(?![^\W\d_])\.?[\s,-]*(\d{{4}})(?!\d)")
_MONTH_DAY = re.compile(
    rf"(?<![\w.])({_MONTH})(?![^\W\d_])\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)")


@dataclass(frozen=True)
class FoundDate:
    value: date
    start: int
    end: int
    ambiguous: bool = False  # day and month could be swapped and the document did not say


def _make(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not 1950 <= year <= 2099:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _numeric(match: re.Match[str], order: DateOrder | None) -> FoundDate | None:
    first, sep, second, year_text = int(match[1]), match[2], int(match[3]), match[4]
    if len(year_text) == 2 and sep == "-":
        return None  # "12-03-45" is a part number more often than a date
    us = order == "MDY" and sep != "."  # nobody writes month-first with dots
    if not us and first <= 12 < second and sep != ".":
        us = True  # "11/17/2017" can only be month first
    day, month = (second, first) if us else (first, second)
    found = _make(int(year_text), month, day)
    ambiguous = order is None and sep != "." and first <= 12 and second <= 12 and first != second
    return FoundDate(found, match.start(), match.end(), ambiguous) if found else None


def find_dates(text: str, order: DateOrder | None = None) -> Iterator[FoundDate]:
    """Every date in `text`, in reading order."""
    found: list[FoundDate] = []
    for match in _NUMERIC.finditer(text):
        if (parsed := _numeric(match, order)) is not None:
            found.append(parsed)
    for match in _ISO.finditer(text):
        if (value := _make(int(match[1]), int(match[3]), int(match[4]))) is not None:
            found.append(FoundDate(value, match.start(), match.end()))
    folded = fold(text)
    for match in _DAY_MONTH.finditer(folded):
        if (value := _make(int(match[3]), MONTHS[match[2]], int(match[1]))) is not None:
            found.append(FoundDate(value, match.start(), match.end()))
    for match in _MONTH_DAY.finditer(folded):
        if (value := _make(int(match[3]), MONTHS[match[1]], int(match[2]))) is not None:
            found.append(FoundDate(value, match.start(), match.end()))
    yield from sorted(found, key=lambda d: d.start)


def parse_date(text: str, order: DateOrder | None = None) -> date | None:
    """The date that is all of `text`, or None. Also reads compact "20260131"."""
    stripped = text.strip()
    if re.fullmatch(r"(19|20)\d{6}", stripped):
        return _make(int(stripped[:4]), int(stripped[4:6]), int(stripped[6:]))
    found = list(find_dates(stripped, order))
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(stripped):
        return found[0].value
    return None


def date_order(texts: Iterable[str]) -> DateOrder | None:
    """Day or month first, from the document's dates that only one order can read."""
    votes: Counter[DateOrder] = Counter()
    for text in texts:
        for match in _NUMERIC.finditer(text):
            first, second = int(match[1]), int(match[3])
            if match[2] != "." and first <= 12 < second <= 31:
                votes["MDY"] += 1
            elif second <= 12 < first <= 31:
                votes["DMY"] += 1
    if votes["MDY"] > votes["DMY"]:
        return "MDY"
    return "DMY" if votes["DMY"] else None
