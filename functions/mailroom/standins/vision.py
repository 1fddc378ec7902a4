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

`files:asyncBatchAnnotate` reads from and writes to an in-memory Cloud Storage (vision_async),
where an `imageUri` of gs:// is looked up too. Only DOCUMENT_TEXT_DETECTION is answered (other
features give an empty response); not served: `images:asyncBatchAnnotate`.
"""

import base64
import binascii
import io
import os
from dataclasses import dataclass, field

from flask import Response, jsonify, request
from PIL import Image

from mailroom.standins.server import Faults, StandIn, google_error
from mailroom.standins.vision_async import FILE_TYPES, AsyncBatches
from mailroom.standins.vision_files import render_pages
from mailroom.standins.vision_shape import annotation

_TEXT_FEATURES = {"DOCUMENT_TEXT_DETECTION", 11}  # as a name or as the REST transport's number
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
        self.batches = AsyncBatches(self._read_every_page)
        self.storage = self.batches.storage  # gs://bucket/name → bytes: async input and output
        # Tesseract's OpenMP threads thrash when pages are read in parallel request threads.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        super().__init__(faults=faults)

    def routes(self) -> None:
        for parent in ("", "/projects/<project>", "/projects/<project>/locations/<location>"):
            self.app.add_url_rule(f"/v1{parent}/images:annotate", "images_annotate",
                                  self._images, methods=["POST"])
            self.app.add_url_rule(f"/v1{parent}/files:annotate", "files_annotate",
                                  self._files, methods=["POST"])
            self.app.add_url_rule(f"/v1{parent}/files:asyncBatchAnnotate",
                                  "files_async_batch_annotate", self._async_files, methods=["POST"])
            self.app.add_url_rule(f"/v1{parent}/operations/<operation>", "get_operation",
                                  self._operation, methods=["GET"])

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
        image = item.get("image") or {}
        uri = (image.get("source") or {}).get("imageUri", "")  # gs:// only: from `storage`
        content = self.storage.get(uri) if uri else _decode(image.get("content"))
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
        if mime_type not in FILE_TYPES:
            return google_error(400, f"Unsupported input file format {mime_type!r}.")
        asked = [int(p) for p in item.get("pages") or []]
        if len(asked) > _MAX_FILE_PAGES:
            return google_error(400, f"At most {_MAX_FILE_PAGES} pages per file request.")
        try:
            result = self.read_file(item, _decode(config.get("content")) or b"", asked,
                                    int_enums=_int_enums())
        except IndexError as exc:
            return google_error(400, f"Invalid page number: {exc}")
        return jsonify({"responses": [result]})

    def read_file(self, item: dict, content: bytes, asked: list[int], *, int_enums: bool,
                  default_pages: int | None = _MAX_FILE_PAGES, uri: str = "") -> dict:
        """The AnnotateFileResponse for pages `asked` of the file in a files:annotate or async
        request `item`; none asked: the first `default_pages` (None: all). IndexError for pages
        the file does not have."""
        mime_type = (item.get("inputConfig") or {}).get("mimeType", "")
        hints = _hints(item)
        try:
            total, pages = render_pages(content, mime_type, asked, default_pages, self.dpi)
        except IndexError:
            raise
        except Exception:  # a damaged file: Vision answers with the file's own error
            self.annotations.append(Annotation("files", asked, mime_type, hints, len(content)))
            return {"error": _BAD_FILE}
        self.annotations.append(Annotation("files", list(pages), mime_type, hints, len(content)))
        context = {"uri": uri} if uri else {}
        responses = [
            {
                "fullTextAnnotation": annotation(image, _language(hints), int_enums=int_enums,
                                                 page_size=size),
                "context": dict(context, pageNumber=number),
            }
            for number, (image, size) in pages.items()
        ]
        return {"responses": responses, "totalPages": total}


    # -- files:asyncBatchAnnotate and operations ---------------------------------------------

    def _async_files(self, **_: str) -> Response:
        items = _requests()
        if items is None:
            return google_error(400, "Invalid JSON payload: `requests` must be a list.")
        return self.batches.start(items, _int_enums())

    def _operation(self, operation: str, **_: str) -> Response:
        found = self.batches.get(f"operations/{operation}")
        return jsonify(found) if found else google_error(404, f"Operation {operation} not found.")

    def _read_every_page(self, item: dict, content: bytes, int_enums: bool, uri: str) -> dict:
        return self.read_file(item, content, [], int_enums=int_enums, default_pages=None, uri=uri)


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
    languages = (h.split("-")[0].lower() for h in hints)
    codes = [_TESSERACT[code] for code in languages if code in _TESSERACT]
    return "+".join(dict.fromkeys(codes)) or "eng"


def _int_enums() -> bool:
    return "enum-encoding=int" in request.query_string.decode("ascii", "replace")
