"""The text layer reads the corpus fixtures exactly as recorded: every word's text and box (to
the last bit of the float), the lines, and each page's verdict. Guards speed work on
`pdf_text_layer` against changing what it reads.

When a change to the reading is meant, rewrite the record and review its diff:
    .venv/bin/python tests/integration/test_pdf_text_layer_golden.py
"""

import json
import sys
from pathlib import Path

import pytest

from mailroom.adapters.text.pdf_text_layer import PdfTextLayer, open_page, open_pdf

FIXTURES = Path(__file__).parents[1] / "fixtures"
RECORD = FIXTURES / "text_layer_golden.json"
PDFS = sorted((FIXTURES / "corpus").glob("*/*.pdf"))


def reading(path: Path) -> list[dict]:
    layer = PdfTextLayer()
    pages = []
    with open_pdf(path.read_bytes(), max_pages=50) as pdf:
        for index in range(len(pdf)):
            with open_page(pdf, index) as page:
                result = layer.read_page(page, index + 1)
            pages.append({
                "usable": result.usable,
                "reason": result.reason,
                "chars": result.chars,
                # JSON floats round-trip exactly (repr), so boxes compare bit for bit.
                "lines": [[[w.text, *w.bbox] for w in line.words] for line in result.page.lines],
            })
    return pages


def _name(path: Path) -> str:
    return path.relative_to(FIXTURES).as_posix()


@pytest.mark.parametrize("path", PDFS, ids=_name)
def test_the_text_layer_reads_each_fixture_as_recorded(path: Path) -> None:
    assert reading(path) == json.loads(RECORD.read_text())[_name(path)]


def test_the_record_covers_every_fixture() -> None:
    assert sorted(json.loads(RECORD.read_text())) == [_name(p) for p in PDFS]


if __name__ == "__main__":
    RECORD.write_text(json.dumps({_name(p): reading(p) for p in PDFS}, ensure_ascii=False) + "\n")
    sys.exit(0)
