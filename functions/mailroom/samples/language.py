"""The shape of a language pack: everything that differs between a German and a Polish vendor.

One module per language under `languages/` fills a `Language`; the rest of the generator is
language-blind and only reads these fields.
"""

from dataclasses import dataclass
from decimal import Decimal

from mailroom.samples.identifiers import bank_account, vat_id
from mailroom.samples.model import DocKind


@dataclass(frozen=True)
class Company:
    name: str
    street: str
    city: str  # postcode and town, in the order the country writes them
    country: str  # ISO 3166 alpha-2, also the VAT id and IBAN country
    domain: str
    contact: str  # the person who signs the mails

    # Identifiers come from the name (and are cached there), not from the run's seed: a vendor
    # keeps its VAT id and bank account whatever mailbox it appears in.
    @property
    def vat_id(self) -> str:
        return vat_id(self.country, self.name)

    @property
    def iban(self) -> str:
        return bank_account(self.country, self.name)[0]

    @property
    def bic(self) -> str:
        return bank_account(self.country, self.name)[1]


@dataclass(frozen=True)
class Item:
    """A line a vendor in this country plausibly bills."""

    description: str
    min_price: Decimal
    max_price: Decimal
    reduced_rate: bool = False  # books, food, transport of people: the country's reduced VAT
    hourly: bool = False  # billed in hours, so the quantity may be 2.5


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, the `lang` of the ground truth
    country: str
    country_name: str
    utc_offset_hours: int  # in February, for Date headers
    vat_rates: tuple[Decimal, Decimal]  # standard, reduced
    currencies: tuple[str, ...]  # drawn uniformly, so repeat the usual one
    currency_symbols: dict[str, str]
    money_with_code: str  # "{amount} {unit}" makes "1.234,56 EUR"
    money_with_symbol: str  # "{unit}{amount}" makes "£1,234.56"
    decimal_sep: str
    group_seps: tuple[str, ...]  # one is drawn per document
    percent_sep: str  # "19 %" in German and French, "21%" in Dutch
    date_formats: tuple[str, ...]  # str.format templates over d, dd, mm, yyyy, month
    months: tuple[str, ...]  # as written inside a date (Polish uses the genitive)
    titles: dict[DocKind, str]
    numbering: dict[DocKind, str]  # templates over n and yyyy
    # Label wordings; layouts pick one by the document's variant, as real vendors differ.
    labels: dict[str, tuple[str, ...]]
    number_labels: dict[DocKind, tuple[str, ...]]
    date_labels: dict[DocKind, tuple[str, ...]]
    items: tuple[Item, ...]
    vendors: tuple[Company, ...]
    own_company: Company  # the group's subsidiary in this country: buyer of invoices, seller in POs
    colleague: str  # forwards vendor mail to the shared mailbox
    mail: dict[str, str]  # subjects and bodies, str.format templates
    terms_file: tuple[str, str]  # a non-document attachment: file name and text

    def label(self, key: str, variant: int) -> str:
        return _pick(self.labels[key], variant)

    def number_label(self, kind: DocKind, variant: int) -> str:
        return _pick(self.number_labels[kind], variant)

    def date_label(self, kind: DocKind, variant: int) -> str:
        return _pick(self.date_labels[kind], variant)


def _pick(wordings: tuple[str, ...], variant: int) -> str:
    return wordings[variant % len(wordings)]
