"""The StateStore on Cloud Storage, for Cloud Functions, where no local disk survives.

Every fact is an object under one prefix of the state bucket, written with preconditions so
concurrent instances cannot undo each other:

    cursors/<name>                        the value; moved forward only (compare-and-set on
                                          the generation, and never to a smaller history id)
    done/<sha256 of key>                  exists = that unit of work finished (create-only)
    documents/<id>.json                   the DocumentRecord, the truth
    index/<kind>/<value…>/<id>            empty pointers for the queries: sha256, message,
                                          reference (seller + number), status
    messages/<mailbox>/<message id>       what ingest decided (outcome in the metadata)
    audit/<subject>/<time>-<random>.json  append-only: create-only, never rewritten
    outbox/<kind>/<key>                   waits for a batched write (the Sheet's rows)

Indexes are written before the record and cleaned after it, and every query re-reads the
records it finds and filters again, so a crash between the writes can leave a stale pointer
(ignored) but never hide a document."""

import hashlib
import time
import uuid
from collections.abc import Iterable, Iterator
from urllib.parse import quote, unquote

from google.api_core import exceptions as api_exceptions

from mailroom.adapters.google.gcs_archive import translate
from mailroom.domain.errors import TransientError
from mailroom.domain.models import AuditEvent, DocumentRecord, normalise_key
from mailroom.domain.status import Status
from mailroom.ports import StateStore

_JSON = "application/json"


class GcsStateStore(StateStore):
    def __init__(self, bucket, *, prefix: str = "state", retry=None) -> None:
        self._bucket = bucket  # google.cloud.storage.Bucket
        self._prefix = prefix.strip("/") + "/"
        self._retry = retry  # None: the library default for each call

    # -- cursors and finished work ------------------------------------------------------

    def cursor(self, name: str) -> str | None:
        blob = self._call("read cursor", lambda: self._bucket.get_blob(self._key("cursors", name)))
        return blob.download_as_text() if blob is not None else None

    def set_cursor(self, name: str, value: str) -> None:
        key = self._key("cursors", name)
        for _ in range(10):
            blob = self._call("read cursor", lambda: self._bucket.get_blob(key))
            current = blob.download_as_text() if blob is not None else None
            if current is not None and _not_after(value, current):
                return  # another instance already moved it at least this far
            try:
                self._write(key, value.encode(), "text/plain", generation=blob.generation if blob else 0)
                return
            except api_exceptions.PreconditionFailed:
                continue  # someone wrote in between: look again
        raise TransientError(f"cursor {name}: too much contention")

    def is_done(self, key: str) -> bool:
        return self._exists(self._key("done", _digest(key)))

    def mark_done(self, key: str) -> None:
        self._create(self._key("done", _digest(key)), b"", "text/plain")

    # -- documents -----------------------------------------------------------------------

    def save_document(self, record: DocumentRecord) -> None:
        previous = self.document(record.id)
        new, old = _index_keys(record), _index_keys(previous) if previous else set()
        for pointer in new - old:
            self._create(self._key("index", pointer), b"", "text/plain")
        self._write(self._key("documents", f"{record.id}.json"), record.model_dump_json().encode(), _JSON)
        for pointer in old - new:
            self._call("clean index", lambda p=pointer: self._bucket.delete_blob(self._key("index", p)),
                       missing_ok=True)

    def document(self, document_id: str) -> DocumentRecord | None:
        blob = self._call("read document",
                          lambda: self._bucket.get_blob(self._key("documents", f"{document_id}.json")))
        return DocumentRecord.model_validate_json(blob.download_as_bytes()) if blob else None

    def documents(self, *, statuses: Iterable[Status] | None = None,
                  message_id: str | None = None) -> list[DocumentRecord]:
        wanted = set(statuses) if statuses is not None else None
        if message_id is not None:
            ids = self._ids_under(f"index/message/{message_id}/")
        elif wanted is not None:
            ids = [i for status in sorted(wanted) for i in self._ids_under(f"index/status/{status}/")]
        else:
            ids = [name.removesuffix(".json") for name in self._names_under("documents/")]
        found = [r for r in map(self.document, dict.fromkeys(ids)) if r is not None]
        return [r for r in found if (wanted is None or r.status in wanted)
                and (message_id is None or r.message_id == message_id)]

    def find_by_sha256(self, sha256: str) -> list[DocumentRecord]:
        found = map(self.document, self._ids_under(f"index/sha256/{sha256}/"))
        return [r for r in found if r is not None and r.sha256 == sha256]

    def find_by_reference(self, seller_key: str, number: str) -> list[DocumentRecord]:
        wanted = (normalise_key(seller_key), normalise_key(number))
        found = map(self.document, self._ids_under(f"index/reference/{wanted[0]}/{wanted[1]}/"))
        return [r for r in found if r is not None and r.reference() == wanted]

    # -- the outbox -------------------------------------------------------------------------

    def add_pending(self, kind: str, key: str) -> None:
        self._create(self._key("outbox", kind, quote(key, safe="")), b"", "text/plain")

    def pending(self, kind: str, limit: int = 500) -> list[str]:
        # Oldest first: generations are write timestamps. One list call, no downloads.
        blobs = sorted(self._blobs_under(f"outbox/{kind}/"), key=lambda b: (b.generation or 0, b.name))
        return [unquote(blob.name.rsplit("/", 1)[-1]) for blob in blobs[:limit]]

    def clear_pending(self, kind: str, keys: Iterable[str]) -> None:
        for key in keys:
            marker = self._key("outbox", kind, quote(key, safe=""))
            self._call("clear outbox", lambda m=marker: self._bucket.delete_blob(m), missing_ok=True)

    # -- messages and the audit log -----------------------------------------------------------

    def record_message(self, mailbox: str, message_id: str, outcome: str, detail: str = "") -> None:
        self._write(self._key("messages", mailbox.lower(), message_id), detail.encode(), "text/plain",
                    metadata={"outcome": outcome})

    def message_outcomes(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for blob in self._blobs_under("messages/"):
            outcome = (blob.metadata or {}).get("outcome", "unknown")
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    def audit(self, event: AuditEvent) -> None:
        # Event time, then this instance's write order (events sharing a timestamp keep the
        # order they were written in), then randomness so two instances never collide.
        name = f"{event.at.strftime('%Y%m%dT%H%M%S.%fZ')}-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        self._create(self._key("audit", _digest(event.subject), f"{name}.json"),
                     event.model_dump_json().encode(), _JSON)

    def audit_log(self, subject: str | None = None) -> list[AuditEvent]:
        under = f"audit/{_digest(subject)}/" if subject is not None else "audit/"
        blobs = sorted(self._blobs_under(under), key=lambda b: b.name.rsplit("/", 1)[-1])
        return [AuditEvent.model_validate_json(b.download_as_bytes()) for b in blobs]

    # -- plumbing ----------------------------------------------------------------------------

    def _key(self, *parts: str) -> str:
        return self._prefix + "/".join(parts)

    def _exists(self, key: str) -> bool:
        return self._call("check", lambda: self._bucket.blob(key).exists())

    def _create(self, key: str, data: bytes, content_type: str) -> None:
        """Create-only; an object already there (a retry, or the same work twice) is success."""
        try:
            self._write(key, data, content_type, generation=0)
        except api_exceptions.PreconditionFailed:
            pass

    def _write(self, key: str, data: bytes, content_type: str, *, generation: int | None = None,
               metadata: dict[str, str] | None = None) -> None:
        blob = self._bucket.blob(key)
        blob.metadata = metadata
        kwargs = {"if_generation_match": generation} if generation is not None else {}
        if self._retry is not None:
            kwargs["retry"] = self._retry
        self._call("write", lambda: blob.upload_from_string(data, content_type=content_type, **kwargs))

    def _blobs_under(self, under: str) -> Iterator:
        return iter(self._call("list", lambda: list(self._bucket.list_blobs(prefix=self._prefix + under))))

    def _names_under(self, under: str) -> list[str]:
        start = len(self._prefix + under)
        return [blob.name[start:] for blob in self._blobs_under(under)]

    def _ids_under(self, under: str) -> list[str]:
        return [name.rsplit("/", 1)[-1] for name in self._names_under(under)]

    @staticmethod
    def _call(what: str, action, *, missing_ok: bool = False):  # type: ignore[no-untyped-def]
        try:
            return action()
        except api_exceptions.PreconditionFailed:
            raise
        except api_exceptions.NotFound:
            if missing_ok:
                return None
            raise
        except Exception as exc:
            error = translate(exc, f"state {what}")
            if error is None:
                raise
            raise error from exc


def _index_keys(record: DocumentRecord) -> set[str]:
    keys = {f"sha256/{record.sha256}/{record.id}", f"message/{record.message_id}/{record.id}",
            f"status/{record.status}/{record.id}"}
    if (reference := record.reference()) is not None:
        keys.add(f"reference/{reference[0]}/{reference[1]}/{record.id}")
    return keys


def _digest(text: str) -> str:
    # Object names stay short and free of '/', whatever a key or subject contains.
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _not_after(value: str, current: str) -> bool:
    """Gmail history ids only grow: never move a cursor back (a late, slower instance)."""
    if value.isdigit() and current.isdigit():
        return int(value) <= int(current)
    return value == current
