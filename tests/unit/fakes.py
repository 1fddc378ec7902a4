"""In-memory fakes of every port, for fast unit tests of the service layer. Each subclasses
its port, so a fake that misses a method fails at construction."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mailroom.domain.commands import Command
from mailroom.domain.errors import BadInputError, ConflictError, NotFoundError, PermanentError
from mailroom.domain.ids import sha256_hex
from mailroom.domain.models import AuditEvent, DocumentRecord, ErpPosting, ErpRecord, StagedRow
from mailroom.domain.status import Status
from mailroom.domain.text import DocumentText, Line, Page, Word
from mailroom.ports import (
    Archive, ArchivedObject, Erp, ErpCapabilities, Mailbox, NewMessages, OriginalFile, Publisher,
    RawMessage, StagingSheet, StateStore, TextSource,
)


class FakeMailbox(Mailbox):
    def __init__(self, name: str = "ap@example.com") -> None:
        self.name = name
        self.messages: list[RawMessage] = []
        self.label_sets: dict[str, set[str]] = defaultdict(set)
        self.label_writes = 0

    def deliver(self, message_id: str, raw: bytes, thread_id: str = "") -> None:
        self.messages.append(RawMessage(message_id, thread_id or message_id, raw, frozenset({"INBOX"})))

    def list_new(self, cursor: str | None) -> NewMessages:
        start = int(cursor) if cursor else 0
        return NewMessages([m.message_id for m in self.messages[start:]], str(len(self.messages)))

    def fetch(self, message_id: str) -> RawMessage:
        for message in self.messages:
            if message.message_id == message_id:
                return message
        raise NotFoundError(message_id)

    def labels(self, message_id: str) -> frozenset[str]:
        return frozenset(self.label_sets[message_id])

    def change_labels(self, message_id: str, add: Iterable[str], remove: Iterable[str]) -> None:
        self.label_writes += 1
        self.label_sets[message_id] |= set(add)
        self.label_sets[message_id] -= set(remove)


class FakeArchive(Archive):
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.writes = 0

    def put(self, key: str, content: bytes, *, content_type: str, metadata: Mapping[str, str]) -> ArchivedObject:
        if key in self.objects and self.objects[key] != content:
            raise ConflictError(key)
        created = key not in self.objects
        self.writes += created
        self.objects[key] = content
        return ArchivedObject(key, f"fake://{key}", sha256_hex(content), len(content), created)

    def get(self, key: str) -> bytes:
        try:
            return self.objects[key]
        except KeyError:
            raise NotFoundError(key) from None

    def link(self, key: str) -> str:
        return f"fake://{key}"


class FakeTextSource(TextSource):
    """Returns the document's bytes as one line of text; b'%BROKEN' is unreadable."""

    def read(self, content: bytes, content_type: str) -> DocumentText:
        if content.startswith(b"%BROKEN"):
            raise BadInputError("PDF is damaged and cannot be opened")
        word = Word(text=content.decode("utf-8", "replace"), bbox=(0.1, 0.1, 0.5, 0.12))
        return DocumentText(pages=[Page(number=1, method="text-layer", lines=[Line(words=[word])])])


class FakeSheet(StagingSheet):
    def __init__(self) -> None:
        self.table: dict[str, StagedRow] = {}
        self.batches = 0

    def stage(self, rows: Sequence[StagedRow]) -> list[str]:
        added = [r.key for r in rows if r.key not in self.table]
        self.table.update({r.key: r for r in rows if r.key in added})
        self.batches += 1
        return added

    def update(self, changes: Mapping[str, Mapping[str, Any]]) -> None:
        for key, values in changes.items():
            if key not in self.table:
                raise NotFoundError(key)
            self.table[key] = self.table[key].model_copy(update=dict(values))
        self.batches += 1

    def rows(self, statuses: Iterable[Status] | None = None) -> list[StagedRow]:
        wanted = set(statuses) if statuses else None
        return [r for r in self.table.values() if wanted is None or r.status in wanted]

    def get(self, key: str) -> StagedRow | None:
        return self.table.get(key)


class FakeErp(Erp):
    def __init__(self, capabilities: ErpCapabilities | None = None) -> None:
        self.capabilities = capabilities or ErpCapabilities()
        self.records: dict[str, ErpRecord] = {}
        self.postings: list[ErpPosting] = []
        self.attachments: dict[str, OriginalFile] = {}
        self.refuse: str | None = None

    def post(self, posting: ErpPosting, attachment: OriginalFile | None = None) -> ErpRecord:
        if self.refuse:
            raise PermanentError(self.refuse)
        if attachment is not None:
            self.attachments[posting.idempotency_key] = attachment
        if posting.idempotency_key in self.records:
            return self.records[posting.idempotency_key]
        self.postings.append(posting)
        record = ErpRecord(erp_id=str(len(self.postings)), number=f"BILL/{len(self.postings):04d}", state="posted")
        self.records[posting.idempotency_key] = record
        return record

    def find(self, idempotency_key: str) -> ErpRecord | None:
        return self.records.get(idempotency_key)

    def status(self, erp_id: str) -> ErpRecord:
        return next(r for r in self.records.values() if r.erp_id == erp_id)

    def set_state(self, erp_id: str, state: str) -> None:
        for key, record in self.records.items():
            if record.erp_id == erp_id:
                self.records[key] = record.model_copy(update={"state": state})


class FakeState(StateStore):
    def __init__(self) -> None:
        self.cursors: dict[str, str] = {}
        self.done: set[str] = set()
        self.docs: dict[str, DocumentRecord] = {}
        self.outcomes: dict[str, tuple[str, str]] = {}
        self.events: list[AuditEvent] = []
        self.outbox: dict[str, dict[str, None]] = defaultdict(dict)

    def cursor(self, name: str) -> str | None:
        return self.cursors.get(name)

    def add_pending(self, kind: str, key: str) -> None:
        self.outbox[kind].setdefault(key)

    def pending(self, kind: str, limit: int = 500) -> list[str]:
        return list(self.outbox[kind])[:limit]

    def clear_pending(self, kind: str, keys: Iterable[str]) -> None:
        for key in keys:
            self.outbox[kind].pop(key, None)

    def set_cursor(self, name: str, value: str) -> None:
        self.cursors[name] = value

    def is_done(self, key: str) -> bool:
        return key in self.done

    def mark_done(self, key: str) -> None:
        self.done.add(key)

    def save_document(self, record: DocumentRecord) -> None:
        self.docs[record.id] = record.model_copy(deep=True)

    def document(self, document_id: str) -> DocumentRecord | None:
        found = self.docs.get(document_id)
        return found.model_copy(deep=True) if found else None

    def documents(self, *, statuses: Iterable[Status] | None = None,
                  message_id: str | None = None) -> list[DocumentRecord]:
        wanted = set(statuses) if statuses else None
        return [d.model_copy(deep=True) for d in self.docs.values()
                if (wanted is None or d.status in wanted) and (message_id is None or d.message_id == message_id)]

    def find_by_sha256(self, sha256: str) -> list[DocumentRecord]:
        return [d for d in self.docs.values() if d.sha256 == sha256]

    def find_by_reference(self, seller_key: str, number: str) -> list[DocumentRecord]:
        return [d for d in self.docs.values() if d.reference() == (seller_key, number)]

    def record_message(self, mailbox: str, message_id: str, outcome: str, detail: str = "") -> None:
        self.outcomes[message_id] = (outcome, detail)

    def message_outcomes(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for outcome, _ in self.outcomes.values():
            counts[outcome] += 1
        return dict(counts)

    def audit(self, event: AuditEvent) -> None:
        self.events.append(event)

    def audit_log(self, subject: str | None = None) -> list[AuditEvent]:
        return [e for e in self.events if subject is None or e.subject == subject]


class FakePublisher(Publisher):
    def __init__(self) -> None:
        self.published: list[Command] = []

    def publish(self, command: Command) -> None:
        self.published.append(command)
