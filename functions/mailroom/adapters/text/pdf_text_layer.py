"""A PDF's own text layer, read with PDFium (pypdfium2): words with boxes, grouped into lines,
per page; whether a page has usable text at all (else it is a scan to OCR); the e-invoice XML a
Factur-X / ZUGFeRD / XRechnung / Order-X PDF carries as an attachment; page rendering for OCR.

PDFium is not thread-safe, even across documents: every call into it holds `PDFIUM_LOCK`.
"""

import ctypes
import math
import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from mailroom.adapters.text import clamp_box, group_rows, order_lines, split_row
from mailroom.domain.errors import BadInputError
from mailroom.domain.text import BBox, Line, Page, Word

PDFIUM_LOCK = threading.RLock()

# Attachment names the e-invoice standards prescribe, casefolded, in order of preference.
EINVOICE_ATTACHMENTS = (
    "factur-x.xml",  # Factur-X / ZUGFeRD 2.1+
    "zugferd-invoice.xml",  # ZUGFeRD 2.0, and ZUGFeRD 1 as "ZUGFeRD-invoice.xml"
    "xrechnung.xml",  # XRechnung embedded in a PDF
    "order-x.xml",  # Order-X
)
# Any other .xml attachment counts when its root is one of these (sniffed in the first bytes).
_EINVOICE_ROOT_HINTS = (
    b"CrossIndustryInvoice",
    b"CrossIndustryDocument",  # ZUGFeRD 1
    b"SCRDMCCBDACIOMessageStructure",  # Order-X
    b"CrossIndustryOrder",
    b"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    b"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    b"urn:oasis:names:specification:ubl:schema:xsd:Order-2",
)

_LOAD_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: "PDF is password-protected",
    pdfium_c.FPDF_ERR_SECURITY: "PDF uses an unsupported security handler",
    pdfium_c.FPDF_ERR_FILE: "PDF is damaged and cannot be opened",
    pdfium_c.FPDF_ERR_FORMAT: "PDF is damaged and cannot be opened",
    pdfium_c.FPDF_ERR_PAGE: "PDF is damaged and cannot be opened (page tree)",
}

_HYPHEN_MARK = 0x02  # PDFium's code for a hyphen that ends a line
_WORD_BREAK = None
_LINE_BREAK = "line-break"
_WORD_BREAK_MARK, _GARBAGE = "word-break", "garbage"  # what _classify says of a code
_MAX_CHAR_HEIGHT = 0.15  # of the page height: a taller loose box comes from broken font metrics


def _unchecked(function, restype):
    """The PDFium function without ctypes' per-argument conversions, which cost as much as the
    call itself; the per-character calls below pay them thousands of times a page. Callers pass
    exact C values: the page as a c_void_p, ints, and byref() pointers."""
    return ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)


_GET_UNICODE = _unchecked(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)
_HAS_MAP_ERROR = _unchecked(pdfium_c.FPDFText_HasUnicodeMapError, ctypes.c_int)
_LOOSE_BOX = _unchecked(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int)
_TIGHT_BOX = _unchecked(pdfium_c.FPDFText_GetCharBox, ctypes.c_int)
_GET_ANGLE = _unchecked(pdfium_c.FPDFText_GetCharAngle, ctypes.c_float)


@dataclass(frozen=True)
class TextLayerPage:
    page: Page  # method "text-layer"
    usable: bool  # False: a scan, or text that does not decode: render and OCR it
    reason: str  # why it is not usable ("" when it is)
    chars: int  # non-space characters that decoded


@contextmanager
def open_pdf(content: bytes, *, max_pages: int) -> Iterator[pdfium.PdfDocument]:
    """The document, closed afterwards. BadInputError for what cannot be read: damaged,
    password-protected, no pages, more than `max_pages` pages."""
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as exc:
            raise BadInputError(_load_error(content, exc.err_code)) from exc
        pages = len(pdf)
    try:
        if pages == 0:
            raise BadInputError("PDF has no pages")
        if pages > max_pages:
            raise BadInputError(f"PDF has {pages} pages, more than the limit of {max_pages}")
        yield pdf
    finally:
        with PDFIUM_LOCK:
            pdf.close()


def _load_error(content: bytes, err_code: int) -> str:
    # PDFium's last-error code is process-global and not set by every failure path (an empty
    # page tree fails with "success", or with whatever an earlier failure left), so each
    # claim is checked against the file itself.
    if err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        if b"/Encrypt" in content:
            return _LOAD_ERRORS[err_code]
    if _EMPTY_PAGE_TREE.search(content):
        return "PDF has no pages"
    if err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        return "PDF is damaged and cannot be opened"
    return _LOAD_ERRORS.get(err_code, "PDF is damaged and cannot be opened")


_EMPTY_PAGE_TREE = re.compile(rb"/Count\s*0\s*/Kids\s*\[\s*\]|/Kids\s*\[\s*\]\s*/Count\s*0\b")


@contextmanager
def open_page(pdf: pdfium.PdfDocument, index: int) -> Iterator[pdfium.PdfPage]:
    with PDFIUM_LOCK:
        try:
            page = pdf[index]
        except pdfium.PdfiumError as exc:
            raise BadInputError(f"PDF page {index + 1} is damaged and cannot be read") from exc
    try:
        yield page
    finally:
        with PDFIUM_LOCK:
            page.close()


def embedded_xml(pdf: pdfium.PdfDocument, *, max_bytes: int = 20 * 1024 * 1024) -> bytes | None:
    """The e-invoice XML attached to the PDF, byte for byte, or None.

    Prefers the standard names (case-insensitive); falls back to any .xml attachment whose root
    is an e-invoice or order. Unreadable or oversized attachments are skipped."""
    with PDFIUM_LOCK:
        candidates: list[tuple[int, bytes]] = []
        for index in range(pdf.count_attachments()):
            try:
                attachment = pdf.get_attachment(index)
                name = attachment.get_name().strip().casefold()
            except pdfium.PdfiumError:
                continue
            if not name.endswith(".xml"):
                continue
            rank = EINVOICE_ATTACHMENTS.index(name) if name in EINVOICE_ATTACHMENTS else None
            data = _attachment_bytes(attachment, max_bytes)
            if data is None:
                continue
            if rank is None:
                if not any(hint in data[:4096] for hint in _EINVOICE_ROOT_HINTS):
                    continue
                rank = len(EINVOICE_ATTACHMENTS)
            candidates.append((rank, data))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]


def _attachment_bytes(attachment: pdfium.PdfAttachment, max_bytes: int) -> bytes | None:
    size = ctypes.c_ulong()
    if not pdfium_c.FPDFAttachment_GetFile(attachment.raw, None, 0, size):
        return None
    if not 0 < size.value <= max_bytes:
        return None
    try:
        return bytes(attachment.get_data())
    except pdfium.PdfiumError:
        return None


class _Geometry:
    """Maps PDF user space (y up, origin at the crop box corner) to page fractions as the page
    is displayed: top-left origin, /Rotate applied."""

    def __init__(self, page: pdfium.PdfPage):
        left, bottom, right, top = page.get_bbox()
        self.left, self.top = left, top
        self.width = max(right - left, 1e-6)
        self.height = max(top - bottom, 1e-6)
        self.rotation = page.get_rotation() % 360
        # Display height / display width, to compare vertical and horizontal fractions.
        self.aspect = (
            self.width / self.height if self.rotation in (90, 270) else self.height / self.width
        )

    def box(self, left: float, bottom: float, right: float, top: float) -> BBox | None:
        # Called for every character: the corners are mapped inline, not through a helper.
        u0, u1 = (left - self.left) / self.width, (right - self.left) / self.width
        v0, v1 = (self.top - top) / self.height, (self.top - bottom) / self.height
        if self.rotation == 90:
            return clamp_box(1.0 - v0, u0, 1.0 - v1, u1)
        if self.rotation == 180:
            return clamp_box(1.0 - u0, 1.0 - v0, 1.0 - u1, 1.0 - v1)
        if self.rotation == 270:
            return clamp_box(v0, 1.0 - u0, v1, 1.0 - u1)
        return clamp_box(u0, v0, u1, v1)


# A character as (text, box in page fractions, reads left to right as displayed): a tuple, not
# a class, because a page has thousands of them and building them is the reader's hot loop.
_Char = tuple[str, BBox, bool]
_TEXT, _BOX, _UPRIGHT = 0, 1, 2


class PdfTextLayer:
    """Reads one page's text layer into words and lines and judges whether it is usable.

    A page needs OCR when it has fewer than `min_chars` non-space characters, when more than
    `max_garbage` of them do not decode (no Unicode mapping, private-use or replacement
    characters), when fewer than `min_alnum` of them are letters or digits (a font whose
    encoding maps glyphs to punctuation), or when it is a scanned image carrying only a little
    text (a stamp, a page number): images cover `scan_coverage` of it and it has fewer than
    `scan_max_chars` characters.

    Words on one baseline are cut into separate lines where the gap between them exceeds
    `column_gap` line heights (loose boxes, about 1.15 em each: ~3.5 em, a column gutter).
    """

    def __init__(
        self,
        *,
        min_chars: int = 20,
        max_garbage: float = 0.3,
        min_alnum: float = 0.4,
        scan_coverage: float = 0.5,
        scan_max_chars: int = 200,
        column_gap: float = 3.0,
        max_chars_per_page: int = 200_000,
    ):
        self.min_chars = min_chars
        self.max_garbage = max_garbage
        self.min_alnum = min_alnum
        self.scan_coverage = scan_coverage
        self.scan_max_chars = scan_max_chars
        self.column_gap = column_gap
        self.max_chars_per_page = max_chars_per_page

    def read_page(self, page: pdfium.PdfPage, number: int) -> TextLayerPage:
        with PDFIUM_LOCK:
            geometry = _Geometry(page)
            textpage = page.get_textpage()
            try:
                chars, garbage, alnum = self._chars(textpage, geometry, number)
            finally:
                textpage.close()
            decoded = len(chars) - chars.count(_WORD_BREAK) - chars.count(_LINE_BREAK)
            coverage = (
                self._image_coverage(page)
                if self.min_chars <= decoded < self.scan_max_chars
                else 0.0
            )

        lines = self._lines(chars, geometry)
        result = Page(number=number, method="text-layer", lines=lines)
        total = decoded + garbage
        if total == 0:
            reason = "no text layer"
        elif garbage > self.max_garbage * total:
            reason = f"text does not decode ({garbage} of {total} characters unmapped)"
        elif decoded < self.min_chars:
            reason = f"no usable text ({decoded} characters)"
        elif alnum < self.min_alnum * decoded:
            reason = f"text looks garbled ({alnum} of {decoded} characters are letters or digits)"
        elif coverage >= self.scan_coverage and decoded < self.scan_max_chars:
            reason = f"scanned image with little text ({decoded} characters)"
        else:
            reason = ""
        return TextLayerPage(page=result, usable=not reason, reason=reason, chars=decoded)

    def _chars(
        self, textpage: pdfium.PdfTextPage, geometry: _Geometry, number: int
    ) -> tuple[list["_Char | str | None"], int, int]:
        """Characters in content order, with _WORD_BREAK and _LINE_BREAK marks between words;
        the count of characters that did not decode, and of letters and digits."""
        raw = textpage.raw
        count = pdfium_c.FPDFText_CountChars(raw)
        if count > self.max_chars_per_page:
            raise BadInputError(
                f"PDF page {number} has {count} characters, more than the limit of "
                f"{self.max_chars_per_page}"
            )
        out: list["_Char | str | None"] = []
        garbage = alnum = 0
        rect = pdfium_c.FS_RECTF()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        rect_out = ctypes.byref(rect)
        box_out = [ctypes.byref(side) for side in (left, right, bottom, top)]
        page = ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
        to_box = geometry.box
        kinds: dict[int, tuple[str | None, str]] = {}  # code -> (mark or None, text)
        upright_at: dict[float, bool] = {}
        for index in range(max(count, 0)):
            code = _GET_UNICODE(page, index)
            kind = kinds.get(code)
            if kind is None:
                kind = kinds[code] = _classify(code)
            mark, char = kind
            if mark is not None:
                out.append(_LINE_BREAK if mark == _LINE_BREAK else _WORD_BREAK)
                garbage += mark == _GARBAGE
                continue
            if _HAS_MAP_ERROR(page, index):
                garbage += 1
                out.append(_WORD_BREAK)
                continue
            # The loose box spans the font's ascent and descent, so the characters of a line
            # share a top and bottom whatever their shape; the tight box is the fallback for
            # fonts whose metrics are broken (an empty or page-sized loose box).
            box = None
            if _LOOSE_BOX(page, index, rect_out):
                box = to_box(rect.left, rect.bottom, rect.right, rect.top)
                if box is not None and (
                    box[2] - box[0] <= 0 or not 0 < box[3] - box[1] <= _MAX_CHAR_HEIGHT
                ):
                    box = None
            if box is None and _TIGHT_BOX(page, index, *box_out):
                box = to_box(left.value, bottom.value, right.value, top.value)
            if box is None:  # off the visible page, or no geometry at all
                out.append(_WORD_BREAK)
                continue
            angle = _GET_ANGLE(page, index)
            upright = upright_at.get(angle)
            if upright is None:
                upright = upright_at[angle] = _upright(angle, geometry.rotation)
            out.append((char, box, upright))
            alnum += char.isalnum()
        return out, garbage, alnum

    @staticmethod
    def _image_coverage(page: pdfium.PdfPage, max_objects: int = 10_000) -> float:
        """Share of the page that images cover (top-level image objects among the first
        `max_objects`; overlaps count twice; at most 1)."""
        left, bottom, right, top = page.get_bbox()
        area = max((right - left) * (top - bottom), 1e-6)
        covered = 0.0
        x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
        for index in range(min(pdfium_c.FPDFPage_CountObjects(page.raw), max_objects)):
            obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
            if not obj or pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
                continue
            if not pdfium_c.FPDFPageObj_GetBounds(obj, x0, y0, x1, y1):
                continue
            w = min(x1.value, right) - max(x0.value, left)
            h = min(y1.value, top) - max(y0.value, bottom)
            if w > 0 and h > 0:
                covered += w * h
        return min(covered / area, 1.0)

    def _lines(self, chars: list["_Char | str | None"], geometry: _Geometry) -> list[Line]:
        upright: list[Word] = []
        rotated: list[list[Word]] = [[]]
        for run, is_upright, new_line in _words(chars, geometry.aspect):
            text = unicodedata.normalize("NFC", "".join(c[_TEXT] for c in run))
            word = Word(text=text, bbox=_union([c[_BOX] for c in run]))
            if is_upright:
                upright.append(word)
                continue
            # Vertical or upside-down text keeps its content order, one line per text line.
            if new_line and rotated[-1]:
                rotated.append([])
            rotated[-1].append(word)
        lines = [
            line
            for row in group_rows(upright)
            for line in split_row(row, self.column_gap, geometry.aspect)
        ]
        return order_lines(lines + [Line(words=words) for words in rotated if words])


def _words(
    chars: list["_Char | str | None"], aspect: float
) -> Iterator[tuple[list[_Char], bool, bool]]:
    """Runs of characters forming words, each with its orientation and whether a line break
    preceded it: cut at whitespace, line breaks and non-decoding characters, where the
    orientation changes, and, for upright text, where the next character does not follow on the
    same baseline (a gap, a step back, another line)."""
    # One pass with the previous character's box in locals: this runs for every character.
    run: list[_Char] = []
    run_new_line, pending_new_line = False, True
    prev_upright, prev_top, prev_right, prev_bottom = True, 0.0, 0.0, 0.0
    before, after = -0.5 * aspect, 0.4 * aspect  # the gap allowed, in line heights
    for item in chars:
        if type(item) is not tuple:
            if run:
                yield run, prev_upright, run_new_line
                run = []
            if item == _LINE_BREAK:
                pending_new_line = True
            continue
        _, (left, top, right, bottom), upright = item
        if run:
            if upright != prev_upright:
                follows = False
            elif not upright:  # rotated text is cut at whitespace and line breaks only
                follows = True
            else:
                height = prev_bottom - prev_top
                if bottom - top > height:  # max() by hand: a call per character adds up
                    height = bottom - top
                if height < 1e-6:
                    height = 1e-6
                follows = (
                    abs(top + bottom - prev_top - prev_bottom) <= height  # centres within half
                    and before * height <= left - prev_right <= after * height
                )
            if not follows:
                yield run, prev_upright, run_new_line
                run = []
        if not run:
            run_new_line, pending_new_line = pending_new_line, False
        run.append(item)
        prev_upright, prev_top, prev_right, prev_bottom = upright, top, right, bottom
    if run:
        yield run, prev_upright, run_new_line


def _upright(angle: float, rotation: int) -> bool:
    """Whether a character with this PDFium angle (radians, in user space) reads left to right
    once the page's /Rotate is applied."""
    if angle < 0:  # unknown: assume upright
        return True
    degrees = (math.degrees(angle) + rotation) % 360
    return degrees <= 15 or degrees >= 345


def _classify(code: int) -> tuple[str | None, str]:
    """What a character code stands for, once per code on a page: a line break, a word break
    (whitespace, controls), a character that does not decode (`_GARBAGE`), or text (mark None)."""
    if code == _HYPHEN_MARK:
        code = ord("-")
    char = chr(code) if 0 < code < 0x110000 else "\ufffd"
    if char in "\r\n":
        return _LINE_BREAK, char
    category = unicodedata.category(char)
    if char.isspace() or category in ("Cc", "Cf"):
        return _WORD_BREAK_MARK, char
    if char == "\ufffd" or category in ("Co", "Cs", "Cn"):
        return _GARBAGE, char
    return None, _normalise(char)


def _union(boxes: list[BBox]) -> BBox:
    lefts, tops, rights, bottoms = zip(*boxes)
    return min(lefts), min(tops), max(rights), max(bottoms)


def _normalise(char: str) -> str:
    # Ligatures (ﬁ, ﬂ, ...) become their letters; everything else is composed (NFC) later.
    if "\ufb00" <= char <= "\ufb06":
        return unicodedata.normalize("NFKC", char)
    return char


def render_page(page: pdfium.PdfPage, *, dpi: float, max_pixels: int) -> tuple[Image.Image, float]:
    """The page as a grayscale image at `dpi`, or lower when that would exceed `max_pixels`.
    Returns the image and the resolution actually used."""
    with PDFIUM_LOCK:
        width, height = page.get_size()  # points, /Rotate applied
        scale = dpi / 72.0
        while math.ceil(width * scale) * math.ceil(height * scale) > max_pixels:
            scale = min(scale * 0.995, math.sqrt(max_pixels / (width * height)))
        if width * scale < 1 or height * scale < 1:
            raise BadInputError("PDF page is too small to render")
        try:
            bitmap = page.render(scale=scale, grayscale=True)
        except pdfium.PdfiumError as exc:
            raise BadInputError("PDF page cannot be rendered") from exc
        try:
            image = bitmap.to_pil().copy()  # own the pixels: the bitmap buffer is freed below
        finally:
            bitmap.close()
    return image, scale * 72.0
