"""Golden files: corpus XML extracted from real Factur-X / ZUGFeRD PDFs, and hand-made UBL,
KSeF and Order-X documents. Every field must match its truth and lead back to its element."""

from decimal import Decimal

import pytest
from lxml import etree

from mailroom.domain.einvoice import SYNTAXES, parse_einvoice
from mailroom.domain.models import FIELD_NAMES

from tests.unit.einvoice.truth import FIXTURES, mismatches, traceable, truth_lines

CASES = truth_lines(FIXTURES / "truth.jsonl")
IDS = [c["file"] for c in CASES]


def _parse(case: dict) -> tuple[bytes, object]:
    xml = (FIXTURES / case["file"]).read_bytes()
    return xml, parse_einvoice(xml)


def test_fixtures_cover_every_syntax() -> None:
    roots = {etree.fromstring((FIXTURES / c["file"]).read_bytes()).tag for c in CASES}
    assert roots == set(SYNTAXES)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fields_match_truth(case: dict) -> None:
    _, extraction = _parse(case)
    assert mismatches(case["file"], extraction, case["truth"], case["complete"]) == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_field_is_exact_and_leads_back_to_its_element(case: dict) -> None:
    xml, extraction = _parse(case)
    assert extraction.method == "e-invoice"
    assert extraction.fields
    for name, found in extraction.fields.items():
        assert name in FIELD_NAMES
        assert found.confidence == 1.0
        assert found.provenance.method == "e-invoice"
        assert found.provenance.xml_path and found.why
        assert traceable(xml, name, found.value, found.provenance.xml_path), (name, found)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_consistency_checks_pass_on_consistent_documents(case: dict) -> None:
    _, extraction = _parse(case)
    assert [c for c in extraction.checks if not c.ok] == []
    assert any(c.name == "totals_add_up" for c in extraction.checks)


@pytest.mark.parametrize("case", [c for c in CASES if "lines" in c], ids=lambda c: c["file"])
def test_lines_match_truth(case: dict) -> None:
    _, extraction = _parse(case)
    got = [line.model_dump() for line in extraction.lines]
    expected = [
        {k: (v if k == "description" else Decimal(v)) for k, v in line.items()}
        for line in case["lines"]
    ]
    assert got == expected
