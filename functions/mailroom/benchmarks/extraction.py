"""`mailroom bench extract DIR`: accuracy against DIR/truth.jsonl (the corpus format in
shared/corpus/README.md) and documents per second.

Counting rules, from the corpus README: a truth field that is null, or marked
`visible: false` for a visual/scan document, is not counted; credit notes may print positive
totals for negative XML amounts, so amounts compare by absolute value; VAT ids and IBANs
compare without spaces; names compare by letters and digits only, ignoring case."""

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from mailroom.domain.models import FIELD_NAMES, Extraction, normalise_key

CONFIDENT = 0.9
_AMOUNTS = {"net_total", "tax_total", "grand_total"}
_NAMES = {"seller_name", "buyer_name"}


@dataclass
class FieldScore:
    expected: int = 0  # truth present and visible
    found: int = 0  # of those, extracted at all
    correct: int = 0


@dataclass
class MethodSpeed:
    """Time spent reading and extracting the documents one method read."""

    documents: int = 0
    seconds: float = 0.0
    ocr_pages: int = 0

    @property
    def documents_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def seconds_per_ocr_page(self) -> float | None:
        return self.seconds / self.ocr_pages if self.ocr_pages else None


@dataclass
class BenchReport:
    documents: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # The first document pays the process's one-time setup (imports, compiling the label
    # matcher, loading OCR models): it is timed on its own, not in the per-method rates.
    first_document_seconds: float | None = None
    speed: dict[str, MethodSpeed] = field(default_factory=dict)  # by method
    fields: dict[str, FieldScore] = field(default_factory=lambda: {n: FieldScore() for n in FIELD_NAMES})
    confident: Counter[str] = field(default_factory=Counter)  # "right" / "wrong"
    wrong: list[str] = field(default_factory=list)  # "file: field extracted≠truth"

    @property
    def accuracy(self) -> float:
        expected = sum(s.expected for s in self.fields.values())
        return sum(s.correct for s in self.fields.values()) / expected if expected else 1.0

    @property
    def confident_precision(self) -> float:
        total = self.confident["right"] + self.confident["wrong"]
        return self.confident["right"] / total if total else 1.0


def time_document(report: BenchReport, method: str, seconds: float, ocr_pages: int) -> None:
    if report.first_document_seconds is None:
        report.first_document_seconds = seconds
        return
    speed = report.speed.setdefault(method, MethodSpeed())
    speed.documents += 1
    speed.seconds += seconds
    speed.ocr_pages += ocr_pages


def load_truth(folder: Path) -> list[dict]:
    path = folder / "truth.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the benchmark needs ground truth beside the documents")
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def score(report: BenchReport, entry: dict, extraction: Extraction) -> None:
    visible = entry.get("visible", {})
    for name in FIELD_NAMES:
        truth = entry["truth"].get(name)
        if truth in (None, "") or visible.get(name) is False:
            continue
        stat = report.fields[name]
        stat.expected += 1
        found = extraction.fields.get(name)
        if found is None:
            continue
        stat.found += 1
        right = same(name, found.value, str(truth))
        stat.correct += right
        if found.confidence >= CONFIDENT:
            report.confident["right" if right else "wrong"] += 1
        if not right:
            report.wrong.append(f"{entry['file']}: {name} {found.value!r} ≠ {truth!r} ({found.confidence:.2f})")
    # Confident values for fields the truth does not have are wrong too: they were guessed.
    for name, found in extraction.fields.items():
        if entry["truth"].get(name) in (None, "") and found.confidence >= CONFIDENT and visible.get(name) is not False:
            if name in entry["truth"]:
                report.confident["wrong"] += 1
                report.wrong.append(f"{entry['file']}: {name} {found.value!r} but truth has none")


def same(name: str, got: str, truth: str) -> bool:
    if name in _AMOUNTS:
        try:
            return abs(Decimal(got)) == abs(Decimal(truth))
        except InvalidOperation:
            return False
    if name in _NAMES:
        return normalise_key(got) == normalise_key(truth)
    return "".join(got.split()).upper() == "".join(truth.split()).upper()
