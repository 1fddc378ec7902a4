"""Tesseract's words in the shape of Cloud Vision's `TextAnnotation` JSON, for the stand-in.

Mimicked where it matters to a reader of the real thing: Vision splits punctuation into words of
their own ("INV-0042" is "INV", "-", "0042") and marks only real spaces with a `detectedBreak`
on the last symbol: SPACE between words, EOL_SURE_SPACE at a line's end, LINE_BREAK at a
paragraph's end. Tesseract gives word boxes only; symbol boxes divide a word's width evenly.
Zero coordinates are left out, as Vision's JSON does.
"""

import re
from statistics import fmean

import pytesseract
from PIL import Image

_BREAK_CODES = {"SPACE": 1, "EOL_SURE_SPACE": 3, "LINE_BREAK": 5}
_BREAK_TEXT = {"SPACE": " ", "EOL_SURE_SPACE": "\n", "LINE_BREAK": "\n"}
_TEXT_BLOCK = ("TEXT", 1)
_TOKEN = re.compile(r"\w+|[^\w\s]")

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the OCR'd image
_TesseractWord = tuple[str, Box, float]


def annotation(
    image: Image.Image, language: str, *, int_enums: bool, page_size: tuple[int, int] | None = None
) -> dict:
    """The `fullTextAnnotation` of one page. Without `page_size` the page is an image: pixel
    `vertices` and its pixel size. With it, a file page: `normalizedVertices` and that size
    (points for a PDF)."""
    shape = _Shape(image.size, page_size, int_enums)
    text: list[str] = []
    blocks = []
    for paragraphs in _tesseract_words(image, language).values():
        block_paragraphs = [shape.paragraph(lines, text) for lines in paragraphs.values()]
        blocks.append({
            "blockType": _TEXT_BLOCK[int_enums],
            "boundingBox": shape.poly(_union(p["_box"] for p in block_paragraphs)),
            "confidence": fmean(p["confidence"] for p in block_paragraphs),
            "paragraphs": [{k: v for k, v in p.items() if k != "_box"} for p in block_paragraphs],
        })
    width, height = page_size or image.size
    page = {"width": width, "height": height, "blocks": blocks}
    if blocks:
        page["confidence"] = fmean(b["confidence"] for b in blocks)
    return {"pages": [page], "text": "".join(text)}


def _tesseract_words(
    image: Image.Image, language: str
) -> dict[int, dict[int, list[list[_TesseractWord]]]]:
    """Words by block, paragraph and line, in Tesseract's reading order."""
    data = pytesseract.image_to_data(image, lang=language, config="--psm 3", timeout=60,
                                     output_type=pytesseract.Output.DICT)
    grouped: dict[int, dict[int, dict[int, list[_TesseractWord]]]] = {}
    for i, raw in enumerate(data["text"]):
        text, confidence = raw.strip(), float(data["conf"][i])
        if data["level"][i] != 5 or not text or confidence < 0:
            continue
        left, top = data["left"][i], data["top"][i]
        box = (left, top, left + data["width"][i], top + data["height"][i])
        lines = grouped.setdefault(data["block_num"][i], {}).setdefault(data["par_num"][i], {})
        lines.setdefault(data["line_num"][i], []).append((text, box, confidence / 100))
    return {
        block: {par: list(lines.values()) for par, lines in paragraphs.items()}
        for block, paragraphs in grouped.items()
    }


class _Shape:
    def __init__(self, size: tuple[int, int], page_size: tuple[int, int] | None, int_enums: bool):
        self.width, self.height = size
        self.normalized = page_size is not None
        self.int_enums = int_enums

    def paragraph(self, lines: list[list[_TesseractWord]], text: list[str]) -> dict:
        words = []
        for line_index, line in enumerate(lines):
            for word_index, word in enumerate(line):
                if word_index < len(line) - 1:
                    kind = "SPACE"
                elif line_index < len(lines) - 1:
                    kind = "EOL_SURE_SPACE"
                else:
                    kind = "LINE_BREAK"
                words.extend(self._vision_words(word, kind, text))
        box = _union(w["_box"] for w in words)
        for w in words:
            del w["_box"]
        return {"boundingBox": self.poly(box), "confidence": fmean(w["confidence"] for w in words),
                "words": words, "_box": box}

    def _vision_words(self, word: _TesseractWord, kind: str, text: list[str]) -> list[dict]:
        """One Tesseract word as Vision's words: letter/digit runs and single punctuation."""
        chars, (x0, y0, x1, y1), confidence = word
        step = (x1 - x0) / len(chars)
        tokens = list(_TOKEN.finditer(chars))
        out = []
        for index, token in enumerate(tokens):
            symbols = []
            for position in range(token.start(), token.end()):
                symbol = {"text": chars[position], "confidence": confidence,
                          "boundingBox": self.poly((x0 + step * position, y0,
                                                    x0 + step * (position + 1), y1))}
                symbols.append(symbol)
            text.append(token.group())
            if index == len(tokens) - 1:
                code = _BREAK_CODES[kind] if self.int_enums else kind
                symbols[-1]["property"] = {"detectedBreak": {"type": code}}
                text.append(_BREAK_TEXT[kind])
            box = (x0 + step * token.start(), y0, x0 + step * token.end(), y1)
            out.append({"boundingBox": self.poly(box), "confidence": confidence,
                        "symbols": symbols, "_box": box})
        return out

    def poly(self, box: Box) -> dict:
        return bounding_poly(box, (self.width, self.height), normalized=self.normalized)


def bounding_poly(box: Box, size: tuple[int, int], *, normalized: bool) -> dict:
    """A pixel box as Vision's BoundingPoly: top-left, top-right, bottom-right, bottom-left;
    `normalized`: as fractions of `size`. Zero coordinates are left out."""
    x0, y0, x1, y1 = box
    corners = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    if normalized:
        points = [(round(x / size[0], 6), round(y / size[1], 6)) for x, y in corners]
        return {"normalizedVertices": [_vertex(x, y) for x, y in points]}
    return {"vertices": [_vertex(round(x), round(y)) for x, y in corners]}


def _vertex(x: float, y: float) -> dict:
    return {name: value for name, value in (("x", x), ("y", y)) if value}


def _union(boxes) -> Box:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))
