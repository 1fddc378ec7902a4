"""Rows rebuilt from word boxes: a skewed scan's columns still line up, an OCR line stays whole."""

from mailroom.domain.extraction.layout import page_rows
from mailroom.domain.text import DocumentText, Line, Page, Word

HEIGHT = 0.007


def _line(text: str, x: float, y: float, slope: float) -> Line:
    """Words at x, y on a page tilted by `slope` (y per x), the way a desk scan prints them."""
    words = []
    for token in text.split():
        width = 0.008 * len(token)
        top = y + slope * (x - 0.1)
        words.append(Word(text=token, bbox=(x, top, x + width, top + HEIGHT), confidence=0.95))
        x += width + 0.008
    return Line(words=words)


def _rows(*lines: Line) -> list[str]:
    return [row.text for row in page_rows(DocumentText(pages=[Page(number=1, method="ocr", lines=list(lines))]))]


def test_a_skewed_page_keeps_a_label_and_its_value_far_right_on_one_row() -> None:
    slope = 0.012  # about 0.7 degrees: the value's column sits a row height lower than its label
    lines = [_line(f"Line {i} of running text here", 0.1, 0.1 + 0.02 * i, slope) for i in range(4)]
    rows = _rows(*lines, _line("IBAN :", 0.1, 0.3, slope), _line("DE12 1234 5678 9012 3456 78", 0.6, 0.3, slope),
                 _line("BIC :", 0.1, 0.316, slope), _line("MARKDEF1100", 0.6, 0.316, slope))
    assert "IBAN :   DE12 1234 5678 9012 3456 78" in rows
    assert "BIC :   MARKDEF1100" in rows


def test_an_ocr_line_is_not_split_between_two_rows() -> None:
    # Tesseract reads "LE FOURNISSEUR" as one line whose second word sits a little lower, between
    # a tall heading of the right column and the row under it.
    heading = Line(words=[Word(text="Adresse", bbox=(0.5, 0.084, 0.56, 0.095)),
                          Word(text="client", bbox=(0.57, 0.088, 0.62, 0.097))])
    name = Line(words=[Word(text="LE", bbox=(0.11, 0.093, 0.122, 0.099)),
                       Word(text="FOURNISSEUR", bbox=(0.125, 0.096, 0.203, 0.103))])
    rows = [row.text for row in page_rows(DocumentText(pages=[Page(number=1, method="ocr", lines=[heading, name])]))]
    assert any("LE FOURNISSEUR" in row for row in rows)


def test_a_square_page_is_banded_as_printed() -> None:
    assert _rows(_line("Total", 0.1, 0.5, 0.0), _line("100,00", 0.7, 0.5, 0.0)) == ["Total   100,00"]
