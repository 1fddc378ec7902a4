"""`LocalTextSource`: text with geometry from any document mailroom accepts, on this machine.

    PDF    the text layer (PDFium); pages without usable text are rendered and OCR'd (Tesseract),
           one at a time per worker; embedded e-invoice XML (Factur-X, ZUGFeRD, ...) is kept
    image  PNG, JPEG, TIFF (every page), WEBP, GIF, BMP: OCR
    XML    a standalone UBL / CII / KSeF e-invoice: handed on as it is, no pages

Broken input is a BadInputError with a reason a person understands, raised in bounded time and
memory (see text_layer_first, which this shares with the Cloud Vision source).
"""

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from mailroom.adapters.text.pdf_text_layer import PdfTextLayer, open_page, render_page
from mailroom.adapters.text.tesseract_ocr import OcrResult, TesseractOcr, detect_language
from mailroom.adapters.text.text_layer_first import TextLayerFirstSource
from mailroom.domain.errors import BadInputError
from mailroom.domain.text import Page

log = logging.getLogger(__name__)

# One page to OCR: (page number, image, its resolution in dpi when known).
_Job = tuple[int, Image.Image, float | None]


class LocalTextSource(TextLayerFirstSource):
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
        if dpi < 1:
            raise ValueError("dpi must be positive")
        super().__init__(max_pages=max_pages, max_pixels=max_pixels, text_layer=text_layer)
        self.dpi = dpi
        self.workers = max(1, workers or _usable_cpus())
        self.ocr = ocr or TesseractOcr(
            languages, timeout_s=page_timeout_s, max_pixels=ocr_max_pixels
        )
        self.ocr_max_pixels = ocr_max_pixels

    def ocr_pdf_pages(
        self, content: bytes, pdf: pdfium.PdfDocument, numbers: list[int], known: Mapping[int, Page]
    ) -> Mapping[int, Page]:
        text = "\n".join(p.text for p in known.values())
        guess = detect_language(text, self.ocr.languages) if text else None
        render_pixels = min(self.max_pixels, self.ocr_max_pixels)

        def rendered() -> Iterator[_Job]:
            for number in numbers:  # one page rendered at a time, when a worker is free
                with open_page(pdf, number - 1) as page:
                    image, dpi = render_page(page, dpi=self.dpi, max_pixels=render_pixels)
                yield number, image, dpi

        results = self._ocr_pages(rendered(), guess)
        return {number: result.page for number, result in results.items()}

    def ocr_image(self, content: bytes, image: Image.Image, frames: int) -> list[Page]:
        results = self._ocr_pages(self._frames(image, frames), guess=None)
        return [results[n].page for n in sorted(results)]

    def _frames(self, image: Image.Image, frames: int) -> Iterator[_Job]:
        for index in range(frames):
            try:
                if index:
                    image.seek(index)
                    self.check_pixels(image)
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
