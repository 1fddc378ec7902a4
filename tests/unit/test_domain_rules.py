"""Status life cycle, labels, ids and mail rules."""

import pytest

from mailroom.domain.errors import InvalidTransition
from mailroom.domain.ids import document_id
from mailroom.domain.labels import all_labels, wanted_labels
from mailroom.domain.models import Attachment
from mailroom.domain.rules import Rules
from mailroom.domain.status import ALLOWED, Status, ensure_transition


def test_every_status_has_a_rule_and_the_happy_path_is_allowed():
    assert set(ALLOWED) == set(Status)
    path = [Status.RECEIVED, Status.EXTRACTED, Status.NEEDS_REVIEW, Status.APPROVED, Status.POSTED, Status.PAID]
    for current, target in zip(path, path[1:], strict=False):
        ensure_transition(current, target)


@pytest.mark.parametrize("current, target", [
    (Status.POSTED, Status.APPROVED), (Status.PAID, Status.NEEDS_REVIEW), (Status.REJECTED, Status.POSTED),
    (Status.RECEIVED, Status.POSTED), (Status.CANCELLED, Status.PAID),
])
def test_forbidden_transitions_raise(current, target):
    with pytest.raises(InvalidTransition):
        ensure_transition(current, target)


def test_a_thread_with_two_statuses_carries_both_labels_under_the_parent():
    assert wanted_labels([Status.POSTED, Status.ERROR, Status.RECEIVED], "Finance") == {
        "Finance/Posted", "Finance/Error"}
    assert "ERP/Needs review" in all_labels("ERP")


def test_document_id_is_stable_and_depends_on_mailbox_message_and_part():
    first = document_id("AP@example.com", "18c2", "1")
    assert first == document_id("ap@example.com", "18c2", "1")
    assert first != document_id("ap@example.com", "18c2", "2")
    assert first.startswith("doc-") and len(first) == 28


def _rules(**overrides) -> Rules:
    values = dict(ignore_bulk=True, sender_domains=(), blocked_senders=(), subject_keywords=(),
                  document_types=("application/pdf", "image/*"), min_inline_image_bytes=40_000)
    return Rules(**{**values, **overrides})


def _attachment(content_type: str, *, size: int = 50_000, inline: bool = False, name: str = "a.pdf") -> Attachment:
    return Attachment(part_id="1", filename=name, content_type=content_type, size=size, sha256="x", inline=inline)


@pytest.mark.parametrize("attachment, is_document", [
    (_attachment("application/pdf"), True),
    (_attachment("application/octet-stream", name="Rechnung.PDF"), True),
    (_attachment("image/png", size=3_000, inline=True, name="logo.png"), False),
    (_attachment("image/jpeg", size=900_000, inline=True, name="scan.jpg"), True),
    (_attachment("application/vnd.openxmlformats-officedocument.wordprocessingml.document", name="t.docx"), False),
])
def test_which_attachments_are_documents(attachment, is_document):
    assert _rules().is_document(attachment) is is_document
