"""A template's values: its YAML scalars (regexes, one-or-many lists) as typed values, and
what its regexes captured, read with our own grammars into canonical values.

invoice2data turns captures into floats and datetimes with `decimal_separator`, strptime and
dateparser; we read them with the engine's amount and date grammars instead, so a template
value and an engine value of the same field look alike (dot decimals, ISO dates, ISO currency
codes, identifiers without spaces) and a capture like "1.234,56 €" or "31 janvier 2026" needs
no extra option."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator

from mailroom.domain.extraction.amounts import CURRENCY_WORDS, Separator, find_amounts, parse_amount, to_text
from mailroom.domain.extraction.dates import DateOrder, parse_date
from mailroom.domain.extraction.folding import fold
from mailroom.domain.extraction.identifiers import compact



def _listed(value: Any) -> Any:
    """invoice2data accepts one item or a list wherever a list is expected."""
    return list(value) if isinstance(value, list | tuple) else [value]


def _compiled(pattern: Any) -> re.Pattern[str]:
    if isinstance(pattern, re.Pattern):
        return pattern
    if not isinstance(pattern, str):
        raise ValueError(f"a regex must be text, not {pattern!r}")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad regex {pattern!r}: {exc}") from None


def _scalar_text(value: Any) -> str:
    if isinstance(value, list | dict) or value is None:
        raise ValueError(f"expected text, not {value!r}")
    return str(value)  # YAML reads a VAT number or a year as a number


def _truthy(value: Any) -> Any:
    """invoice2data tests options for truth: `remove_accents:` left empty is off, `[True]` is on."""
    return bool(value) if value is None or isinstance(value, list) else value


def _pairs(value: Any) -> Any:
    """`replace` takes [[pattern, replacement], ...]; a single flat pair is one replacement."""
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return [value]
    return value


def _usable(pair: tuple[re.Pattern[str], str]) -> tuple[re.Pattern[str], str]:
    pattern, replacement = pair
    try:
        pattern.sub(replacement, "")  # compiles the replacement: unknown groups, bad escapes
    except (re.error, IndexError) as exc:
        raise ValueError(f"bad replacement {replacement!r} for {pattern.pattern!r}: {exc}") from None
    return pair


Flag = Annotated[bool, BeforeValidator(_truthy)]
Regex = Annotated[re.Pattern[str], BeforeValidator(_compiled)]
Regexes = Annotated[tuple[Regex, ...], BeforeValidator(_listed)]
Text = Annotated[str, BeforeValidator(_scalar_text)]
Texts = Annotated[tuple[Text, ...], BeforeValidator(_listed)]
Replacements = Annotated[tuple[Annotated[tuple[Regex, str], AfterValidator(_usable)], ...], BeforeValidator(_pairs)]

Kind = Literal["amount", "date", "currency", "identifier", "text"]
Value = Decimal | date | str

KINDS: dict[str, Kind] = {
    "net_total": "amount", "tax_total": "amount", "grand_total": "amount",
    "issue_date": "date", "due_date": "date", "currency": "currency",
    "seller_vat_id": "identifier", "buyer_vat_id": "identifier", "iban": "identifier", "bic": "identifier",
}
# Bigger digit runs are references, not money (and would not fit `to_text`'s precision).
TOO_BIG = Decimal(10) ** 15
KIND_WORDS: dict[Kind, str] = {
    "amount": "an amount", "date": "a date", "currency": "a currency", "identifier": "an identifier",
    "text": "text",
}


@dataclass(frozen=True)
class Reading:
    """How this document writes numbers and dates: the template's options, else the document's."""

    decimal: Separator | None
    date_formats: tuple[str, ...] = ()
    order: DateOrder | None = None

    def value(self, kind: Kind, raw: str) -> Value | None:
        """The capture as a value of `kind`, or None when it is not one."""
        if kind == "amount":
            return self.number(raw)
        if kind == "date":
            return self.date(raw)
        if kind == "currency":
            return currency_code(raw)
        if kind == "identifier":
            ident = compact(raw)
            return ident if re.fullmatch(r"[A-Z0-9]+", ident) else None
        return " ".join(raw.split()) or None

    def number(self, raw: str) -> Decimal | None:
        """An amount, a quantity or a rate ("19 %"); like invoice2data's `extract_number`, a
        capture with words around one number ("12 Stk.") reads as that number."""
        cleaned = raw.strip().removesuffix("%")
        amount = parse_amount(cleaned, self.decimal)
        if amount is None:
            found = list(find_amounts(cleaned, self.decimal))
            amount = found[0] if len(found) == 1 else None
        return amount.value if amount is not None and abs(amount.value) < TOO_BIG else None

    def date(self, raw: str) -> date | None:
        for fmt in self.date_formats:  # the template's own formats first, as invoice2data does
            try:
                return datetime.strptime(raw.strip(), fmt).date()
            except ValueError:
                continue
        return parse_date(raw, self.order)


def format_order(formats: tuple[str, ...]) -> DateOrder | None:
    """Day or month first, as the template's first strptime format with both says."""
    for fmt in formats:
        if "%d" in fmt and "%m" in fmt:
            return "MDY" if fmt.index("%m") < fmt.index("%d") else "DMY"
    return None


def currency_code(raw: str) -> str | None:
    word = raw.strip()
    if fold(word) in CURRENCY_WORDS:
        return CURRENCY_WORDS[fold(word)]
    return word.upper() if re.fullmatch(r"[A-Za-z]{3}", word) else None


def as_text(value: Value) -> str:
    if isinstance(value, Decimal):
        return to_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
