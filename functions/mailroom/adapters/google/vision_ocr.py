"""`VisionTextSource`: the `TextSource` that OCRs with Cloud Vision (DOCUMENT_TEXT_DETECTION).

Everything but the OCR is the local source's (`text_layer_first`): the same type sniffing, the
same refusals with the same messages, the PDF text layer read first and e-invoice XML kept. Only
pages without usable text reach Vision, which bills per page:

    text-layer PDF         no call
    scanned PDF pages      files:annotate with `pages=[...]`, at most 5 pages per call (Vision's
                           limit), calls one after another; a PDF too big to send inline (the
                           JSON request limit is 10 MB) is sent as a PDF of only those pages
    multi-page TIFF        files:annotate likewise
    other images           images:annotate, one call; re-encoded smaller if too big to send

Failures: 429 and 5xx are retried with backoff within `retry` (bounded, 60 s by default), then
raised as TransientError so the stage is redelivered later, as are network failures. A 400, or
an `error` for one image or page inside a successful response (an image Vision cannot decode),
is a BadInputError with Vision's message, unless that error's code says Vision was only busy.
Other refusals (401, 403: credentials, API not enabled) are PermanentError.
"""

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pypdfium2 as pdfium
import requests
from google.api_core import exceptions as api_exceptions
from google.api_core.retry import Retry, if_exception_type
from google.auth import exceptions as auth_exceptions
from google.cloud import vision
from PIL import Image, ImageOps

from mailroom.adapters.google.errors import is_retryable
from mailroom.adapters.google.vision_layout import first_page, vision_page
from mailroom.adapters.text.pdf_text_layer import PDFIUM_LOCK, PdfTextLayer
from mailroom.adapters.text.text_layer_first import TextLayerFirstSource
from mailroom.domain.errors import BadInputError, PermanentError, TransientError
from mailroom.domain.text import Page

MAX_FILE_PAGES = 5  # files:annotate reads at most 5 pages per call
# google.rpc.Code values worth another try: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, INTERNAL,
# UNAVAILABLE.
_TRANSIENT_RPC_CODES = {4, 8, 13, 14}

DEFAULT_RETRY = Retry(
    predicate=if_exception_type(api_exceptions.TooManyRequests, api_exceptions.ServerError),
    initial=1.0,
    maximum=16.0,
    multiplier=2.0,
    timeout=60.0,
)


class VisionTextSource(TextLayerFirstSource):
    """Reads documents with PDFium and Cloud Vision.

    client             a `google.cloud.vision.ImageAnnotatorClient`
    language_hints     BCP-47 codes ("de", "en"); empty lets Vision detect the language, which
                       Google recommends unless every document is in one known language
    max_pages          as LocalTextSource: more pages is a BadInputError before any call
    max_pixels         as LocalTextSource
    max_inline_bytes   a PDF larger than this is sent as a PDF of just the pages to read, an
                       image as a JPEG within it (base64 makes 7 MB about 9.4 MB of JSON,
                       under Vision's 10 MB request limit)
    retry, timeout_s   per call; `retry=None` turns the client's own retry off
    """

    def __init__(
        self,
        client: vision.ImageAnnotatorClient,
        *,
        language_hints: Sequence[str] = (),
        max_pages: int = 50,
        max_pixels: int = 60_000_000,
        max_inline_bytes: int = 7_000_000,
        retry: Retry | None = DEFAULT_RETRY,
        timeout_s: float = 120.0,
        text_layer: PdfTextLayer | None = None,
    ):
        super().__init__(max_pages=max_pages, max_pixels=max_pixels, text_layer=text_layer)
        self.client = client
        self.language_hints = list(language_hints)
        self.max_inline_bytes = max_inline_bytes
        self.retry = retry
        self.timeout_s = timeout_s

    def ocr_pdf_pages(
        self, content: bytes, pdf: pdfium.PdfDocument, numbers: list[int], known: Mapping[int, Page]
    ) -> Mapping[int, Page]:
        if len(content) <= self.max_inline_bytes:
            return self._read_file(content, "application/pdf", numbers)
        pages: dict[int, Page] = {}
        for chunk in _chunks(numbers):  # too big to send whole: each call carries its pages
            part = self._annotate_file(_pdf_of(pdf, chunk), "application/pdf",
                                       list(range(1, len(chunk) + 1)))
            pages.update({number: part[index].model_copy(update={"number": number})
                          for index, number in enumerate(chunk, 1)})
        return pages

    def ocr_image(self, content: bytes, image: Image.Image, frames: int) -> list[Page]:
        if frames > 1:  # a multi-page TIFF is a file to Vision
            pages = self._read_file(content, "image/tiff", list(range(1, frames + 1)))
            return [pages[n] for n in sorted(pages)]
        if len(content) > self.max_inline_bytes:
            content = _jpeg_within(image, self.max_inline_bytes)
        response = self._call(
            "images:annotate",
            self.client.document_text_detection,
            image={"content": content},
            image_context={"language_hints": self.language_hints},
        )
        raise_for(response, "the image")
        page = first_page(response.full_text_annotation)
        return [vision_page(page, 1, size=image.size)]

    def _read_file(self, content: bytes, mime_type: str, numbers: list[int]) -> dict[int, Page]:
        pages: dict[int, Page] = {}
        for chunk in _chunks(numbers):
            pages.update(self._annotate_file(content, mime_type, chunk))
        return pages

    def _annotate_file(self, content: bytes, mime_type: str, numbers: list[int]) -> dict[int, Page]:
        """Pages `numbers` (at most 5) of the file in one files:annotate call."""
        request = vision.AnnotateFileRequest(
            input_config={"content": content, "mime_type": mime_type},
            features=[{"type_": vision.Feature.Type.DOCUMENT_TEXT_DETECTION}],
            image_context={"language_hints": self.language_hints},
            pages=numbers,
        )
        batch = self._call("files:annotate", self.client.batch_annotate_files, requests=[request])
        [file_response] = batch.responses
        raise_for(file_response, "the file")
        pages: dict[int, Page] = {}
        for response in file_response.responses:
            number = response.context.page_number
            raise_for(response, f"page {number}")
            pages[number] = vision_page(first_page(response.full_text_annotation), number)
        missing = sorted(set(numbers) - set(pages))
        if missing:
            raise PermanentError(f"Cloud Vision returned no result for pages {missing}")
        return pages

    def _call(self, what: str, method: Callable[..., Any], **kwargs: Any) -> Any:
        try:
            return method(retry=self.retry, timeout=self.timeout_s, **kwargs)
        except api_exceptions.RetryError as exc:
            raise TransientError(f"Cloud Vision {what}: gave up retrying: {exc.cause}") from exc
        except api_exceptions.GoogleAPICallError as exc:
            code = exc.code or 0
            message = f"Cloud Vision {what}: HTTP {code} {exc.message}"
            if is_retryable(code):
                raise TransientError(message) from exc
            if code == 400:
                raise BadInputError(message) from exc
            raise PermanentError(message) from exc
        except (requests.exceptions.RequestException, auth_exceptions.TransportError) as exc:
            # The REST transport's network, or the token endpoint's: neither says anything
            # about the document.
            raise TransientError(f"Cloud Vision {what}: {exc}") from exc


def raise_for(response, what: str) -> None:
    """A failed item inside a successful call (a google.rpc.Status): mostly Vision could not
    read this input, sometimes it was only busy."""
    code = response.error.code
    if not code:
        return
    message = f"Cloud Vision could not read {what}: {response.error.message}"
    if code in _TRANSIENT_RPC_CODES:
        raise TransientError(message)
    raise BadInputError(message)


def _chunks(numbers: list[int]) -> list[list[int]]:
    return [numbers[i:i + MAX_FILE_PAGES] for i in range(0, len(numbers), MAX_FILE_PAGES)]


def _jpeg_within(image: Image.Image, limit: int) -> bytes:
    """The image as a grayscale JPEG of at most `limit` bytes, scaled down as far as needed
    (boxes are page fractions, so they do not change). Turned upright first: the EXIF
    orientation does not survive the re-encoding."""
    try:
        picture = (ImageOps.exif_transpose(image) or image).convert("L")
    except Exception as exc:  # truncated data, broken chunks
        raise BadInputError(f"image is damaged and cannot be decoded: {exc}") from exc
    while True:
        out = io.BytesIO()
        picture.save(out, format="JPEG", quality=85)
        if out.tell() <= limit or min(picture.size) < 100:
            return out.getvalue()
        picture = picture.resize((picture.width * 3 // 4, picture.height * 3 // 4))


def _pdf_of(pdf: pdfium.PdfDocument, numbers: list[int]) -> bytes:
    """A new PDF holding only pages `numbers` (1-based) of `pdf`."""
    with PDFIUM_LOCK:
        part = pdfium.PdfDocument.new()
        try:
            part.import_pages(pdf, [n - 1 for n in numbers])
            out = io.BytesIO()
            part.save(out)
        except pdfium.PdfiumError as exc:
            raise BadInputError(f"PDF pages {numbers} cannot be copied for OCR") from exc
        finally:
            part.close()
    return out.getvalue()
