"""What a handler may use: the ports, the policies, and a clock."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from mailroom.domain.errors import NotFoundError
from mailroom.domain.models import AuditEvent, Extraction
from mailroom.domain.text import DocumentText
from mailroom.domain.review import ReviewPolicy
from mailroom.domain.rules import Rules
from mailroom.ports import Archive, Erp, Mailbox, Publisher, StagingSheet, StateStore, TextSource


class Extractor(Protocol):
    """Text → fields; `sender` lets a per-sender template claim the document."""

    def __call__(self, text: DocumentText, *, sender: str | None = None) -> Extraction: ...


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    mailboxes: dict[str, Mailbox]
    archive: Archive
    text_source: TextSource
    sheet: StagingSheet
    erp: Erp
    state: StateStore
    publisher: Publisher
    # Text → fields. A seam rather than a port: the pure domain engine
    # (mailroom.domain.reading.extract, with the configured templates bound in); tests swap it.
    extract: Extractor
    rules: Rules
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    max_attachment_bytes: int = 20 * 1024 * 1024
    label_parent: str = "ERP"
    clock: Callable[[], datetime] = utc_now

    def mailbox(self, name: str) -> Mailbox:
        try:
            return self.mailboxes[name.lower()]
        except KeyError:
            raise NotFoundError(f"no mailbox '{name}' is configured") from None

    def audit(self, subject: str, action: str, actor: str = "system", **detail: str) -> None:
        self.state.audit(
            AuditEvent(at=self.clock(), subject=subject, action=action, detail=detail, actor=actor)
        )
