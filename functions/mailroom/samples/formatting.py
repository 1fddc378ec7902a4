"""Numbers, money and dates written the way the document's country writes them."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from mailroom.samples.language import Language


@dataclass(frozen=True)
class Formatter:
    language: Language
    group_sep: str
    date_format: str
    currency: str
    with_symbol: bool  # "1.234,56 €" rather than "1.234,56 EUR"

    def amount(self, value: Decimal) -> str:
        """1234.5 → "1.234,50" (de), "1 234,50" (fr), "1,234.50" (en)."""
        english = f"{value:,.2f}"
        return "".join(self._localise_char(char) for char in english)

    def money(self, value: Decimal) -> str:
        if self.with_symbol:
            unit, template = (
                self.language.currency_symbols[self.currency],
                self.language.money_with_symbol,
            )
        else:
            unit, template = self.currency, self.language.money_with_code
        return template.format(amount=self.amount(value), unit=unit)

    def quantity(self, value: Decimal) -> str:
        text = f"{value.normalize():f}"
        return text.replace(".", self.language.decimal_sep)

    def rate(self, value: Decimal) -> str:
        return f"{self.quantity(value)}{self.language.percent_sep}%"

    def date(self, value: date) -> str:
        return self.date_format.format(
            d=value.day,
            dd=f"{value.day:02d}",
            mm=f"{value.month:02d}",
            yyyy=value.year,
            month=self.language.months[value.month - 1],
        )

    def _localise_char(self, char: str) -> str:
        if char == ",":
            return self.group_sep
        if char == ".":
            return self.language.decimal_sep
        return char
