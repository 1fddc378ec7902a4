"""`mailroom run` on the Google backend: the same stages and the same CLI runner, with Gmail,
Cloud Storage, Vision and the Sheet reached through their real client libraries at the local
stand-ins. One configuration value (MAILROOM_BACKEND) switches it."""

from pathlib import Path

import pytest

from mailroom.bootstrap import LocalStack, Stack, bootstrap
from mailroom.devstack.google_standins import MAILBOX, google_stand_ins
from mailroom.domain.commands import MailboxChanged
from mailroom.domain.status import Status
from mailroom.entrypoints.local_runner import run_until_idle

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def text_mails(tmp_path_factory) -> list[Path]:
    """Text-layer documents and the troublesome cases; no scans (they would go to Vision)."""
    from mailroom.samples import generate_mailbox

    sample = generate_mailbox(tmp_path_factory.mktemp("samples"), huge_attachment_bytes=200_000)
    return [sample.inbox / Path(m.file).name for m in sample.mails
            if m.case not in ("scan-jpeg", "image-only-pdf", "huge-attachment")]


def run(stack: Stack) -> None:
    for mailbox in stack.services.mailboxes.values():
        stack.queue.publish(MailboxChanged(mailbox=mailbox.name))
    run_until_idle(stack.services, stack.queue, idle_wait_s=0.01)


def test_the_google_backend_stages_every_document_once_and_labels_its_mail(text_mails, tmp_path):
    with google_stand_ins() as google:
        google.deliver(text_mails)
        stack = bootstrap(google.settings(tmp_path))
        assert not isinstance(stack, LocalStack)
        run(stack)
        rows = stack.services.sheet.rows()
        run(stack)  # again: nothing new, nothing twice
        assert stack.services.sheet.rows() == rows

        documents = stack.services.state.documents()
        assert sorted(r.key for r in rows) == sorted(d.id for d in documents)
        assert {Status.DUPLICATE, Status.ERROR} <= {r.status for r in rows}
        archived = google.gcs.objects("archive")
        assert {d.archive_key for d in documents} <= set(archived)
        labelled = {m for m in google.gmail.mailbox.messages
                    if any(n.startswith("ERP/") for n in google.gmail.mailbox.label_names(m))}
        assert labelled == {d.message_id for d in documents}
        assert google.vision.total_requests == 0  # text layers are read, never OCR'd


def test_the_cli_switches_backend_with_one_setting(text_mails, tmp_path, monkeypatch):
    from mailroom.entrypoints.cli.context import CliContext

    with google_stand_ins() as google:
        for key, value in google.settings(tmp_path).google.endpoints.model_dump().items():
            monkeypatch.setenv(f"MAILROOM_GOOGLE__ENDPOINTS__{key.upper()}", value)
        monkeypatch.setenv("MAILROOM_GOOGLE__SPREADSHEET_ID", google.spreadsheet_id)
        monkeypatch.setenv("MAILROOM_GOOGLE__MAILBOXES", f'["{MAILBOX}"]')
        monkeypatch.setenv("MAILROOM_GOOGLE__BUCKET", "archive")
        monkeypatch.setenv("MAILROOM_BACKEND", "google")
        google.deliver(text_mails[:3])
        stack = CliContext(home=tmp_path).stack
        run(stack)
        rows = stack.services.sheet.rows()
        assert rows and {r.mailbox for r in rows} == {MAILBOX}
        assert google.gcs.objects("archive")
