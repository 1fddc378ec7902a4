"""What the generator hands back: the sample set and, per mail, what the pipeline should do."""

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal


class DocKind(StrEnum):
    """The `document_type` of the ground truth."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    PURCHASE_ORDER = "purchase_order"


class Expect(StrEnum):
    """How an attachment should end up once the pipeline has run."""

    STAGED = "staged"
    DUPLICATE = "duplicate"
    ERROR = "error"


IGNORED: Literal["ignored"] = "ignored"
"""The `expect` of a mail the pipeline should leave alone as a whole (no document in it)."""


@dataclass(frozen=True)
class SampleMail:
    file: Path
    case: str
    lang: str
    # Attachment file name → outcome, or IGNORED for a mail that carries no document at all.
    # Decoration (a cid: logo) and non-documents (terms .txt) are not listed.
    expect: dict[str, Expect] | Literal["ignored"]


@dataclass(frozen=True)
class SampleSet:
    inbox: Path
    documents: Path
    mails: list[SampleMail]
