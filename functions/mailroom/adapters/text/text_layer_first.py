"""What every `TextSource` shares, whichever engine OCRs: the type of a document decided by its
bytes, the checks that turn broken input into a BadInputError a person understands (in bounded
time and memory: pages and pixels are counted before anything is decoded), the PDF text layer
read first, and embedded e-invoice XML kept.

Subclasses say only how pages without usable text are OCR'd: `LocalTextSource` with Tesseract,
`mailroom.adapters.google.vision_ocr.VisionTextSource` with Cloud Vision. So both refuse the same
documents with the same messages, and OCR never sees a page the text layer could read.
"""

import io
import logging
from abc import abstractmethod
from collections.abc import Mapping

import pypdfium2 as pdfium
from PIL import Image, UnidentifiedImageError

from mailroom.adapters.text.pdf_text_layer import PdfTextLayer, embedded_xml, open_page, open_pdf
from mailroom.domain.errors import BadInputError
from mailroom.domain.text import DocumentText, Page
from mailroom.ports import TextSource

log = logging.getLogger(__name__)

# Pillow decoders we let near untrusted bytes (camera JPEGs with several images open as MPO
# through the JPEG decoder).
IMAGE_FORMATS = ["PNG", "JPEG", "TIFF", "GIF", "WEBP", "BMP"]
_MULTI_PAGE_FORMATS = {"TIFF"}  # GIF and WEBP frames are animation, not pages
_XML_TYPES = {"application/xml", "text/xml"}
_GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}


class TextLayerFirstSource(TextSource):
    """Dispatch by type, text layer first; `ocr_pdf_pages` and `ocr_image` do the OCR.

    max_pages   more pages (PDF, TIFF) is a BadInputError rather than minutes of OCR
    max_pixels  larger images are refused (decompression bombs); Pillow refuses beyond
                2 x Image.MAX_IMAGE_PIXELS whatever this says
    """

    def __init__(self, *, max_pages: int, max_pixels: int, text_layer: PdfTextLayer | None):
        if max_pages < 1 or max_pixels < 1:
            raise ValueError("max_pages and max_pixels must be positive")
        self.max_pages = max_pages
        self.max_pixels = max_pixels
        self.text_layer = text_layer or PdfTextLayer()

    @abstractmethod
    def ocr_pdf_pages(
        self, content: bytes, pdf: pdfium.PdfDocument, numbers: list[int], known: Mapping[int, Page]
    ) -> Mapping[int, Page]:
        """OCR the pages `numbers` (1-based) of the open PDF `content`; `known` holds the pages
        the text layer read (a hint for the language)."""

    @abstractmethod
    def ocr_image(self, content: bytes, image: Image.Image, frames: int) -> list[Page]:
        """OCR the `frames` pages of an image whose header and size were checked."""

    def read(self, content: bytes, content_type: str) -> DocumentText:
        media_type = (content_type or "").split(";")[0].strip().lower()
        if not content:
            raise BadInputError("document is empty")
        kind = sniff(content, media_type)
        if kind == "pdf":
            return self._read_pdf(content)
        if kind == "image":
            return self._read_image(content)
        if kind == "xml":
            return DocumentText(xml=content, pages=[])
        if media_type == "application/pdf":
            raise BadInputError("PDF is damaged and cannot be opened (no PDF header)")
        if media_type.startswith("image/"):
            raise BadInputError(f"image is damaged or of an unsupported type ({media_type})")
        raise BadInputError(f"unsupported document type {media_type or 'unknown'}")

    def _read_pdf(self, content: bytes) -> DocumentText:
        with open_pdf(content, max_pages=self.max_pages) as pdf:
            xml = embedded_xml(pdf)
            pages: dict[int, Page] = {}
            scanned: list[int] = []
            for index in range(len(pdf)):
                with open_page(pdf, index) as page:
                    layer = self.text_layer.read_page(page, index + 1)
                if layer.usable:
                    pages[index + 1] = layer.page
                else:
                    log.debug("page %d goes to OCR: %s", index + 1, layer.reason)
                    scanned.append(index + 1)
            if scanned:
                pages.update(self.ocr_pdf_pages(content, pdf, scanned, dict(pages)))
        return DocumentText(pages=[pages[n] for n in sorted(pages)], xml=xml)

    def _read_image(self, content: bytes) -> DocumentText:
        try:
            image = Image.open(io.BytesIO(content), formats=IMAGE_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise BadInputError(f"image is too large to decode safely: {exc}") from exc
        except UnidentifiedImageError as exc:
            raise BadInputError("image is damaged or of an unsupported format") from exc
        except Exception as exc:  # any decoder failure on a header is a broken file
            raise BadInputError(f"image is damaged and cannot be read: {exc}") from exc
        with image:
            self.check_pixels(image)
            frames = getattr(image, "n_frames", 1) if image.format in _MULTI_PAGE_FORMATS else 1
            if frames > self.max_pages:
                raise BadInputError(
                    f"image has {frames} pages, more than the limit of {self.max_pages}"
                )
            return DocumentText(pages=self.ocr_image(content, image, frames))

    def check_pixels(self, image: Image.Image) -> None:
        width, height = image.size
        if width < 1 or height < 1:
            raise BadInputError("image has no pixels")
        if width * height > self.max_pixels:
            raise BadInputError(
                f"image is {width}x{height} pixels ({width * height / 1e6:.0f} MP), more than "
                f"the limit of {self.max_pixels / 1e6:.0f} MP"
            )


def sniff(content: bytes, media_type: str) -> str | None:
    """"pdf", "image" or "xml" by the first bytes (the declared type only breaks XML ties)."""
    head = content[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if (
        head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*",
                         b"GIF87a", b"GIF89a", b"BM"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    ):
        return "image"
    if _looks_like_xml(head) and (
        media_type in _XML_TYPES or media_type.endswith("+xml") or media_type in _GENERIC_TYPES
    ):
        return "xml"
    return None


def _looks_like_xml(head: bytes) -> bool:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                          (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, errors="ignore").encode("utf-8")
            break
    head = head.lstrip()
    if head.startswith(b"<?xml"):
        return True
    # Without a declaration: an element, not an HTML page.
    return head.startswith(b"<") and not head[:15].lower().startswith((b"<!doctype html", b"<html"))
