"""Renders a Document to PDF bytes in one of a few vendor layouts."""

from collections.abc import Callable

from mailroom.samples.documents import Document
from mailroom.samples.pdf import boxed, compact, letterhead
from mailroom.samples.pdf.canvas import DocumentPdf

LAYOUTS: dict[str, Callable[[DocumentPdf], None]] = {
    "letterhead": letterhead.draw,
    "boxed": boxed.draw,
    "compact": compact.draw,
}


def render_pdf(doc: Document, *, user_password: str | None = None) -> bytes:
    """A text-layer PDF of the document; with a password, one no reader opens without it."""
    pdf = DocumentPdf(doc, user_password=user_password)
    LAYOUTS[doc.style.layout](pdf)
    return bytes(pdf.output())
