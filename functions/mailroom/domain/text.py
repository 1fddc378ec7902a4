"""One model of a document's text for every source: PDF text layer, Tesseract, Cloud Vision.

Coordinates are fractions of the page (0..1, origin top-left), so boxes from a 72-dpi text
layer and a 300-dpi scan compare directly."""

from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TextMethod = Literal["text-layer", "ocr", "e-invoice"]

BBox = tuple[float, float, float, float]  # x0, y0, x1, y1


class Word(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    bbox: BBox
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class Line(BaseModel):
    # Frozen, so the text and box, read many times by layout and extraction, are computed once.
    model_config = ConfigDict(frozen=True)

    words: list[Word]

    @cached_property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @cached_property
    def bbox(self) -> BBox:
        return (
            min(w.bbox[0] for w in self.words),
            min(w.bbox[1] for w in self.words),
            max(w.bbox[2] for w in self.words),
            max(w.bbox[3] for w in self.words),
        )


class Page(BaseModel):
    number: int = Field(ge=1)
    method: TextMethod
    lines: list[Line] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class DocumentText(BaseModel):
    pages: list[Page] = Field(default_factory=list)
    # Structured e-invoice XML found in or as the document (Factur-X, UBL, ...), read exactly.
    xml: bytes | None = None

    @property
    def text(self) -> str:
        return "\n\f\n".join(page.text for page in self.pages)

    @property
    def method(self) -> TextMethod:
        if self.xml is not None:
            return "e-invoice"
        return "ocr" if any(p.method == "ocr" for p in self.pages) else "text-layer"
