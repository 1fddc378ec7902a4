"""The ports: small abstract interfaces the service layer needs from the world.

Adapters implement them (local ones in adapters/local, Google ones in adapters/google);
test fakes subclass them too, so a fake that misses a method fails at once. Each method says
what it promises under at-least-once delivery, because the stages rely on exactly that."""

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mailroom.domain.commands import Command
from mailroom.domain.errors import PermanentError
from mailroom.domain.models import AuditEvent, DocumentRecord, ErpPosting, ErpRecord, StagedRow
from mailroom.domain.status import Status
from mailroom.domain.text import DocumentText


@dataclass(frozen=True)
class NewMessages:
    message_ids: list[str]
    cursor: str  # store it only once the ids are safely handed on


@dataclass(frozen=True)
class RawMessage:
    message_id: str
    thread_id: str
    raw: bytes  # the RFC 5322 original
    label_names: frozenset[str]


class Mailbox(ABC):
    name: str

    @abstractmethod
    def list_new(self, cursor: str | None) -> NewMessages:
        """Messages that arrived after `cursor` (None: everything the filter rules admit)."""

    @abstractmethod
    def fetch(self, message_id: str) -> RawMessage:
        """The original message. Raises NotFoundError if it vanished."""

    @abstractmethod
    def labels(self, message_id: str) -> frozenset[str]:
        """Label names on the message."""

    @abstractmethod
    def change_labels(self, message_id: str, add: Iterable[str], remove: Iterable[str]) -> None:
        """Add/remove labels by name, creating missing ones. Set semantics: repeating is harmless."""


@dataclass(frozen=True)
class ArchivedObject:
    key: str
    uri: str
    sha256: str
    size: int
    created: bool  # False when the object was already there (a retry)


class Archive(ABC):
    @abstractmethod
    def put(
        self, key: str, content: bytes, *, content_type: str, metadata: Mapping[str, str]
    ) -> ArchivedObject:
        """Write once. The same key with the same bytes returns the existing object;
        other bytes raise ConflictError."""

    @abstractmethod
    def get(self, key: str) -> bytes:
        """Raises NotFoundError."""

    @abstractmethod
    def link(self, key: str) -> str:
        """Where a person can open the original."""


class TextSource(ABC):
    @abstractmethod
    def read(self, content: bytes, content_type: str) -> DocumentText:
        """Text with geometry: the text layer where there is one, OCR for pages without.
        Raises BadInputError for unreadable input (corrupt, encrypted, unsupported)."""


class StagingSheet(ABC):
    @abstractmethod
    def stage(self, rows: Sequence[StagedRow]) -> list[str]:
        """Append the rows whose key is not in the sheet yet; leave existing rows untouched
        (a reviewer may be editing them). Returns the keys added."""

    @abstractmethod
    def update(self, changes: Mapping[str, Mapping[str, Any]]) -> None:
        """Set columns of existing rows by key, all in one batch."""

    @abstractmethod
    def rows(self, statuses: Iterable[Status] | None = None) -> list[StagedRow]:
        """Rows in sheet order, optionally only those with one of `statuses`."""

    @abstractmethod
    def get(self, key: str) -> StagedRow | None: ...


@dataclass(frozen=True)
class ErpCapabilities:
    """What a connector can do, as data, so the stages ask instead of guessing."""

    document_types: frozenset[str] = frozenset({"invoice", "credit_note", "purchase_order"})
    attachments: bool = False  # keeps the original file next to the record
    native_duplicate_check: bool = True  # finds an earlier record by partner + reference
    status_polling: bool = True  # `status()` asks the ERP; False: status arrives by callback


@dataclass(frozen=True)
class OriginalFile:
    """The archived document, for ERPs that keep the file with the record."""

    filename: str
    content: bytes
    content_type: str


class Erp(ABC):
    capabilities: ErpCapabilities = ErpCapabilities()

    @abstractmethod
    def post(self, posting: ErpPosting, attachment: OriginalFile | None = None) -> ErpRecord:
        """Create the record, or return the one already created for `posting.idempotency_key`.
        Raises PermanentError when the ERP refuses it (e.g. same partner and reference).
        `attachment` is passed only to connectors whose capabilities say they attach files;
        a retry that finds the first record makes sure the file is on it too."""

    @abstractmethod
    def find(self, idempotency_key: str) -> ErpRecord | None: ...

    @abstractmethod
    def status(self, erp_id: str) -> ErpRecord: ...

    def rollback(self, erp_id: str) -> None:
        """Remove a draft this tool created; never a posted entry (PermanentError: reverse it in
        the ERP). A record already gone is fine, so repeating is harmless."""
        raise PermanentError("this ERP cannot roll back: undo the record in the ERP")


class StateStore(ABC):
    @abstractmethod
    def cursor(self, name: str) -> str | None: ...

    @abstractmethod
    def set_cursor(self, name: str, value: str) -> None: ...

    @abstractmethod
    def is_done(self, key: str) -> bool:
        """Whether a unit of work with this idempotency key has completed."""

    @abstractmethod
    def mark_done(self, key: str) -> None: ...

    @abstractmethod
    def save_document(self, record: DocumentRecord) -> None:
        """Insert or replace by id."""

    @abstractmethod
    def document(self, document_id: str) -> DocumentRecord | None: ...

    @abstractmethod
    def documents(
        self, *, statuses: Iterable[Status] | None = None, message_id: str | None = None
    ) -> list[DocumentRecord]: ...

    @abstractmethod
    def find_by_sha256(self, sha256: str) -> list[DocumentRecord]: ...

    @abstractmethod
    def find_by_reference(self, seller_key: str, number: str) -> list[DocumentRecord]:
        """Documents of this seller (VAT id or normalised name) with this document number."""

    @abstractmethod
    def add_pending(self, kind: str, key: str) -> None:
        """Remember that `key` waits for a batched write of `kind` (an outbox: the Sheet's
        rows are written many at a time, for its per-minute write quota). Set semantics."""

    @abstractmethod
    def pending(self, kind: str, limit: int = 500) -> list[str]:
        """Keys waiting, oldest first."""

    @abstractmethod
    def clear_pending(self, kind: str, keys: Iterable[str]) -> None: ...

    @abstractmethod
    def record_message(self, mailbox: str, message_id: str, outcome: str, detail: str = "") -> None:
        """What ingest decided about a message (`ingested`, `ignored`, `error`)."""

    @abstractmethod
    def message_outcomes(self) -> dict[str, int]: ...

    @abstractmethod
    def audit(self, event: AuditEvent) -> None:
        """Append only; never updated or deleted."""

    @abstractmethod
    def audit_log(self, subject: str | None = None) -> list[AuditEvent]: ...


class Publisher(ABC):
    @abstractmethod
    def publish(self, command: Command) -> None:
        """Hand a command to the next stage. Durable once this returns."""


@dataclass(frozen=True)
class DeadLetter:
    """A message that failed every delivery attempt, as `mailroom dlq list` shows it."""

    id: str
    topic: str  # the stage it was for; "" when that cannot be told
    payload: str  # the message, or the start of a long one
    attempts: int
    reason: str  # why it failed, where the transport says


@dataclass(frozen=True)
class ReplayOutcome:
    replayed: dict[str, str]  # dead letter id → the topic it went back to
    kept: dict[str, str]  # dead letter id → why it stays where it is


class DeadLetters(ABC):
    """Where messages that kept failing wait for an operator: the local queue's dead letters,
    or the Pub/Sub dead-letter subscription."""

    # What makes a replayed message run, for the operator ("" when nothing needs doing).
    resume_hint: str = ""

    @abstractmethod
    def dead_letters(self) -> Sequence[DeadLetter]:
        """Every dead letter, oldest first. Looking consumes nothing."""

    @abstractmethod
    def replay(self, letter_id: str | None = None) -> ReplayOutcome:
        """Put one dead letter (None: every one) back on its topic, then forget it: a crash in
        between delivers it twice, which every stage is idempotent to, never zero times. One
        whose topic cannot be told is kept. Raises NotFoundError for an unknown id."""
