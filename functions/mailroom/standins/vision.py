"""Cloud Vision v1 stand-in: `images:annotate` and `files:annotate` with DOCUMENT_TEXT_DETECTION,
answered by Tesseract in the shape the real REST API returns (see vision_shape).

What it holds to, because the real service and client do it:
* the REST transport sends enums as integers (`"type": 11`) and asks `enum-encoding=int`: both
  forms are accepted, and answers use the form asked for;
* `content` is base64; undecodable image bytes are a per-image `error` (code 3), not an HTTP error;
* at most 16 images per images:annotate; files:annotate takes one file, at most 5 pages
  (default: the first 5), negative page numbers counting from the end;
* image boxes are pixel `vertices`, file pages `normalizedVertices` with the page size in
  points; zero coordinates are left out of the JSON.

Not served: `imageUri` / GCS sources and the async batch methods.
"""

import base64
import binascii
import io
import os
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from flask import Response, jsonify, request
from PIL import Image, ImageSequence

from mailroom.adapters.text.pdf_text_layer import PDFIUM_LOCK
from mailroom.standins.server import Faults, StandIn, google_error
from mailroom.standins.vision_shape import annotation

_TEXT_FEATURES = {"DOCUMENT_TEXT_DETECTION", "TEXT_DETECTION", 11, 1}
_FILE_TYPES = {"application/pdf", "image/tiff", "image/gif"}
_MAX_IMAGES = 16
_MAX_FILE_PAGES = 5
_BAD_IMAGE = {"code": 3, "message": "Bad image data."}
_BAD_FILE = {"code": 3, "message": "Bad file data: cannot open the document."}
# ISO 639-1 language hints to the Tesseract models installed for mailroom.
_TESSERACT = {"en": "eng", "de": "deu", "fr": "fra", "ro": "ron", "pl": "pol", "nl": "nld"}


@dataclass
class Annotation:
    """What one annotate call asked for, for assertions and the API-efficiency counts."""

    endpoint: str  # "images" or "files"
    pages: list[int] = field(default_factory=list)  # files: the page numbers read
    mime_type: str = ""
    language_hints: list[str] = field(default_factory=list)
    content_bytes: int = 0


class VisionStandIn(StandIn):
    """`dpi`: file pages are rendered at this resolution for Tesseract (low keeps tests fast)."""

    def __init__(self, *, faults: Faults | None = None, dpi: int = 150) -> None:
        self.dpi = dpi
        self.annotations: list[Annotation] = []
        # Tesseract's OpenMP threads thrash when pages are read in parallel request threads.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        super().__init__(faults=faults)

    def routes(self) -> None:
        for parent in ("", "/projects/<project>", "/projects/<project>/locations/<location>"):
            self.app.add_url_rule(f"/v1{parent}/images:annotate", "images_annotate",
                                  self._images, methods=["POST"])
            self.app.add_url_rule(f"/v1{parent}/files:annotate", "files_annotate",
                                  self._files, methods=["POST"])

    @property
    def pages_read(self) -> int:
        """Billable units: one per image and one per file page."""
        return sum(len(a.pages) if a.endpoint == "files" else 1 for a in self.annotations)

    # -- images:annotate -------------------------------------------------------------------

    def _images(self, **_: str) -> Response:
        requests = _requests()
        if requests is None:
            return google_error(400, "Invalid JSON payload: `requests` must be a list.")
        if len(requests) > _MAX_IMAGES:
            return google_error(400, f"At most {_MAX_IMAGES} images are allowed per request.")
        return jsonify({"responses": [self._image(item) for item in requests]})

    def _image(self, item: dict) -> dict:
        hints = _hints(item)
        content = _decode(item.get("image", {}).get("content"))
        self.annotations.append(Annotation("images", language_hints=hints,
                                           content_bytes=len(content or b"")))
        if not _wants_text(item):
            return {}
        try:
            image = Image.open(io.BytesIO(content or b""))
            image.load()
        except Exception:  # whatever Pillow cannot decode, Vision calls bad image data
            return {"error": _BAD_IMAGE}
        with image:
            result = annotation(image.convert("L"), _language(hints), int_enums=_int_enums())
        return {"fullTextAnnotation": result} if result["text"] else {}

    # -- files:annotate --------------------------------------------------------------------

    def _files(self, **_: str) -> Response:
        requests = _requests()
        if requests is None:
            return google_error(400, "Invalid JSON payload: `requests` must be a list.")
        if len(requests) != 1:
            return google_error(400, "Exactly one file per request is supported.")
        item = requests[0]
        config = item.get("inputConfig", {})
        mime_type = config.get("mimeType", "")
        if mime_type not in _FILE_TYPES:
            return google_error(400, f"Unsupported input file format {mime_type!r}.")
        asked = [int(p) for p in item.get("pages") or []]
        if len(asked) > _MAX_FILE_PAGES:
            return google_error(400, f"At most {_MAX_FILE_PAGES} pages per file request.")
        content = _decode(config.get("content")) or b""
        hints = _hints(item)
        try:
            total, pages = _render(content, mime_type, asked, self.dpi)
        except IndexError as exc:
            return google_error(400, f"Invalid page number: {exc}")
        except Exception:  # a damaged file: Vision answers with the file's own error
            self.annotations.append(Annotation("files", asked, mime_type, hints, len(content)))
            return jsonify({"responses": [{"error": _BAD_FILE}]})
        self.annotations.append(Annotation("files", list(pages), mime_type, hints, len(content)))
        responses = [
            {
                "fullTextAnnotation": annotation(image, _language(hints), int_enums=_int_enums(),
                                                 page_size=size),
                "context": {"pageNumber": number},
            }
            for number, (image, size) in pages.items()
        ]
        return jsonify({"responses": [{"responses": responses, "totalPages": total}]})


# -- helpers ---------------------------------------------------------------------------------


def _requests() -> list[dict] | None:
    body = request.get_json(silent=True)
    items = body.get("requests") if isinstance(body, dict) else None
    return items if isinstance(items, list) and items else None


def _decode(content: str | None) -> bytes | None:
    try:
        return base64.b64decode(content or "", validate=True)
    except (binascii.Error, ValueError):
        return None


def _wants_text(item: dict) -> bool:
    return any(f.get("type") in _TEXT_FEATURES for f in item.get("features") or [])


def _hints(item: dict) -> list[str]:
    return list((item.get("imageContext") or {}).get("languageHints") or [])


def _language(hints: list[str]) -> str:
    codes = [_TESSERACT[h.split("-")[0].lower()] for h in hints if h.split("-")[0].lower() in _TESSERACT]
    return "+".join(dict.fromkeys(codes)) or "eng"


def _int_enums() -> bool:
    return "enum-encoding=int" in request.query_string.decode("ascii", "replace")


def _render(
    content: bytes, mime_type: str, asked: list[int], dpi: int
) -> tuple[int, dict[int, tuple[Image.Image, tuple[int, int]]]]:
    """The file's page count and the pages asked for (default: the first 5) as grayscale images,
    each with the page size Vision reports: points for a PDF, pixels for TIFF and GIF frames.
    IndexError for a page the file does not have."""
    if mime_type == "application/pdf":
        # PDFium is not thread-safe across documents, and the adapter under test uses it too.
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(content)
            try:
                numbers = _resolve(asked, len(pdf))
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
    return len(frames), {n: frames[n - 1] for n in _resolve(asked, len(frames))}


def _resolve(asked: list[int], total: int) -> list[int]:
    """Negative page numbers count from the end."""
    numbers = [p if p > 0 else total + 1 + p for p in asked] or list(range(1, min(total, _MAX_FILE_PAGES) + 1))
    bad = [p for p, n in zip(asked, numbers) if not 1 <= n <= total]
    if bad:
        raise IndexError(f"pages {bad} of a file of {total} pages")
    return numbers
