"""Small DocumentText objects laid out like a page: `page(...)` takes rows of cells."""

from collections.abc import Sequence

from mailroom.domain.text import DocumentText, Line, Page, Word

CHAR_WIDTH = 0.008  # a 10-point character on an A4 page, as a fraction of its width
ROW_HEIGHT = 0.012
ROW_STEP = 0.02


def layout_line(text: str, x: float, y: float, confidence: float = 1.0) -> Line:
    """One line of words starting at x; single spaces between words."""
    words = []
    for token in text.split():
        width = CHAR_WIDTH * len(token)
        words.append(Word(text=token, bbox=(x, y, x + width, y + ROW_HEIGHT), confidence=confidence))
        x += width + CHAR_WIDTH
    return Line(words=words)


def page(*rows: str | Sequence[tuple[float, str]], number: int = 1, top: float = 0.05) -> Page:
    """Rows top to bottom; a row is text at the left margin or (x, text) cells in columns."""
    lines = []
    for index, row in enumerate(rows):
        y = top + index * ROW_STEP
        cells = [(0.08, row)] if isinstance(row, str) else row
        lines.extend(layout_line(text, x, y) for x, text in cells if text)
    return Page(number=number, method="text-layer", lines=lines)


def document(*rows: str | Sequence[tuple[float, str]]) -> DocumentText:
    return DocumentText(pages=[page(*rows)])
