"""`mailroom demo` end to end, in real processes, on the generated multilingual mailbox."""

import hashlib
import json
from pathlib import Path

import pytest

from mailroom.domain.status import Status
from tests.e2e.conftest import end_state, mailroom, stack_at

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("demo")
    mailroom(home, "demo")
    return home


def _truth(home: Path) -> list[dict]:
    return [json.loads(line) for line in (home / "samples" / "truth.jsonl").read_text().splitlines()]


def test_running_the_demo_twice_leaves_the_same_state_as_once(demo_home):
    first = end_state(demo_home)
    mailroom(demo_home, "demo")
    assert end_state(demo_home) == first


def test_every_generated_attachment_ends_as_its_truth_expects(demo_home):
    rows_by_mail: dict[str, dict[str, str]] = {}
    for row in stack_at(demo_home).sheet.rows():
        rows_by_mail.setdefault(row.message_id, {})[row.filename] = row.status
    expected_status = {"staged": {Status.EXTRACTED, Status.NEEDS_REVIEW, Status.POSTED, Status.PAID},
                       "duplicate": {Status.DUPLICATE}, "error": {Status.ERROR}}
    for mail in _truth(demo_home):
        got = rows_by_mail.get(_local_message_id(demo_home, mail["mail"]), {})
        if mail["expect"] == "ignored":
            assert got == {}, mail["mail"]
            continue
        for filename, attachment in mail["attachments"].items():
            assert got.get(filename) in expected_status[attachment["expect"]], (mail["mail"], filename, got)


def test_bad_input_rows_carry_a_reason_and_keep_the_original(demo_home):
    stack = stack_at(demo_home)
    errors = stack.sheet.rows(statuses=[Status.ERROR])
    assert len(errors) >= 3  # corrupt, encrypted, huge
    for row in errors:
        assert row.error, row
        assert Path(row.archive_link.removeprefix("file://")).is_file()
        assert "ERP/Error" in stack.mailbox.labels(row.message_id)


def test_posted_rows_are_in_the_ledger_once_and_one_bill_was_paid(demo_home):
    stack = stack_at(demo_home)
    posted = stack.sheet.rows(statuses=[Status.POSTED, Status.PAID])
    entries = stack.ledger.entries()
    assert posted and len(entries) == len(posted)
    assert {e.idempotency_key for e in entries} == {r.key for r in posted}
    assert [r.status for r in posted].count(Status.PAID) == 1
    paid = next(r for r in posted if r.status == Status.PAID)
    assert "ERP/Paid" in stack.mailbox.labels(paid.message_id)


def test_exported_sheet_never_turns_mail_text_into_formulas(demo_home):
    from openpyxl import load_workbook

    sheet = load_workbook(demo_home / "exports" / "staging.xlsx").active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def _local_message_id(home: Path, eml_name: str) -> str:
    """The local mailbox names a message like Gmail does: 16 hex chars (of its sha256)."""
    return hashlib.sha256((home / "samples" / "inbox" / eml_name).read_bytes()).hexdigest()[:16]
