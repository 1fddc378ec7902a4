"""The pages of a file sent to the Vision stand-in, as images for Tesseract."""

import io

import pypdfium2 as pdfium
from PIL import Image, ImageSequence

from mailroom.adapters.text.pdf_text_layer import PDFIUM_LOCK


def render_pages(
    content: bytes, mime_type: str, asked: list[int], default_pages: int | None, dpi: int
) -> tuple[int, dict[int, tuple[Image.Image, tuple[int, int]]]]:
    """The file's page count and the pages asked for (else the first `default_pages`, None:
    all) as grayscale images, each with the page size Vision reports: points for a PDF, pixels
    for TIFF and GIF frames. IndexError for a page the file does not have."""
    if mime_type == "application/pdf":
        # PDFium is not thread-safe across documents, and the adapter under test uses it too.
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(content)
            try:
                numbers = _resolve(asked, len(pdf), default_pages)
                pages = {}
                for number in numbers:
                    page = pdf[number - 1]
                    width, height = page.get_size()
                    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                    pages[number] = (image, (round(width), round(height)))
                    page.close()
                return len(pdf), pages
            finally:
                pdf.close()
    with Image.open(io.BytesIO(content)) as image:
        frames = [(frame.convert("L"), frame.size) for frame in ImageSequence.Iterator(image)]
    return len(frames), {n: frames[n - 1] for n in _resolve(asked, len(frames), default_pages)}


def _resolve(asked: list[int], total: int, default_pages: int | None) -> list[int]:
    """Negative page numbers count from the end."""
    first = min(total, default_pages or total)
    numbers = [p if p > 0 else total + 1 + p for p in asked] or list(range(1, first + 1))
    bad = [p for p, n in zip(asked, numbers, strict=False) if not 1 <= n <= total]
    if bad:
        raise IndexError(f"pages {bad} of a file of {total} pages")
    return numbers
