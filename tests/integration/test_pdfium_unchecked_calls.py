"""The reader calls PDFium's per-character functions without ctypes' argument conversions
(`_unchecked` in pdf_text_layer). Each must answer exactly what the typed binding answers, for
every character of a real invoice, the tight-box fallback and the angle included."""

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from mailroom.adapters.text import pdf_text_layer as layer

INVOICE = next((Path(__file__).parents[1] / "fixtures" / "corpus" / "visual").glob("*.pdf"))


def test_each_unchecked_call_answers_what_the_typed_binding_answers() -> None:
    pdf = pdfium.PdfDocument(INVOICE.read_bytes())
    textpage = pdf[0].get_textpage()
    raw = textpage.raw
    page = ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
    count = pdfium_c.FPDFText_CountChars(raw)
    typed_rect, fast_rect = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    typed_sides = [ctypes.c_double() for _ in range(4)]
    fast_sides = [ctypes.c_double() for _ in range(4)]
    assert count > 500
    for index in range(count):
        assert layer._GET_UNICODE(page, index) == pdfium_c.FPDFText_GetUnicode(raw, index)
        assert layer._HAS_MAP_ERROR(page, index) == pdfium_c.FPDFText_HasUnicodeMapError(raw, index)
        assert layer._GET_ANGLE(page, index) == pdfium_c.FPDFText_GetCharAngle(raw, index)
        assert bool(layer._LOOSE_BOX(page, index, ctypes.byref(fast_rect))) == bool(
            pdfium_c.FPDFText_GetLooseCharBox(raw, index, typed_rect))
        assert (fast_rect.left, fast_rect.top, fast_rect.right, fast_rect.bottom) == (
            typed_rect.left, typed_rect.top, typed_rect.right, typed_rect.bottom)
        assert bool(layer._TIGHT_BOX(page, index, *map(ctypes.byref, fast_sides))) == bool(
            pdfium_c.FPDFText_GetCharBox(raw, index, *typed_sides))
        assert [s.value for s in fast_sides] == [s.value for s in typed_sides]
    textpage.close()
    pdf.close()
