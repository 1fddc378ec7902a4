"""The StateStore contract, run against every store: SQLite on a real file (the embedded
default) and Cloud Storage through the real client against the GCS stand-in (Cloud Functions).
Then what only one of them promises."""

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from google.api_core.retry import Retry
from google.auth.credentials import AnonymousCredentials
from google.cloud import storage

from mailroom.adapters.google.gcs_state import GcsStateStore
from mailroom.adapters.local.state import SqliteStateStore
from mailroom.domain.models import (
    AuditEvent, DocumentRecord, ExtractedField, Extraction, Provenance,
)
from mailroom.domain.status import Status
from mailroom.ports import StateStore
from mailroom.standins.gcs import GcsStandIn
from mailroom.standins.server import serving


def record(document_id: str, *, message_id: str = "m1", sha256: str = "aa" * 32,
           seller: str = "ACME GmbH", number: str = "F-1") -> DocumentRecord:
    provenance = Provenance(method="text-layer", page=1)
    fields = {name: ExtractedField(value=value, confidence=0.99, provenance=provenance)
              for name, value in (("seller_name", seller), ("invoice_number", number))}
    return DocumentRecord(
        id=document_id, mailbox="ap@example.com", message_id=message_id, thread_id=message_id,
        part_id="1", filename="invoice.pdf", content_type="application/pdf", size=10, sha256=sha256,
        archive_key=f"ap@example.com/{message_id}/1/invoice.pdf",
        extraction=Extraction(document_type="invoice", method="text-layer", fields=fields),
    )


@pytest.fixture
def sqlite_state(tmp_path: Path) -> SqliteStateStore:
    return SqliteStateStore(tmp_path / "state.sqlite")


@pytest.fixture
def gcs():
    stand_in = GcsStandIn(("state",))
    with serving(stand_in) as url:
        client = storage.Client(project="test", credentials=AnonymousCredentials(),
                                client_options={"api_endpoint": url})
        yield stand_in, client.bucket("state")


@pytest.fixture(params=["sqlite", "gcs"])
def state(request, tmp_path):
    if request.param == "sqlite":
        return SqliteStateStore(tmp_path / "state.sqlite")
    _, bucket = request.getfixturevalue("gcs")
    return GcsStateStore(bucket, retry=Retry(initial=0.001, maximum=0.01, timeout=5))


def test_it_implements_the_state_port(state):
    assert isinstance(state, StateStore)


def test_cursors_are_kept_and_moved_forward(state):
    assert state.cursor("history:ap") is None
    state.set_cursor("history:ap", "41")
    state.set_cursor("history:ap", "57")
    assert state.cursor("history:ap") == "57"


def test_marking_work_done_twice_is_harmless(state):
    state.mark_done("ingest:ap:m1")
    state.mark_done("ingest:ap:m1")
    assert state.is_done("ingest:ap:m1") and not state.is_done("ingest:ap:m2")


def test_a_document_round_trips_exactly_and_saving_again_replaces_it(state):
    original = record("doc-1")
    state.save_document(original)
    changed = original.model_copy(update={"status": Status.NEEDS_REVIEW})

    state.save_document(changed)

    assert state.document("doc-1") == changed
    assert state.document("doc-2") is None


def test_documents_are_listed_and_filtered(state):
    for document_id, message_id in (("doc-b", "m1"), ("doc-a", "m2"), ("doc-c", "m1")):
        state.save_document(record(document_id, message_id=message_id))
    state.save_document(record("doc-b").model_copy(update={"status": Status.ERROR}))

    assert sorted(d.id for d in state.documents()) == ["doc-a", "doc-b", "doc-c"]
    assert sorted(d.id for d in state.documents(message_id="m1")) == ["doc-b", "doc-c"]
    assert [d.id for d in state.documents(statuses=[Status.ERROR])] == ["doc-b"]
    assert [d.id for d in state.documents(statuses=[Status.RECEIVED])] == ["doc-a", "doc-c"]
    assert [d.id for d in state.documents(statuses=[Status.RECEIVED], message_id="m1")] == ["doc-c"]
    assert state.documents(statuses=[]) == []


def test_sqlite_lists_documents_in_first_saved_order(sqlite_state):
    for document_id in ("doc-b", "doc-a", "doc-c"):
        sqlite_state.save_document(record(document_id))
    assert [d.id for d in sqlite_state.documents()] == ["doc-b", "doc-a", "doc-c"]


def test_documents_are_found_by_content_hash_and_by_business_reference(state):
    state.save_document(record("doc-1", sha256="11" * 32, seller="ACME GmbH", number="F-1"))
    state.save_document(record("doc-2", sha256="22" * 32, seller="Other AG", number="F-1"))

    assert [d.id for d in state.find_by_sha256("11" * 32)] == ["doc-1"]
    # The reference is compared normalised: case, spaces and punctuation do not matter.
    assert [d.id for d in state.find_by_reference("acme gmbh", "F 1")] == ["doc-1"]
    assert state.find_by_reference("acmegmbh", "F-2") == []


def test_the_outbox_keeps_keys_once_oldest_first_until_cleared(state):
    for key in ("doc-b", "doc-a", "doc-b", "doc/with odd:chars"):
        state.add_pending("sheet", key)
    assert state.pending("sheet") == ["doc-b", "doc-a", "doc/with odd:chars"]
    assert state.pending("sheet", limit=1) == ["doc-b"]
    assert state.pending("other") == []
    state.clear_pending("sheet", ["doc-b", "doc/with odd:chars", "never-there"])
    assert state.pending("sheet") == ["doc-a"]


def test_the_latest_outcome_per_message_is_counted(state):
    state.record_message("ap@example.com", "m1", "error", "unreadable")
    state.record_message("ap@example.com", "m1", "ingested", "1 documents")
    state.record_message("ap@example.com", "m2", "ignored", "bulk")

    assert state.message_outcomes() == {"ignored": 1, "ingested": 1}


def test_the_audit_log_keeps_events_in_order_per_subject(state):
    at = datetime(2026, 1, 31, 9, 30, tzinfo=UTC)
    events = [AuditEvent(at=at, subject=s, action=a, detail={"by": "test"})
              for s, a in (("doc-1", "received"), ("doc-2", "received"), ("doc-1", "approved"))]
    for event in events:
        state.audit(event)

    assert state.audit_log() == events
    assert [e.action for e in state.audit_log("doc-1")] == ["received", "approved"]


def test_the_audit_log_cannot_be_changed_or_deleted_even_with_plain_sql(sqlite_state, tmp_path):
    state = sqlite_state
    state.audit(AuditEvent(at=datetime.now(UTC), subject="doc-1", action="approved"))

    with closing(sqlite3.connect(tmp_path / "state.sqlite")) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_log SET subject = 'doc-2'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_log")

    assert [e.subject for e in state.audit_log()] == ["doc-1"]


def test_a_second_store_on_the_same_file_shares_the_state(sqlite_state, tmp_path):
    state = sqlite_state
    state.save_document(record("doc-1"))
    other_process = SqliteStateStore(tmp_path / "state.sqlite")

    assert other_process.document("doc-1") == record("doc-1")


# -- Cloud Storage only: what concurrent Cloud Function instances rely on ---------------------


def test_a_late_instance_never_moves_a_cursor_back(gcs):
    _, bucket = gcs
    first, late = GcsStateStore(bucket), GcsStateStore(bucket)
    first.set_cursor("history:ap", "900")
    late.set_cursor("history:ap", "850")
    assert first.cursor("history:ap") == "900"


def test_a_changed_status_leaves_no_stale_pointer_behind(gcs):
    stand_in, bucket = gcs
    state = GcsStateStore(bucket)
    state.save_document(record("doc-1"))
    state.save_document(record("doc-1").model_copy(update={"status": Status.POSTED}))
    pointers = [n for n in stand_in.objects("state") if n.startswith("state/index/status/")]
    assert pointers == ["state/index/status/POSTED/doc-1"]


def test_a_crash_before_the_stale_pointer_is_cleaned_hides_nothing_and_shows_nothing_false(gcs):
    stand_in, bucket = gcs
    state = GcsStateStore(bucket)
    state.save_document(record("doc-1"))
    posted = record("doc-1").model_copy(update={"status": Status.POSTED})
    state.save_document(posted)
    stand_in.objects("state")["state/index/status/RECEIVED/doc-1"] = \
        stand_in.objects("state")["state/index/status/POSTED/doc-1"]  # the clean-up never ran
    assert state.documents(statuses=[Status.RECEIVED]) == []
    assert state.documents(statuses=[Status.POSTED]) == [posted]


def test_work_marked_done_by_two_instances_at_once_is_done_once(gcs):
    stand_in, bucket = gcs
    a, b = GcsStateStore(bucket), GcsStateStore(bucket)
    a.mark_done("ingest:ap:m1")
    b.mark_done("ingest:ap:m1")
    assert a.is_done("ingest:ap:m1")
    assert len([n for n in stand_in.objects("state") if n.startswith("state/done/")]) == 1
