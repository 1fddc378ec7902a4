"""Cloud Vision's `fullTextAnnotation` as mailroom's page model (`mailroom.domain.text`).

Vision nests pages → blocks → paragraphs → words → symbols. Its "words" are not ours: it splits
punctuation off ("INV-2026-0042" is five words, "1.234,56" three) and says where a space really
was in `property.detectedBreak` on a symbol. So words are rebuilt from symbols, cut at a break
(a HYPHEN break is an end-of-line hyphen Vision leaves out of the text: it is put back, as the
text layer keeps it). Lines are rebuilt from the words by geometry with the helpers the text
layer and Tesseract use, so a column gutter cuts a line the same way whatever read the page.

Boxes come as `vertices` in pixels (images) or `normalizedVertices` as page fractions (PDF and
TIFF pages). Vision's JSON leaves out zero coordinates; the client library reads them as 0.
"""

import unicodedata
from collections.abc import Iterator

from google.cloud import vision

from mailroom.adapters.text import clamp_box, group_rows, order_lines, split_row
from mailroom.domain.text import BBox, Page, Word

_BREAK = vision.TextAnnotation.DetectedBreak.BreakType
_ENDS_WORD = {
    _BREAK.SPACE,
    _BREAK.SURE_SPACE,
    _BREAK.EOL_SURE_SPACE,
    _BREAK.LINE_BREAK,
    _BREAK.HYPHEN,
}
_A4_ASPECT = 297 / 210  # when Vision gives no page size

Size = tuple[float, float]  # width, height


def vision_page(
    page: vision.Page | None, number: int, *, size: Size | None = None, column_gap: float = 5.0
) -> Page:
    """One Vision page as a `Page` (method "ocr"). `size`: the image's pixels, for pixel boxes
    when Vision leaves the page size out. `column_gap`: as in TesseractOcr (symbol boxes are
    tight around the glyphs, as Tesseract's are). None (a blank page) gives a page of no lines."""
    if page is None:
        return Page(number=number, method="ocr")
    width, height = (page.width, page.height) if page.width and page.height else size or (0, 0)
    aspect = height / width if width and height else _A4_ASPECT
    words = [
        word
        for block in page.blocks
        for paragraph in block.paragraphs
        for word in _words(paragraph, (width, height))
    ]
    lines = [line for row in group_rows(words) for line in split_row(row, column_gap, aspect)]
    return Page(number=number, method="ocr", lines=order_lines(lines))


def first_page(annotation: vision.TextAnnotation) -> vision.Page | None:
    """The page of a one-page annotation (an image, or one page of a file), None when blank."""
    return annotation.pages[0] if annotation.pages else None


def _words(paragraph: vision.Paragraph, size: Size) -> Iterator[Word]:
    text: list[str] = []
    boxes: list[BBox] = []
    confidence = 1.0  # of the least sure Vision word that gave a symbol to this word
    for vision_word in paragraph.words:
        fallback = _box(vision_word.bounding_box, size)  # some PDF symbols have no box
        for symbol in vision_word.symbols:
            text.append(symbol.text.strip())
            box = _box(symbol.bounding_box, size) or fallback
            if box is not None:
                boxes.append(box)
            confidence = min(confidence, vision_word.confidence)
            kind = symbol.property.detected_break.type_
            if kind == _BREAK.HYPHEN:
                text.append("-")
            if kind in _ENDS_WORD:
                yield from _word(text, boxes, confidence)
                text, boxes, confidence = [], [], 1.0
    yield from _word(text, boxes, confidence)  # a paragraph's end ends a word


def _word(text: list[str], boxes: list[BBox], confidence: float) -> Iterator[Word]:
    joined = unicodedata.normalize("NFC", "".join(text))
    if not joined or not boxes:  # nothing to place on the page
        return
    box = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    yield Word(text=joined, bbox=box, confidence=min(max(confidence, 0.0), 1.0))


def _box(poly: vision.BoundingPoly, size: Size) -> BBox | None:
    """The axis-aligned box around the polygon as page fractions (a rotated word's box holds
    all of it), or None without usable vertices."""
    if poly.normalized_vertices:
        points = [(v.x, v.y) for v in poly.normalized_vertices]
    elif poly.vertices and size[0] and size[1]:
        points = [(v.x / size[0], v.y / size[1]) for v in poly.vertices]
    else:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return clamp_box(min(xs), min(ys), max(xs), max(ys))
