"""LocalTextSource end to end on real engines: dispatch by type, OCR only where the text layer
is missing, e-invoice XML, and every kind of broken input as a clear BadInputError, fast."""

import io
import os
import struct
import threading
import time
import zlib

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from mailroom.adapters.text.local_text_source import LocalTextSource
from mailroom.adapters.text.tesseract_ocr import OcrResult, TesseractOcr
from mailroom.domain.errors import BadInputError
from mailroom.ports import TextSource
from tests.integration.test_pdf_text_layer import (
    CORPUS,
    INVOICE_103767,
    assert_sane_boxes,
    image_pdf,
    invoice_pdf,
    new_pdf,
    page_image,
    text_pdf,
)


class SpyOcr(TesseractOcr):
    """Real Tesseract, counting calls, the language guess each got, and how many ran at once."""

    def __init__(self, *args, delay: float = 0.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[int, str | None]] = []
        self.delay = delay
        self.running = 0
        self.most_at_once = 0
        self._count = threading.Lock()

    def read(self, image, *, number=1, language=None, dpi=None) -> OcrResult:
        with self._count:
            self.calls.append((number, language))
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            time.sleep(self.delay)
            return super().read(image, number=number, language=language, dpi=dpi)
        finally:
            with self._count:
                self.running -= 1


def source(languages: str = "eng+deu", **kwargs) -> tuple[LocalTextSource, SpyOcr]:
    spy = SpyOcr(languages, delay=kwargs.pop("delay", 0.0))
    return LocalTextSource(languages=languages, ocr=spy, **kwargs), spy


def test_it_is_a_text_source() -> None:
    assert isinstance(LocalTextSource(), TextSource)


# -- what is read how --------------------------------------------------------------------------


def test_a_text_pdf_is_read_from_its_text_layer_without_ocr() -> None:
    reader, spy = source()
    doc = reader.read(invoice_pdf(), "application/pdf")

    assert spy.calls == []
    assert doc.method == "text-layer" and doc.xml is None
    assert [p.method for p in doc.pages] == ["text-layer"]
    assert "INV-2026-0042" in doc.text.split()
    assert_sane_boxes(doc.pages[0])


@pytest.mark.slow
def test_only_the_page_without_text_goes_to_ocr() -> None:
    scanned = page_image(invoice_pdf(), dpi=150)
    cover = "Please find the invoice for your order of May attached to this letter."
    mixed = pdfium.PdfDocument(text_pdf([[(20, 30, cover)]]))
    scan = pdfium.PdfDocument(image_pdf([scanned]))
    mixed.import_pages(scan)
    out = io.BytesIO()
    mixed.save(out)
    mixed.close()
    scan.close()

    reader, spy = source()
    doc = reader.read(out.getvalue(), "application/pdf")

    assert spy.calls == [(2, "eng")]  # the text layer's language is the guess for the scan
    assert [(p.number, p.method) for p in doc.pages] == [(1, "text-layer"), (2, "ocr")]
    assert doc.method == "ocr"
    assert "INV-2026-0042" in doc.pages[1].text.split()
    assert_sane_boxes(doc.pages[1])


@pytest.mark.slow
def test_scanned_pages_are_ocrd_in_parallel_in_page_order() -> None:
    pages = []
    for n in range(1, 5):
        image = Image.new("L", (1000, 1400), 255)
        ImageDraw.Draw(image).text((100, 100), f"Page {n} of the scanned invoice", fill=0)
        pages.append(image.resize((2000, 2800)))
    reader, spy = source(workers=2, delay=0.2)

    doc = reader.read(image_pdf(pages), "application/pdf")

    assert [p.number for p in doc.pages] == [1, 2, 3, 4]
    assert all(p.method == "ocr" for p in doc.pages)
    # Page one alone first, without a guess; its language is the guess for the rest.
    assert spy.calls[0] == (1, None)
    assert sorted(spy.calls[1:]) == [(2, "eng"), (3, "eng"), (4, "eng")]
    assert spy.most_at_once == 2  # never more than the workers
    for n, page in enumerate(doc.pages, 1):
        assert str(n) in page.text.split(), page.text


@pytest.mark.slow
def test_the_corpus_scan_yields_its_invoice_number() -> None:
    scan = (CORPUS / "scans" / f"{INVOICE_103767}_scan.jpg").read_bytes()
    reader, spy = source("eng+deu+fra")
    doc = reader.read(scan, "image/jpeg")
    assert len(spy.calls) == 1
    assert doc.method == "ocr" and doc.xml is None
    assert "103767" in doc.text.split()


def test_the_einvoice_pdf_carries_its_xml_the_visual_copy_does_not() -> None:
    reader, spy = source()
    einvoice = reader.read((CORPUS / "einvoice" / f"{INVOICE_103767}.pdf").read_bytes(),
                           "application/pdf")
    visual = reader.read((CORPUS / "visual" / f"{INVOICE_103767}.pdf").read_bytes(),
                         "application/octet-stream")

    assert einvoice.xml is not None and b"CrossIndustryInvoice" in einvoice.xml
    assert einvoice.method == "e-invoice"
    assert visual.xml is None and visual.method == "text-layer"
    assert einvoice.text == visual.text and "103767" in visual.text.split()
    assert spy.calls == []


@pytest.mark.parametrize("content_type", ["application/xml", "text/xml; charset=utf-8",
                                          "application/octet-stream", ""])
def test_standalone_xml_is_handed_on_as_it_is(content_type: str) -> None:
    xml = (b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns='
           b'"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>F-1</ID></Invoice>')
    doc = source()[0].read(xml, content_type)
    assert doc.xml == xml and doc.pages == [] and doc.method == "e-invoice"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF", "TIFF"])
def test_images_are_ocrd(fmt: str) -> None:
    out = io.BytesIO()
    page_image(invoice_pdf(), dpi=150).save(out, format=fmt)
    reader, spy = source()
    doc = reader.read(out.getvalue(), f"image/{fmt.lower()}")
    assert len(spy.calls) == 1
    assert [p.method for p in doc.pages] == ["ocr"]
    assert "INV-2026-0042" in doc.text.split()


def test_every_page_of_a_tiff_is_read_and_the_page_limit_holds() -> None:
    frames = [Image.new("L", (300, 400), 255) for _ in range(3)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])

    reader, spy = source()
    doc = reader.read(out.getvalue(), "image/tiff")
    assert [p.number for p in doc.pages] == [1, 2, 3] and len(spy.calls) == 3

    with pytest.raises(BadInputError, match="image has 3 pages, more than the limit of 2"):
        source(max_pages=2)[0].read(out.getvalue(), "image/tiff")


def test_a_phone_photo_is_turned_upright() -> None:
    # Stored sideways with an EXIF orientation tag, as phones do: OCR must see it upright.
    upright = Image.new("L", (400, 600), 255)
    sideways = upright.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 CW to display
    out = io.BytesIO()
    sideways.save(out, format="JPEG", exif=exif)

    seen: list[tuple[int, int]] = []

    class SizeSpy(SpyOcr):
        def read(self, image, **kwargs):
            seen.append(image.size)
            return super().read(image, **kwargs)

    LocalTextSource(ocr=SizeSpy("eng")).read(out.getvalue(), "image/jpeg")
    assert seen == [(400, 600)]


# -- bad input ---------------------------------------------------------------------------------


def _encrypted_pdf() -> bytes:
    pdf, _ = new_pdf()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.text(20, 30, "Confidential invoice")
    return bytes(pdf.output())


def _zero_page_pdf() -> bytes:
    doc = pdfium.PdfDocument.new()
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    return out.getvalue()


def _many_pages_pdf(count: int) -> bytes:
    pdf = FPDF()
    for _ in range(count):
        pdf.add_page()
    return bytes(pdf.output())


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares a size and carries almost no data: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


SCAN = CORPUS / "scans" / f"{INVOICE_103767}_scan.jpg"

BAD_INPUTS = {
    "empty": (b"", "application/pdf", "document is empty"),
    "corrupt PDF": (b"%PDF-1.7\n" + os.urandom(2000), "application/pdf",
                    "PDF is damaged and cannot be opened"),
    "truncated PDF": (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R", "application/pdf",
                      "PDF is damaged and cannot be opened"),
    "not a PDF at all": (b"MZ\x90\x00 this is an executable", "application/pdf",
                         "PDF is damaged and cannot be opened (no PDF header)"),
    "password-protected PDF": (_encrypted_pdf(), "application/pdf", "PDF is password-protected"),
    "PDF without pages": (_zero_page_pdf(), "application/pdf", "PDF has no pages"),
    "too many pages": (_many_pages_pdf(51), "application/pdf",
                       "PDF has 51 pages, more than the limit of 50"),
    "garbage": (os.urandom(4096), "application/octet-stream",
                "unsupported document type application/octet-stream"),
    "HTML": (b"<!DOCTYPE html><html><body>Invoice</body></html>", "text/html",
             "unsupported document type text/html"),
    "a spreadsheet": (b"PK\x03\x04" + os.urandom(200),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "unsupported document type application/vnd.openxmlformats"),
    "decompression bomb": (_png_header(100_000, 100_000), "image/png",
                           "image is too large to decode safely"),
    "image over the pixel limit": (_png_header(9_000, 9_000), "image/png",
                                   "image is 9000x9000 pixels (81 MP), more than the limit of 60 MP"),
    "truncated JPEG": (_truncated(SCAN.read_bytes()), "image/jpeg",
                       "image is damaged and cannot be decoded"),
    "PNG with a broken body": (_png_header(2_000, 2_000), "image/png",
                               "image is damaged and cannot be decoded"),
    "image header only": (b"\x89PNG\r\n\x1a\n", "image/png",
                          "image is damaged or of an unsupported format"),
    "unknown image type": (b"\x00\x00\x00\x0cjP  \r\n\x87\n" + os.urandom(100), "image/jp2",
                           "image is damaged or of an unsupported type (image/jp2)"),
}


@pytest.mark.parametrize("content, content_type, message", BAD_INPUTS.values(), ids=BAD_INPUTS)
def test_bad_input_is_a_clear_error_in_bounded_time(
    content: bytes, content_type: str, message: str
) -> None:
    reader, spy = source()
    started = time.perf_counter()
    with pytest.raises(BadInputError) as caught:
        reader.read(content, content_type)
    assert time.perf_counter() - started < 3.0
    assert str(caught.value).startswith(message), str(caught.value)
    assert spy.calls == []


def test_an_owner_password_alone_does_not_stop_reading() -> None:
    pdf, _ = new_pdf()
    pdf.set_encryption(owner_password="owner")  # no user password: anyone may open it
    pdf.add_page()
    pdf.text(20, 30, "Invoice INV-2026-0042 with print restrictions only")
    doc = source()[0].read(bytes(pdf.output()), "application/pdf")
    assert "INV-2026-0042" in doc.text.split()


def test_an_ocr_timeout_is_bad_input_not_a_hang() -> None:
    reader = LocalTextSource(ocr=TesseractOcr("eng", timeout_s=0.01))
    started = time.perf_counter()
    with pytest.raises(BadInputError, match="OCR of page 1 took longer than 0.01 s"):
        reader.read(image_pdf([page_image(invoice_pdf(), dpi=100)]), "application/pdf")
    assert time.perf_counter() - started < 3.0


def test_a_magic_number_beats_the_declared_type() -> None:
    # Mail clients label attachments loosely: a PDF sent as image/png is still a PDF.
    reader, spy = source()
    doc = reader.read(invoice_pdf(), "image/png")
    assert doc.pages[0].method == "text-layer" and spy.calls == []


def test_settings_are_plain_arguments() -> None:
    reader = LocalTextSource(languages="fra+deu", dpi=150, max_pages=5, max_pixels=1_000_000,
                             page_timeout_s=7, workers=3)
    assert reader.ocr.languages == ["fra", "deu"] and reader.ocr.timeout_s == 7
    assert (reader.dpi, reader.max_pages, reader.max_pixels, reader.workers) == (150, 5, 1_000_000, 3)
    with pytest.raises(BadInputError, match="image is 2000x1000 pixels"):
        reader.read(_png_header(2000, 1000), "image/png")


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    before = {t.name for t in threading.enumerate()}
    yield
    leaked = [t.name for t in threading.enumerate() if t.name not in before and t.name.startswith("ocr")]
    assert leaked == []
