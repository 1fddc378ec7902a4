"""Text with geometry from documents, the local way: the PDF text layer through PDFium
(`pdf_text_layer`), Tesseract OCR for pages without one (`tesseract_ocr`), and the `TextSource`
that dispatches between them (`local_text_source`).

Both engines hand back the same shape, so the reader downstream need not care which one ran:

* a `Word` is a run of characters without whitespace, with its box as page fractions;
* a `Line` is a row of words in one block: words on the same baseline, cut where a wide gap
  (a column gutter) separates them, so a seller and a buyer address side by side are two lines
  each, never one mixed line. Use the boxes to find what stands right of or below a label;
* lines are in reading order: top to bottom, and left to right within a row.

This module keeps the geometry helpers both engines share; it imports no engine.
"""

from collections.abc import Iterable, Sequence
from statistics import median

from mailroom.domain.text import BBox, Line, Word

__all__ = ["clamp_box", "order_lines", "split_row", "group_rows"]


def clamp_box(x0: float, y0: float, x1: float, y1: float) -> BBox | None:
    """The box clipped to the page (0..1), or None when nothing of it is on the page."""
    if x0 > x1:
        x0, x1 = x1, x0
    if y0 > y1:
        y0, y1 = y1, y0
    if x1 <= 0.0 or y1 <= 0.0 or x0 >= 1.0 or y0 >= 1.0:
        return None
    # Comparisons, not min/max: this runs for every character of every page.
    return (
        x0 if x0 > 0.0 else 0.0,
        y0 if y0 > 0.0 else 0.0,
        x1 if x1 < 1.0 else 1.0,
        y1 if y1 < 1.0 else 1.0,
    )


def _height(box: BBox) -> float:
    return box[3] - box[1]


def _center(box: BBox) -> float:
    return (box[1] + box[3]) / 2


def group_rows(words: Iterable[Word]) -> list[list[Word]]:
    """Words sharing a baseline, top row first, each row left to right.

    A word joins the row above when its vertical centre lies within half a line height of the
    row's centre; sorting by centre first makes this a single pass."""
    rows: list[tuple[float, float, list[Word]]] = []  # (centre, height, words)
    for word in sorted(words, key=lambda w: (_center(w.bbox), w.bbox[0])):
        centre, height = _center(word.bbox), _height(word.bbox)
        if rows:
            row_centre, row_height, row_words = rows[-1]
            if abs(centre - row_centre) <= 0.5 * min(max(height, 1e-6), max(row_height, 1e-6)):
                row_words.append(word)
                n = len(row_words)
                rows[-1] = ((row_centre * (n - 1) + centre) / n, max(row_height, height), row_words)
                continue
        rows.append((centre, height, [word]))
    return [sorted(row, key=lambda w: w.bbox[0]) for _, _, row in rows]


def split_row(row: Sequence[Word], gap: float, page_aspect: float = 1.0) -> list[Line]:
    """Cut a row of words (left to right) into lines where the horizontal gap between two words
    exceeds `gap` times the row's typical word height (a column gutter, not a word space).

    `page_aspect` is page height / page width: box fractions are relative to each side, so a
    height is converted to width units before comparing it with a horizontal gap."""
    if not row:
        return []
    height = median(_height(w.bbox) for w in row) * page_aspect
    limit = max(gap * height, 1e-6)
    lines: list[Line] = []
    current: list[Word] = [row[0]]
    right = row[0].bbox[2]
    for word in row[1:]:
        if word.bbox[0] - right > limit:
            lines.append(Line(words=current))
            current = []
        current.append(word)
        right = max(right, word.bbox[2])
    lines.append(Line(words=current))
    return lines


def order_lines(lines: Iterable[Line]) -> list[Line]:
    """Reading order: rows top to bottom (lines whose vertical centres are within half a line
    height of each other share a row), lines left to right within a row."""
    rows: list[tuple[float, float, list[Line]]] = []
    for line in sorted(lines, key=lambda ln: (_center(ln.bbox), ln.bbox[0])):
        box = line.bbox
        centre, height = _center(box), _height(box)
        if rows:
            row_centre, row_height, row_lines = rows[-1]
            if abs(centre - row_centre) <= 0.5 * min(max(height, 1e-6), max(row_height, 1e-6)):
                row_lines.append(line)
                continue
        rows.append((centre, height, [line]))
    return [line for _, _, row in rows for line in sorted(row, key=lambda ln: ln.bbox[0])]
