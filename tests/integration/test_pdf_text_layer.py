"""The PDF text layer through real PDFium: words and boxes, pages that need OCR, embedded
e-invoice XML. Documents are generated here (fpdf2) or copied from the corpus
(tests/fixtures/corpus, see its README for sources and licences)."""

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from mailroom.adapters.text.pdf_text_layer import (
    PdfTextLayer,
    TextLayerPage,
    embedded_xml,
    open_page,
    open_pdf,
    render_page,
)
from mailroom.domain.errors import BadInputError
from mailroom.domain.text import Page

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
INVOICE_103767 = "mustangproject_validator_src_test_resources_103767-Invoice-2026-03-24-1"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
A4 = (210.0, 297.0)  # mm

# -- document builders, shared with the OCR and text-source tests ------------------------------


def new_pdf() -> tuple[FPDF, bool]:
    """An A4 fpdf2 document with DejaVu Sans when installed (Unicode), else Helvetica (ASCII)."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    unicode_font = DEJAVU.exists()
    if unicode_font:
        pdf.add_font("DejaVu", fname=str(DEJAVU))
        pdf.set_font("DejaVu", size=12)
    else:
        pdf.set_font("Helvetica", size=12)
    return pdf, unicode_font


def text_pdf(pages: list[list[tuple[float, float, str]]], *, size: float = 12) -> bytes:
    """One page per entry; each item (x mm, y mm of the baseline, text)."""
    pdf, _ = new_pdf()
    pdf.set_font_size(size)
    for items in pages:
        pdf.add_page()
        for x, y, text in items:
            pdf.text(x, y, text)
    return bytes(pdf.output())


INVOICE_LINES = [
    (20, 30, "ACME Trading GmbH"),
    (20, 40, "Invoice number INV-2026-0042"),
    (20, 50, "Invoice date 2026-01-31"),
    (20, 70, "Total due 1234.56 EUR"),
    (130, 70, "Paid by transfer"),
]


def invoice_pdf() -> bytes:
    return text_pdf([INVOICE_LINES])


def page_image(content: bytes, index: int = 0, dpi: int = 200) -> Image.Image:
    pdf = pdfium.PdfDocument(content)
    try:
        return pdf[index].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()


def image_pdf(images: list[Image.Image]) -> bytes:
    """An image-only PDF (no text layer), as a scanner makes it."""
    out = io.BytesIO()
    first, *rest = [im.convert("RGB") for im in images]
    first.save(out, format="PDF", save_all=True, append_images=rest, resolution=200)
    return out.getvalue()


def read_pages(content: bytes, layer: PdfTextLayer | None = None) -> list[TextLayerPage]:
    layer = layer or PdfTextLayer()
    with open_pdf(content, max_pages=50) as pdf:
        result = []
        for index in range(len(pdf)):
            with open_page(pdf, index) as page:
                result.append(layer.read_page(page, index + 1))
        return result


def assert_sane_boxes(page: Page) -> None:
    assert page.lines
    for line in page.lines:
        lefts = [w.bbox[0] for w in line.words]
        assert lefts == sorted(lefts), f"not left to right: {line.text}"
        for word in line.words:
            x0, y0, x1, y1 = word.bbox
            assert 0.0 <= x0 < x1 <= 1.0 and 0.0 <= y0 < y1 <= 1.0, (word.text, word.bbox)
            assert word.text and not any(c.isspace() for c in word.text)


# -- words and boxes ---------------------------------------------------------------------------


def test_words_lines_and_boxes_of_a_generated_invoice() -> None:
    [result] = read_pages(invoice_pdf())

    assert result.usable and result.reason == ""
    page = result.page
    assert page.number == 1 and page.method == "text-layer"
    assert_sane_boxes(page)
    texts = [line.text for line in page.lines]
    # Top to bottom; on the last row the wide gap makes two lines, left one first.
    assert texts == [
        "ACME Trading GmbH",
        "Invoice number INV-2026-0042",
        "Invoice date 2026-01-31",
        "Total due 1234.56 EUR",
        "Paid by transfer",
    ]
    # Boxes are where the text was drawn: x from 20 mm, baseline at 40 mm on a 210x297 mm page.
    number = next(w for line in page.lines for w in line.words if w.text == "INV-2026-0042")
    assert number.bbox[0] > 20 / A4[0]
    assert number.bbox[1] < 40 / A4[1] < number.bbox[3]
    first = page.lines[0].words[0]
    assert first.text == "ACME" and first.bbox[0] == pytest.approx(20 / A4[0], abs=0.005)
    assert all(w.confidence == 1.0 for line in page.lines for w in line.words)


def test_text_beyond_ascii_survives() -> None:
    pdf, unicode_font = new_pdf()
    if not unicode_font:
        pytest.skip("DejaVu Sans is not installed: only ASCII can be drawn")
    pdf.add_page()
    pdf.text(20, 30, "Rechnung für Müller Straße 5, Łódź, Société Générale, factură și plată")
    pdf.text(20, 40, "Montant à payer : 1 250,00 €")
    [result] = read_pages(bytes(pdf.output()))

    words = result.page.text.split()
    for word in ("für", "Müller", "Straße", "Łódź,", "Société", "Générale,", "factură", "și", "€"):
        assert word in words


def test_a_rotated_page_maps_boxes_as_displayed() -> None:
    # Text at the top left of an upright page ends up at the top right once the page carries
    # /Rotate 90 (turned clockwise for display); it then reads top to bottom.
    doc = pdfium.PdfDocument(text_pdf([[(20, 20, "Rotated heading")]]))
    doc[0].set_rotation(90)
    out = io.BytesIO()
    doc.save(out)
    doc.close()

    [result] = read_pages(out.getvalue())

    words = [w for line in result.page.lines for w in line.words]
    assert [w.text for w in words] == ["Rotated", "heading"]
    x0, y0, x1, y1 = result.page.lines[0].bbox
    assert x0 > 0.9 and y0 == pytest.approx(20 / A4[0], abs=0.01)
    assert (y1 - y0) > (x1 - x0)  # tall and thin, as it is displayed


def test_words_far_apart_on_one_baseline_are_two_lines_close_ones_one() -> None:
    [result] = read_pages(text_pdf([[(20, 30, "Seller"), (120, 30, "Buyer"),
                                     (20, 50, "Net"), (31, 50, "100.00")]]))
    assert [line.text for line in result.page.lines] == ["Seller", "Buyer", "Net 100.00"]


# -- pages that need OCR -----------------------------------------------------------------------


def blank_scan(text: str = "", size: tuple[int, int] = (1654, 2339)) -> Image.Image:
    image = Image.new("L", size, 255)
    if text:
        ImageDraw.Draw(image).text((100, 100), text, fill=0)
    return image


def test_an_image_only_page_has_no_usable_text() -> None:
    [result] = read_pages(image_pdf([blank_scan("scanned")]))
    assert not result.usable
    assert result.reason == "no text layer"
    assert result.page.lines == []


def test_a_page_with_a_few_characters_is_not_usable() -> None:
    [result] = read_pages(text_pdf([[(20, 30, "Page 1")]]))
    assert not result.usable
    assert result.reason.startswith("no usable text (5 characters)")


def test_a_scan_with_a_text_stamp_needs_ocr() -> None:
    pdf, _ = new_pdf()
    pdf.add_page()
    scan = io.BytesIO()
    blank_scan("the real content").save(scan, format="PNG")
    pdf.image(scan, x=0, y=0, w=A4[0], h=A4[1])
    pdf.text(150, 290, "Scanned 2026-01-31 by DocuScan, page 1")
    [result] = read_pages(bytes(pdf.output()))
    assert not result.usable
    assert result.reason.startswith("scanned image with little text")


def test_text_of_punctuation_only_is_garbled() -> None:
    [result] = read_pages(text_pdf([[(20, 30, "#$%&'()*+,-./:;<=>?@[]^_{|}~ !!! ### $$$ %%%")]]))
    assert not result.usable
    assert "garbled" in result.reason


def raw_pdf(content_stream: bytes, font_encoding: bytes) -> bytes:
    """A one-page PDF written by hand, its Helvetica text re-encoded by `font_encoding`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content_stream), content_stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding %s >>" % font_encoding,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


GLYPHS = b"BT /F1 12 Tf 50 800 Td (ABCDEFGHIJKLMNOPQRSTUVWXYZ ABCDEFGHIJ) Tj ET"


@pytest.mark.parametrize("glyph_names, reason", [
    # Glyph names PDFium cannot map to Unicode (a subset font without a ToUnicode map).
    ([b"/g%d" % n for n in range(26)], "text does not decode (36 of 36 characters unmapped)"),
    # Glyphs mapped into the Private Use Area: symbols, not text.
    ([b"/uniE%03X" % n for n in range(26)], "text does not decode (36 of 36 characters unmapped)"),
])
def test_glyphs_without_unicode_need_ocr(glyph_names: list[bytes], reason: str) -> None:
    encoding = b"<< /Type /Encoding /Differences [65 %s] >>" % b" ".join(glyph_names)
    [result] = read_pages(raw_pdf(GLYPHS, encoding))
    assert not result.usable
    assert result.reason == reason


def test_the_same_glyphs_with_a_standard_encoding_are_text() -> None:
    [result] = read_pages(raw_pdf(GLYPHS, b"/WinAnsiEncoding"))
    assert result.usable
    assert result.page.text == "ABCDEFGHIJKLMNOPQRSTUVWXYZ ABCDEFGHIJ"


# -- embedded e-invoice XML --------------------------------------------------------------------


def test_the_factur_x_xml_is_found_in_the_einvoice_pdf() -> None:
    content = (CORPUS / "einvoice" / f"{INVOICE_103767}.pdf").read_bytes()
    with open_pdf(content, max_pages=50) as pdf:
        xml = embedded_xml(pdf)
    assert xml is not None
    assert xml.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml")
    assert b"CrossIndustryInvoice" in xml[:2000] and b"103767" in xml


def test_the_visual_copy_has_the_same_text_and_no_xml() -> None:
    einvoice = (CORPUS / "einvoice" / f"{INVOICE_103767}.pdf").read_bytes()
    visual = (CORPUS / "visual" / f"{INVOICE_103767}.pdf").read_bytes()
    with open_pdf(visual, max_pages=50) as pdf:
        assert embedded_xml(pdf) is None

    [with_xml] = read_pages(einvoice)
    [without] = read_pages(visual)
    assert with_xml.usable and without.usable
    assert with_xml.page.text == without.page.text
    assert "103767" in without.page.text.split()
    assert_sane_boxes(without.page)


def _with_attachments(files: dict[str, bytes]) -> bytes:
    pdf, _ = new_pdf()
    pdf.add_page()
    pdf.text(20, 30, "Invoice with attachments, see the embedded files")
    for name, data in files.items():
        pdf.embed_file(bytes=data, basename=name)
    return bytes(pdf.output())


CII = b'<?xml version="1.0"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact">1</rsm:CrossIndustryInvoice>'


@pytest.mark.parametrize("name", ["ZUGFeRD-invoice.xml", "zugferd-invoice.xml", "xrechnung.xml",
                                  "order-x.xml", "FACTUR-X.XML"])
def test_every_standard_attachment_name_is_found(name: str) -> None:
    content = _with_attachments({"notes.txt": b"hello", name: CII})
    with open_pdf(content, max_pages=50) as pdf:
        assert embedded_xml(pdf) == CII


def test_other_xml_counts_only_when_it_is_an_invoice() -> None:
    other = b"<?xml version='1.0'?><notes>not an invoice</notes>"
    with open_pdf(_with_attachments({"notes.xml": other}), max_pages=50) as pdf:
        assert embedded_xml(pdf) is None
    with open_pdf(_with_attachments({"notes.xml": other, "rechnung.xml": CII}), max_pages=50) as pdf:
        assert embedded_xml(pdf) == CII
    # The standard name wins over a sniffed one.
    facturx = CII.replace(b">1<", b">2<")
    content = _with_attachments({"a.xml": CII, "factur-x.xml": facturx})
    with open_pdf(content, max_pages=50) as pdf:
        assert embedded_xml(pdf) == facturx


# -- opening and rendering ---------------------------------------------------------------------


def test_open_refuses_too_many_pages_before_reading_them() -> None:
    content = text_pdf([[(20, 30, f"Page {n}")] for n in range(5)])
    with pytest.raises(BadInputError, match="PDF has 5 pages, more than the limit of 4"):
        with open_pdf(content, max_pages=4):
            pass


def test_render_keeps_within_the_pixel_budget() -> None:
    with open_pdf(invoice_pdf(), max_pages=50) as pdf, open_page(pdf, 0) as page:
        image, dpi = render_page(page, dpi=200, max_pixels=50_000_000)
        small, small_dpi = render_page(page, dpi=200, max_pixels=1_000_000)
    assert image.mode == "L" and dpi == pytest.approx(200)
    assert image.size == (round(A4[0] / 25.4 * 200), round(A4[1] / 25.4 * 200))
    assert small.width * small.height <= 1_000_000 and 95 < small_dpi < 102
