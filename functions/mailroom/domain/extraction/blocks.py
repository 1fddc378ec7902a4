"""Address blocks: a name, then street and town lines, stacked in one column.

Most documents label only some parties ("Rechnungsempfänger", "Adresse de livraison") and let
position say the rest; a block is found from its postcode line upwards, or from its heading
downwards, and keeps the region it covers so identifiers printed inside it belong to it."""

import re
from dataclasses import dataclass
from functools import cached_property
from statistics import median

from mailroom.domain.extraction.dates import find_dates
from mailroom.domain.extraction.finder import Sheet
from mailroom.domain.extraction.folding import fold
from mailroom.domain.extraction.layout import Row, Token, overlaps
from mailroom.domain.text import BBox

_POSTCODE = re.compile(
    r"(?<![\w-])(?:(?:[A-Z]{1,2}[- ]?)?\d{4,6}|\d{2}-\d{3}|\d{4} ?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})"
    r"[,.]? +[^\W\d_]{2,}")  # "20097 Hamburg", "75018 PARIS, FR", OCR's "20097. Hamburg"
_NOT_A_NAME = re.compile(
    r"@|www\.|https?:|^\W*(tel|fax|phone|telefon|e-?mail|page|seite|pagina|strona)\b|"
    r"\b(contact|attn|attention|z\. ?hd|ansprechpartner|persoana de contact|osoba kontaktowa)\b")
# A cell that only names what follows ("Firma", "Anschrift", "Address:") heads a block.
_FIELD_HEADING = re.compile(
    r"^(name|firma|company( name)?|nom|raison sociale|denumire|nazwa|naam|bedrijfsnaam|anschrift|"
    r"adresse|address|adres|adresa|information(en)?)\s*:?$")
_SALUTATION = re.compile(r"^(herr|frau|mr|mrs|ms|m|mme|monsieur|madame|pan|pani|dhr|mevr|domnul|doamna)\.?$")
_NAME_LABEL = re.compile(r"^(name|firma|company( name)?|nom|raison sociale|denumire|nazwa|naam|bedrijfsnaam)\s*:\s*")
# "Kunden-Nr.: 009420", "Nummer: 549910", "GLN 4304171000002": ids, not names.
_KEY_VALUE = re.compile(
    r"^([^\W\d_][\w .\-/]{0,24}:\s*[\w\-/. ]*\d|(gln|iln|duns|siret|siren|nummer|number|nr|no|id)\b)")
PARTY_ROLES = frozenset({"seller", "buyer", "delivery"})
_STREET = re.compile(r"(?<![\w,.])\d{1,4}[a-z]?(?![\w.,])")  # a house number


@dataclass(frozen=True)
class Cell:
    """The words of one row that fall inside a column."""

    row: Row
    tokens: list[Token]

    # Cached: address blocks measure the same cells again and again.
    @cached_property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)

    @cached_property
    def bbox(self) -> BBox:
        return (min(t.bbox[0] for t in self.tokens), min(t.bbox[1] for t in self.tokens),
                max(t.bbox[2] for t in self.tokens), max(t.bbox[3] for t in self.tokens))

    @cached_property
    def height(self) -> float:
        return median(t.bbox[3] - t.bbox[1] for t in self.tokens)


@dataclass(frozen=True)
class Block:
    cells: list[Cell]
    heading_roles: frozenset[str]  # roles of the heading right above it, if any

    @property
    def page(self) -> int:
        return self.cells[0].row.page

    def contains(self, page: int, box: BBox) -> bool:
        x0 = min(c.bbox[0] for c in self.cells) - 0.01
        x1 = max(c.bbox[2] for c in self.cells) + 0.01
        return (page == self.page and self.cells[0].row.top - 0.005 <= box[1] <= self.cells[-1].row.bottom
                and overlaps(box, x0, x1))


def segments(row: Row) -> list[Cell]:
    """The row's column segments, left to right."""
    return [Cell(row, tokens) for tokens in row.segments]


def name_line(text: str) -> str | None:
    """The name a cell holds, or None for contact lines, ids and other key: value lines."""
    folded = fold(text).strip()
    if (label := _NAME_LABEL.match(folded)) is not None:
        return text.strip()[label.end():].strip() or None
    if any(p.search(folded) for p in (_NOT_A_NAME, _KEY_VALUE, _SALUTATION, _FIELD_HEADING)):
        return None
    if any(find_dates(text, None)):
        return None
    letters = sum(c.isalpha() for c in text)
    return text.strip(" ,:;-") if letters >= 3 and letters >= sum(c.isdigit() for c in text) else None


def is_postcode_line(text: str) -> bool:
    return bool(_POSTCODE.search(text))


def is_address_line(text: str) -> bool:
    """A street (house number and words) or a town (postcode) line."""
    return is_postcode_line(text) or (bool(_STREET.search(fold(text))) and sum(c.isalpha() for c in text) >= 3)


def column_cells(sheet: Sheet, start: Row, x0: float, x1: float, limit: int = 8) -> list[Cell]:
    """Cells under `start` whose column segments start in x0..x1, until a gap in the column, a
    heading or `limit` cells. Whole segments are kept: a long name may reach past the column."""
    cells: list[Cell] = []
    last = start
    for row in (r for r in sheet.rows if r.page == start.page and r.index > start.index):
        # A heading may stand a blank line above its block; lines of the block follow closely.
        if row.top - last.bottom > (1.8 if cells else 3.5) * last.height or len(cells) >= limit:
            break
        tokens = [t for cell in segments(row) if x0 <= cell.bbox[0] < x1 for t in cell.tokens]
        if not tokens:
            continue  # a row of another column
        if heading_at(sheet, row, tokens[0]):
            break
        cells.append(Cell(row, tokens))
        last = row
    return cells


def heading_at(sheet: Sheet, row: Row, token: Token) -> frozenset[str]:
    """The party roles of a heading that starts at `token`, if one does."""
    for hit in sheet.hits_in(row):
        if hit.start == token.start and hit.roles & PARTY_ROLES and sheet.is_heading(hit):
            return hit.roles & PARTY_ROLES
    return frozenset()


def address_blocks(sheet: Sheet, max_top: float = 0.4) -> list[Block]:
    """Blocks that end in a postcode line in the upper part of page 1, found bottom-up."""
    blocks: list[Block] = []
    page_one = [r for r in sheet.rows if r.page == 1 and r.top < max_top]
    for row in page_one:
        for cell in segments(row):
            if is_postcode_line(cell.text):
                blocks.append(_block_above(sheet, page_one, cell))
    return blocks


def _block_above(sheet: Sheet, rows: list[Row], bottom: Cell) -> Block:
    x0, x1 = bottom.bbox[0], bottom.bbox[2]
    cells = [bottom]
    inline = [h for h in sheet.hits_in(bottom.row) if h.start == bottom.tokens[0].start and h.roles & PARTY_ROLES]
    if inline:  # "Lieferadresse: Beispiel Lager AG | Feldstraße 39 | 54321 Hithausen"
        return Block(cells, inline[0].roles & PARTY_ROLES)
    for row in reversed([r for r in rows if r.index < bottom.row.index]):
        if cells[0].row.top - row.bottom > 6 * cells[0].row.height or len(cells) >= 5:
            break
        # Left-aligned as most blocks are, or right-aligned as a sender's block at the right margin.
        aligned = [c for c in segments(row) if abs(c.bbox[0] - x0) <= 0.03 or abs(c.bbox[2] - x1) <= 0.03]
        if not aligned:
            continue  # a row of another column (rows interleave on a skewed scan)
        # The gap within the column: on a skewed page a row's other columns sit higher or lower.
        if cells[0].bbox[1] - aligned[0].bbox[3] > 1.8 * min(aligned[0].height, cells[0].height):
            break
        if is_postcode_line(aligned[0].text):
            break  # another address ends above this one
        if roles := heading_at(sheet, row, aligned[0].tokens[0]):
            return Block(cells, roles)
        cells.insert(0, aligned[0])
    return Block(cells, frozenset())
