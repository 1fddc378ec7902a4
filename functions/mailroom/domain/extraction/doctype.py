"""Invoice, credit note or purchase order, from the document's title.

The title is a type word that opens a column near the top of page 1 and is not itself a label
("Bestellung: 4711" quotes an order; "Bestellung 4711" in large type is one). Of several, the
one in the largest type wins, then the highest on the page."""

import re
from dataclasses import dataclass
from functools import cache

from mailroom.domain.extraction.folding import fold
from mailroom.domain.extraction.labels import CREDIT_NOTE_TITLES, INVOICE_TITLES, ORDER_TITLES
from mailroom.domain.extraction.layout import Row
from mailroom.domain.models import DocumentType

TITLE_AREA = 0.5  # the upper half of page 1


@dataclass(frozen=True)
class Title:
    document_type: DocumentType
    phrase: str
    height: float
    top: float


@cache
def _titles() -> tuple[re.Pattern[str], dict[str, DocumentType]]:
    types: dict[str, DocumentType] = {}
    kinds: tuple[tuple[tuple[str, ...], DocumentType], ...] = (
        (INVOICE_TITLES, "invoice"), (ORDER_TITLES, "purchase_order"), (CREDIT_NOTE_TITLES, "credit_note"))
    for phrases, kind in kinds:
        types.update({fold(p): kind for p in phrases})
    alternatives = "|".join(re.escape(p) for p in sorted(types, key=len, reverse=True))
    # At the start of a column, not followed by a letter, and not a label (no colon after it).
    return re.compile(rf"(?:^|(?<=   ))({alternatives})(?![^\W\d_])(?!\s*:)"), types


def find_titles(rows: list[Row]) -> list[Title]:
    pattern, types = _titles()
    found = []
    for row in rows:
        if row.page != 1 or row.top > TITLE_AREA:
            continue
        for match in pattern.finditer(row.folded):
            tokens = row.tokens_in(match.start(1), match.end(1))
            height = max(t.bbox[3] - t.bbox[1] for t in tokens)
            found.append(Title(types[match[1]], row.text[match.start(1):match.end(1)], height, row.top))
    return found


def document_type(rows: list[Row]) -> tuple[DocumentType, str]:
    """The type and the reason, "other" when no title is found."""
    titles = find_titles(rows)
    if not titles:
        return "other", "no document title found"
    tallest = max(t.height for t in titles)
    title = min((t for t in titles if t.height >= 0.9 * tallest), key=lambda t: t.top)
    return title.document_type, f"title '{title.phrase}'"
