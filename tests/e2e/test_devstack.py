"""The dev stack: every Cloud Function served by Functions Framework on its own port, the
Google stand-ins behind the real client libraries, Pub/Sub push as an HTTP dispatcher. The
generated mail must end as the embedded default ends it: the same rows, postings and labels."""

from collections import Counter
from pathlib import Path

import pytest

from mailroom.devstack.stack import devstack, run_mail_through
from mailroom.entrypoints.cli.devstack_cmds import sample_mails
from tests.e2e.conftest import end_state, mailroom

pytestmark = pytest.mark.slow


def test_mail_through_the_functions_ends_as_on_the_embedded_default(tmp_path):
    emls = sample_mails(tmp_path, scans=False)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for eml in emls:
        (inbox / eml.name).write_bytes(eml.read_bytes())
    local = tmp_path / "local"
    mailroom(local, "ingest", str(inbox))
    mailroom(local, "run")
    mailroom(local, "review", "approve", "--clean", "--reviewer", "test", check=False)
    mailroom(local, "sync")
    expected = end_state(local)

    from mailroom.entrypoints.cloud import wiring

    with devstack(tmp_path / "devstack") as stack:
        run_mail_through(stack, emls, concurrency=4, reviewer="test")
        services = wiring.services()
        rows = services.sheet.rows()
        labels = Counter(name for m in stack.google.gmail.mailbox.messages
                         for name in stack.google.gmail.mailbox.label_names(m) if name.startswith("ERP/"))
        ledger = sorted(e.number for e in services.erp.entries())  # type: ignore[attr-defined]
        assert stack.dispatcher.dead_letters == []

    by_content = sorted((r[1], r[2], r[3]) for r in expected["rows"])
    assert sorted((r.status.value, r.invoice_number or "", str(r.grand_total)) for r in rows) == by_content
    assert ledger == sorted(number for number, _, _ in expected["ledger"])
    assert labels == Counter(name for _, names in expected["labels"] for name in names if name.startswith("ERP/"))
    assert stack.google.pubsub.published  # the functions handed work on through Pub/Sub
