"""Comparing a parsed e-invoice with a truth line, and following provenance paths back into
the XML. Shared by the fixture and corpus tests."""

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from mailroom.domain.einvoice import SYNTAXES
from mailroom.domain.models import Extraction

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "einvoice"
# shared/ sits beside the repository (on developer machines and in CI alike).
_REPO = Path(__file__).resolve().parents[3]
CORPUS = next(
    (p for p in (_REPO.parent / "shared", Path("/work/shared")) if p.is_dir()), _REPO / "missing"
) / "corpus" / "dev" / "einvoice"

AMOUNTS = {"net_total", "tax_total", "grand_total"}
IDS = {"seller_vat_id", "buyer_vat_id", "iban", "bic"}

# The Konik ZUGFeRD 1.0 sample's only IBAN is the payer's (direct-debit) account; the truth
# copied it, the parser reads the payee's account (BT-84) only. Deliberate, see the README.
DISAGREEMENTS = {
    ("zugferd_corpus_ZUGFeRDv1_correct_Konik_acme_invoice-42_ZUGFeRD.pdf", "iban"),
    ("zugferd1_konik_acme_invoice-42.xml", "iban"),
}


def truth_lines(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def comparable(name: str, value: str) -> object:
    if name in AMOUNTS:
        return Decimal(value)
    if name in IDS:
        return "".join(value.split()).upper()
    return value


def agrees(extraction: Extraction, name: str, value: Any) -> bool:
    """One truth entry: a field, the document type or the number of lines."""
    if name == "document_type":
        return bool(extraction.document_type == value)
    if name == "line_count":
        return len(extraction.lines) == value
    got = extraction.value(name)
    return got is not None and comparable(name, got) == comparable(name, value)


def mismatches(
    file: str, extraction: Extraction, truth: dict[str, Any], complete: bool,
) -> list[str]:
    """Every truth entry the extraction misses or gets wrong; with `complete`, extra fields too.
    A document without lines has no line_count in the truth."""
    found = []
    for name, value in ({"line_count": 0} | truth).items():
        if (file, name) in DISAGREEMENTS:
            if (got := extraction.value(name)) is not None:
                found.append(f"{name}: expected absent (see DISAGREEMENTS), got {got!r}")
        elif not agrees(extraction, name, value):
            got = extraction.value(name) if name in extraction.fields else None
            found.append(f"{name}: got {got!r}, truth {value!r}")
    if complete:
        found += [f"{name}: not in the truth ({f.value!r})" for name, f in extraction.fields.items()
                  if name not in truth]
    return found


def resolve(xml: bytes, path: str) -> etree._Element:
    """The element a provenance path names, walked step by step with the syntax's prefixes."""
    root = etree.fromstring(xml)
    uris = {prefix: uri for uri, prefix in SYNTAXES[root.tag].prefixes.items()}
    steps = path.strip("/").split("/")
    node = root
    assert etree.QName(root).localname == steps[0].split(":")[-1], path
    for step in steps[1:]:
        m = re.fullmatch(r"(?:(\w+):)?([\w.-]+)(?:\[(\d+)\])?", step)
        assert m, step
        tag = f"{{{uris[m[1] or '']}}}{m[2]}"
        same = list(node.iterchildren(tag))
        assert same, f"{step} not found in {path}"
        node = same[int(m[3] or 1) - 1]
    return node


def traceable(xml: bytes, name: str, value: str, path: str) -> bool:
    """The element(s) at `path` hold `value`, up to canonical spelling: amounts compare as
    numbers (and add up where KSeF spreads a total), other values as compact text."""
    elements = [resolve(xml, p) for p in path.split(" + ")]
    texts = [(e.text or "").strip() for e in elements]
    if name in AMOUNTS:
        return sum(map(Decimal, texts), Decimal(0)) == Decimal(value)
    compact = lambda s: re.sub(r"[\s-]", "", s).upper()
    # A KSeF NRB gains its 'PL', an EU VAT number its country code: the printed part is inside.
    return len(texts) == 1 and compact(texts[0]) in compact(value)
