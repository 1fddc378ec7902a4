"""`LocalTextSource`: text with geometry from any document mailroom accepts, on this machine.

    PDF    the text layer (PDFium); pages without usable text are rendered and OCR'd (Tesseract),
           one at a time per worker; embedded e-invoice XML (Factur-X, ZUGFeRD, ...) is kept
    image  PNG, JPEG, TIFF (every page), WEBP, GIF, BMP: OCR
    XML    a standalone UBL / CII / KSeF e-invoice: handed on as it is, no pages

Broken input is a BadInputError with a reason a person understands, raised in bounded time and
memory: the type is decided by the bytes (magic numbers), not by the declared content type alone;
PDF pages and image pixels are counted before anything is decoded or rendered.
"""

import io
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from PIL import Image, ImageOps, UnidentifiedImageError

from mailroom.adapters.text.pdf_text_layer import (
    PdfTextLayer,
    embedded_xml,
    open_page,
    open_pdf,
    render_page,
)
from mailroom.adapters.text.tesseract_ocr import OcrResult, TesseractOcr, detect_language
from mailroom.domain.errors import BadInputError
from mailroom.domain.text import DocumentText, Page
from mailroom.ports import TextSource

log = logging.getLogger(__name__)

# Pillow decoders we let near untrusted bytes (camera JPEGs with several images open as MPO
# through the JPEG decoder).
_IMAGE_FORMATS = ["PNG", "JPEG", "TIFF", "GIF", "WEBP", "BMP"]
_MULTI_PAGE_FORMATS = {"TIFF"}  # GIF and WEBP frames are animation, not pages
_XML_TYPES = {"application/xml", "text/xml"}
_GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}

# One page to OCR: (page number, image, its resolution in dpi when known).
_Job = tuple[int, Image.Image, float | None]


class LocalTextSource(TextSource):
    """Reads documents with PDFium and Tesseract.

    languages       Tesseract languages ("eng+deu+fra" or a list); the first is the first guess
                    for a page's language, all are candidates (see tesseract_ocr)
    dpi             resolution to render PDF pages at for OCR
    max_pages       more pages (PDF, TIFF) is a BadInputError rather than minutes of OCR
    max_pixels      larger images are refused (decompression bombs); Pillow refuses beyond
                    2 x Image.MAX_IMAGE_PIXELS whatever this says
    page_timeout_s  per Tesseract run; a page that takes longer is a BadInputError
    workers         pages OCR'd at once (default: the CPUs this process may use)
    ocr_max_pixels  images are scaled down to this before OCR, PDF pages rendered within it
    ocr, text_layer the engines, for tests and tuning; built from the settings above if None
    """

    def __init__(
        self,
        *,
        languages: str | list[str] = "eng+deu+fra",
        dpi: int = 200,
        max_pages: int = 50,
        max_pixels: int = 60_000_000,
        page_timeout_s: float = 30.0,
        workers: int | None = None,
        ocr_max_pixels: int = 12_000_000,
        ocr: TesseractOcr | None = None,
        text_layer: PdfTextLayer | None = None,
    ):
        if max_pages < 1 or max_pixels < 1 or dpi < 1:
            raise ValueError("max_pages, max_pixels and dpi must be positive")
        self.dpi = dpi
        self.max_pages = max_pages
        self.max_pixels = max_pixels
        self.workers = max(1, workers or _usable_cpus())
        self.ocr = ocr or TesseractOcr(
            languages, timeout_s=page_timeout_s, max_pixels=ocr_max_pixels
        )
        self.ocr_max_pixels = ocr_max_pixels
        self.text_layer = text_layer or PdfTextLayer()

    def read(self, content: bytes, content_type: str) -> DocumentText:
        media_type = (content_type or "").split(";")[0].strip().lower()
        if not content:
            raise BadInputError("document is empty")
        kind = _sniff(content, media_type)
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

    # -- PDF -------------------------------------------------------------------------------

    def _read_pdf(self, content: bytes) -> DocumentText:
        with open_pdf(content, max_pages=self.max_pages) as pdf:
            xml = embedded_xml(pdf)
            count = len(pdf)
            pages: dict[int, Page] = {}
            scanned: list[int] = []
            for index in range(count):
                with open_page(pdf, index) as page:
                    layer = self.text_layer.read_page(page, index + 1)
                if layer.usable:
                    pages[index + 1] = layer.page
                else:
                    log.debug("page %d goes to OCR: %s", index + 1, layer.reason)
                    scanned.append(index + 1)
            if scanned:
                known = "\n".join(p.text for p in pages.values())
                guess = detect_language(known, self.ocr.languages) if known else None
                render_pixels = min(self.max_pixels, self.ocr_max_pixels)

                def rendered() -> Iterator[_Job]:
                    for number in scanned:  # one page rendered at a time, when a worker is free
                        with open_page(pdf, number - 1) as page:
                            image, dpi = render_page(page, dpi=self.dpi, max_pixels=render_pixels)
                        yield number, image, dpi

                for number, result in self._ocr_pages(rendered(), guess).items():
                    pages[number] = result.page
        return DocumentText(pages=[pages[n] for n in sorted(pages)], xml=xml)

    # -- images ----------------------------------------------------------------------------

    def _read_image(self, content: bytes) -> DocumentText:
        try:
            image = Image.open(io.BytesIO(content), formats=_IMAGE_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise BadInputError(f"image is too large to decode safely: {exc}") from exc
        except UnidentifiedImageError as exc:
            raise BadInputError("image is damaged or of an unsupported format") from exc
        except Exception as exc:  # any decoder failure on a header is a broken file
            raise BadInputError(f"image is damaged and cannot be read: {exc}") from exc
        with image:
            self._check_pixels(image)
            frames = getattr(image, "n_frames", 1) if image.format in _MULTI_PAGE_FORMATS else 1
            if frames > self.max_pages:
                raise BadInputError(
                    f"image has {frames} pages, more than the limit of {self.max_pages}"
                )
            results = self._ocr_pages(self._frames(image, frames), guess=None)
        return DocumentText(pages=[results[n].page for n in sorted(results)])

    def _frames(self, image: Image.Image, frames: int) -> Iterator[_Job]:
        for index in range(frames):
            try:
                if index:
                    image.seek(index)
                    self._check_pixels(image)
                dpi = _declared_dpi(image)
                image.load()
                frame = ImageOps.exif_transpose(image)  # phone photos: turn upright; a copy
            except BadInputError:
                raise
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise BadInputError(f"image is too large to decode safely: {exc}") from exc
            except Exception as exc:  # truncated data, broken chunks, bad frames
                raise BadInputError(f"image is damaged and cannot be decoded: {exc}") from exc
            yield index + 1, frame, dpi

    def _check_pixels(self, image: Image.Image) -> None:
        width, height = image.size
        if width < 1 or height < 1:
            raise BadInputError("image has no pixels")
        if width * height > self.max_pixels:
            raise BadInputError(
                f"image is {width}x{height} pixels ({width * height / 1e6:.0f} MP), more than "
                f"the limit of {self.max_pixels / 1e6:.0f} MP"
            )

    # -- OCR -------------------------------------------------------------------------------

    def _ocr_pages(self, jobs: Iterable[_Job], guess: str | None) -> dict[int, OcrResult]:
        """OCR pages on `workers` threads (Tesseract runs as a process each), pulling the next
        image only when a worker is free, so at most `workers` + 1 page images are in memory.

        Without a language guess the first page is read alone and its language becomes the
        guess for the others: a German document is read in German from page two on, and the
        result does not depend on which page finished first."""
        results: dict[int, OcrResult] = {}
        jobs = iter(jobs)
        if guess is None:
            first = next(jobs, None)
            if first is None:
                return results
            result = self._ocr_one(first, None)
            results[first[0]] = result
            guess = result.detected or result.language
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="ocr")
        in_flight: deque[tuple[int, Future[OcrResult]]] = deque()
        try:
            for job in jobs:  # pulling a job renders or decodes its page
                if len(in_flight) >= self.workers:
                    _collect(in_flight, results)
                in_flight.append((job[0], pool.submit(self._ocr_one, job, guess)))
            while in_flight:
                _collect(in_flight, results)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return results

    def _ocr_one(self, job: _Job, guess: str | None) -> OcrResult:
        number, image, dpi = job
        try:
            result = self.ocr.read(image, number=number, language=guess, dpi=dpi)
        finally:
            image.close()
        log.debug("OCR page %d: %s, %d pass(es), %.2f s", number, result.language,
                  result.passes, result.seconds)
        return result


def _collect(in_flight: "deque[tuple[int, Future[OcrResult]]]",
             results: dict[int, OcrResult]) -> None:
    number, future = in_flight.popleft()
    results[number] = future.result()


def _sniff(content: bytes, media_type: str) -> str | None:
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


def _declared_dpi(image: Image.Image) -> float | None:
    """The resolution the file declares, when plausible (72 dpi is mostly a default)."""
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    return value if 100 <= value <= 1200 else None


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
