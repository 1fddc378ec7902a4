"""Which template a document gets, and the text templates read: each page's rows, rebuilt
from word boxes, indented, with column gaps as three spaces (like `pdftotext -layout`, which
invoice2data templates are written against), pages joined with "\n\f\n"."""

from collections.abc import Sequence
from email.utils import parseaddr
from statistics import median

from mailroom.domain.extraction.layout import Row, page_rows
from mailroom.domain.extraction.template_model import Template
from mailroom.domain.text import DocumentText, TextMethod

PAGE_BREAK = "\n\f\n"
MAX_INDENT = 120  # a page is about a hundred characters wide; a degenerate box must not blow up


def matching_template(templates: Sequence[Template], text: DocumentText,
                      sender: str | None = None) -> Template | None:
    """The template for this document: every keyword present, no excluded one, the sender
    matching when both are known; then the highest priority, then the most specific."""
    words = _squeezed(_rows_text(text))
    ranked = []
    for template in templates:
        specificity = _specificity(template, words, sender)
        if specificity is not None:
            ranked.append(((-template.priority, *(-s for s in specificity), template.name), template))
    return min(ranked, key=lambda pair: pair[0])[1] if ranked else None


def _specificity(template: Template, words: str, sender: str | None) -> tuple[int, int, int] | None:
    """(sender match: 2 address, 1 domain, 0 none; keyword count; keyword length), or None."""
    if not all(_squeezed(k) in words for k in template.keywords):
        return None
    if any(_squeezed(k) in words for k in template.exclude_keywords):
        return None
    by_sender = _sender_match(template.sender, sender)
    if by_sender is None or (by_sender == 0 and not template.keywords):
        return None
    return by_sender, len(template.keywords), sum(len(k) for k in template.keywords)


def _sender_match(patterns: tuple[str, ...], sender: str | None) -> int | None:
    if not patterns or not sender:
        return 0  # an unknown sender neither confirms nor rules out a template
    address = (parseaddr(sender)[1] or sender).strip().lower()
    domain = address.rpartition("@")[2]
    best = None
    for pattern in (p.strip().lower().removeprefix("@") for p in patterns):
        if "@" in pattern and pattern == address:
            return 2
        if "@" not in pattern and (domain == pattern or domain.endswith(f".{pattern}")):
            best = 1
    return best


def _squeezed(text: str) -> str:
    # Our rows space columns differently from pdftotext; a keyword should not care.
    return " ".join(text.split())


def _rows_text(text: DocumentText) -> str:
    return PAGE_BREAK.join(page for _, _, page in page_texts(text))


def page_texts(text: DocumentText) -> list[tuple[int, TextMethod, str]]:
    rows = page_rows(text)
    return [(page.number, page.method, _indented([r for r in rows if r.page == page.number]))
            for page in text.pages]


def _indented(rows: list[Row]) -> str:
    """The rows, each indented by its left edge in character widths as `pdftotext -layout`
    indents it: templates tell an item's detail lines from the item by `^\\s+`."""
    if not rows:
        return ""
    left = min(row.words[0].bbox[0] for row in rows)
    char = median((w.bbox[2] - w.bbox[0]) / len(w.text) for row in rows for w in row.words)
    return "\n".join(" " * min(MAX_INDENT, round((row.words[0].bbox[0] - left) / max(char, 1e-6))) + row.text
                     for row in rows)

