"""Read documents straight from files (PDF, image, XML, or every document inside an .eml),
for `mailroom extract` and the extraction benchmark: the same reading and extraction the
pipeline's process stage uses, without a mailbox, archive or sheet."""

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mailroom.domain.errors import MailroomError
from mailroom.domain.mime import parse_message
from mailroom.domain.models import Extraction
from mailroom.domain.rules import Rules
from mailroom.domain.text import DocumentText
from mailroom.ports import TextSource

CONTENT_TYPES = {
    ".pdf": "application/pdf", ".xml": "application/xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".png": "image/png", ".tif": "image/tiff", ".tiff": "image/tiff", ".webp": "image/webp",
}
SUPPORTED = set(CONTENT_TYPES) | {".eml"}


@dataclass(frozen=True)
class DocumentOnDisk:
    source: str  # the path as given (a folder's files: the folder joined with the name)
    attachment: str | None  # the attachment's file name, for documents inside an .eml
    content: bytes
    content_type: str


@dataclass(frozen=True)
class Outcome:
    document: DocumentOnDisk | None
    source: str
    extraction: Extraction | None = None
    error: str | None = None
    seconds: float = 0.0  # reading and extraction of this document, for the benchmark
    ocr_pages: int = 0  # pages that had to be OCR'd


def expand(paths: list[str]) -> list[str]:
    """Files as given, and every supported file inside each folder, sorted."""
    found: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += [str(p) for p in sorted(path.rglob("*")) if p.suffix.lower() in SUPPORTED and p.is_file()]
        else:
            found.append(given)
    return found


def documents_in(source: str, rules: Rules) -> Iterator[DocumentOnDisk]:
    path = Path(source)
    content = path.read_bytes()
    if path.suffix.lower() != ".eml":
        yield DocumentOnDisk(source, None, content, CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream"))
        return
    parsed = parse_message(content, mailbox="file", message_id=path.name, thread_id=path.name)
    for attachment in rules.documents(parsed.message):
        yield DocumentOnDisk(source, attachment.filename, parsed.contents[attachment.part_id],
                             rules.effective_type(attachment))


def extract_all(sources: list[str], text_source: TextSource, rules: Rules,
                extract: Callable[[DocumentText], Extraction]) -> Iterator[Outcome]:
    """One outcome per document; a broken file gives an outcome with an error, never stops the rest."""
    for source in sources:
        try:
            documents = list(documents_in(source, rules))
        except (OSError, MailroomError) as exc:
            yield Outcome(None, source, error=str(exc))
            continue
        for document in documents:
            started = time.perf_counter()
            try:
                text = text_source.read(document.content, document.content_type)
                extraction = extract(text)
            except MailroomError as exc:
                yield Outcome(document, source, error=str(exc), seconds=time.perf_counter() - started)
                continue
            yield Outcome(document, source, extraction=extraction, seconds=time.perf_counter() - started,
                          ocr_pages=sum(page.method == "ocr" for page in text.pages))
