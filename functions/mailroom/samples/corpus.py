"""The extraction corpus: document files plus truth.jsonl, the format of our real dev corpus."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

from mailroom.samples.documents import Document
from mailroom.samples.factory import DocumentFactory
from mailroom.samples.languages import LANGUAGES
from mailroom.samples.model import DocKind
from mailroom.samples.pdf import LAYOUTS, render_pdf
from mailroom.samples.scans import scan_to_jpeg

TRUTH_FILE = "truth.jsonl"
_SCAN_EVERY = 10  # OCR costs ~1.5 s a page: a few scans, mostly text-layer PDFs
_KIND_WEIGHTS = {DocKind.INVOICE: 7, DocKind.CREDIT_NOTE: 1.5, DocKind.PURCHASE_ORDER: 1.5}
_FIRST_ISSUE = date(2026, 1, 5)


@dataclass(frozen=True)
class DocumentFile:
    name: str
    data: bytes
    document: Document
    scanned: bool = False  # an image (or image-only PDF): the "scans" set rather than "visual"

    def record(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "set": "scans" if self.scanned else "visual",
            "lang": self.document.language.code,
            "truth": self.document.truth(),
            "visible": self.document.visible(),
        }


def generate_documents(out_dir: Path, *, seed: int = 7, count: int = 60) -> Path:
    """Write `count` documents in all languages and layouts plus truth.jsonl into `out_dir`."""
    rng = Random(seed)
    factory = DocumentFactory(rng)
    write_corpus(out_dir, (_corpus_file(factory, rng, index) for index in range(count)))
    return out_dir


def write_corpus(folder: Path, files: Iterable[DocumentFile]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for file in files:
        path = folder / file.name
        if path.exists():
            raise FileExistsError(
                f"{path} exists: corpus file names must be unique, and folders fresh"
            )
        path.write_bytes(file.data)
        records.append(json.dumps(file.record(), ensure_ascii=False))
    (folder / TRUTH_FILE).write_text("".join(f"{record}\n" for record in records), encoding="utf-8")


def _corpus_file(factory: DocumentFactory, rng: Random, index: int) -> DocumentFile:
    # Round-robin over languages, and over layouts once per round, so every pairing occurs.
    codes = sorted(LANGUAGES)
    language = LANGUAGES[codes[index % len(codes)]]
    layout = sorted(LAYOUTS)[(index // len(codes)) % len(LAYOUTS)]
    kind = rng.choices(list(_KIND_WEIGHTS), weights=list(_KIND_WEIGHTS.values()))[0]
    doc = factory.make(
        language, kind, _FIRST_ISSUE + timedelta(days=rng.randint(0, 80)), layout=layout
    )
    pdf = render_pdf(doc)
    if index % _SCAN_EVERY == _SCAN_EVERY - 1:
        return DocumentFile(f"{doc.file_stem}.jpg", scan_to_jpeg(pdf, rng), doc, scanned=True)
    return DocumentFile(f"{doc.file_stem}.pdf", pdf, doc)
