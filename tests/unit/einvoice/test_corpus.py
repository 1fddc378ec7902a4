"""Every e-invoice in the shared development corpus: 100 % of the fields its XML carries must
match the truth. Runs only where the corpus is mounted (/work/shared), skipped elsewhere."""

from collections.abc import Iterator

import pytest

from mailroom.domain.einvoice import parse_einvoice
from mailroom.domain.models import Extraction

from tests.unit.einvoice.truth import CORPUS, DISAGREEMENTS, agrees, mismatches, truth_lines

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="development corpus not mounted")
CASES = truth_lines(CORPUS / "truth.jsonl") if CORPUS.is_dir() else []


def embedded_xml(pdf_name: str) -> bytes:
    import pypdfium2  # only the corpus needs it; the parser itself receives XML bytes

    pdf = pypdfium2.PdfDocument(CORPUS / pdf_name)
    try:
        found = [pdf.get_attachment(i) for i in range(pdf.count_attachments())]
        xml = [bytes(a.get_data()) for a in found if a.get_name().lower().endswith(".xml")]
    finally:
        pdf.close()
    assert len(xml) == 1, pdf_name
    return xml[0]


def parsed() -> Iterator[tuple[dict, Extraction]]:
    for case in CASES:
        yield case, parse_einvoice(embedded_xml(case["file"]))


@pytest.mark.parametrize("case", CASES, ids=[c["file"][:60] for c in CASES])
def test_corpus_file_matches_truth(case: dict) -> None:
    extraction = parse_einvoice(embedded_xml(case["file"]))
    assert mismatches(case["file"], extraction, case["truth"], complete=False) == []
    assert [c for c in extraction.checks if not c.ok] == []


def test_corpus_field_accuracy_is_total() -> None:
    """Every truth entry (fields, document type, line count) of every corpus file, counted."""
    compared = right = 0
    for case, extraction in parsed():
        for name, value in case["truth"].items():
            if (case["file"], name) in DISAGREEMENTS:
                continue
            compared += 1
            right += agrees(extraction, name, value)
    assert compared >= 260  # 21 documents, 268 entries today: not vacuous
    assert right == compared
