"""LocalMailbox on real SQLite, fed from real Maildir, mbox and .eml files built with the stdlib."""

import mailbox
import os
from email.message import EmailMessage
from pathlib import Path

import pytest

from mailroom.adapters.local.mailbox import INBOX, LocalMailbox
from mailroom.domain.errors import BadInputError, NotFoundError
from mailroom.domain.ids import sha256_hex
from mailroom.ports import Mailbox


def mail(subject: str, **headers: str) -> bytes:
    """A small mail; `headers` such as Message_ID="<a@b>" (underscores become dashes)."""
    message = EmailMessage()
    message["From"] = "Billing <billing@acme.example>"
    message["To"] = "ap@example.com"
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(f"{subject}\n")
    return bytes(message)


def maildir_with(path: Path, *messages: bytes) -> Path:
    box = mailbox.Maildir(path, create=True)
    for message in messages:
        box.add(message)
    return path


def eml_folder_with(path: Path, files: dict[str, bytes]) -> Path:
    for name, raw in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_bytes(raw)
    return path


def import_one(inbox: LocalMailbox, folder: Path, raw: bytes) -> str:
    [message_id] = inbox.import_path(eml_folder_with(folder, {"mail.eml": raw})).added
    return message_id


@pytest.fixture
def inbox(tmp_path: Path) -> LocalMailbox:
    return LocalMailbox(tmp_path / "mailbox", name="ap@example.com")


def test_the_local_mailbox_implements_the_mailbox_port(inbox):
    assert isinstance(inbox, Mailbox)


def test_a_maildir_is_imported_with_gmail_like_ids_and_the_inbox_label(inbox, tmp_path):
    report = inbox.import_path(maildir_with(tmp_path / "md", mail("Invoice 1"), mail("Invoice 2")))

    assert len(report.added) == 2 and report.already_present == [] and report.unreadable == {}
    listed = inbox.messages()
    assert sorted(m.subject for m in listed) == ["Invoice 1", "Invoice 2"]
    for message in listed:
        raw = inbox.fetch(message.message_id).raw
        assert message.message_id == sha256_hex(raw)[:16]
        assert message.labels == {INBOX}
        assert message.sender == "Billing <billing@acme.example>"


def test_importing_the_same_maildir_twice_adds_nothing(inbox, tmp_path):
    source = maildir_with(tmp_path / "md", mail("Invoice 1"), mail("Invoice 2"))
    first = inbox.import_path(source)

    second = inbox.import_path(source)

    assert second.added == [] and sorted(second.already_present) == sorted(first.added)
    assert len(inbox.messages()) == 2
    assert inbox.list_new(None).message_ids == first.added


def test_an_mbox_file_is_imported_in_file_order(inbox, tmp_path):
    box = mailbox.mbox(tmp_path / "archive.mbox")
    for subject in ("first", "second", "third"):
        box.add(mail(subject))
    box.close()

    report = inbox.import_path(tmp_path / "archive.mbox")

    assert [m.subject for m in inbox.messages()] == ["first", "second", "third"]
    assert inbox.list_new(None).message_ids == report.added


def test_a_folder_of_eml_files_is_read_recursively_in_name_order(inbox, tmp_path):
    folder = eml_folder_with(tmp_path / "emls", {
        "b.eml": mail("b"), "a.eml": mail("a"), "sub/c.EML": mail("c"),
        "notes.txt": b"not mail",
    })

    inbox.import_path(folder)

    assert [m.subject for m in inbox.messages()] == ["a", "b", "c"]


def test_a_broken_message_is_stored_byte_for_byte(inbox, tmp_path):
    garbage = b"\x00\xff not a mail \r\n\r\n--boundary without start\n" + bytes(range(256))
    report = inbox.import_path(eml_folder_with(tmp_path / "emls", {"broken.eml": garbage}))

    [message_id] = report.added
    assert inbox.fetch(message_id).raw == garbage


def test_a_message_that_cannot_be_read_is_reported_and_the_rest_imported(inbox, tmp_path):
    source = maildir_with(tmp_path / "md", mail("readable"))
    os.symlink(tmp_path / "deleted-meanwhile", source / "new" / "1700000000.M1P1.host")

    report = inbox.import_path(source)

    assert len(report.added) == 1
    assert list(report.unreadable) == ["1700000000.M1P1.host"]


@pytest.mark.parametrize("make", [
    lambda tmp: tmp / "missing",
    lambda tmp: tmp / "empty-folder",
    lambda tmp: tmp / "letter.txt",
], ids=["missing", "folder-without-eml", "plain-file"])
def test_a_path_that_is_no_mailbox_is_refused_with_a_clear_message(inbox, tmp_path, make):
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "letter.txt").write_text("Dear sir,\n")

    with pytest.raises(BadInputError, match=r"not a Maildir.*mbox.*\.eml"):
        inbox.import_path(make(tmp_path))


def test_list_new_returns_messages_added_strictly_after_the_cursor(inbox, tmp_path):
    first = import_one(inbox, tmp_path / "one", mail("one"))
    everything = inbox.list_new(None)
    second = import_one(inbox, tmp_path / "two", mail("two"))

    news = inbox.list_new(everything.cursor)

    assert everything.message_ids == [first]
    assert news.message_ids == [second]
    assert int(news.cursor) > int(everything.cursor)
    assert inbox.list_new(news.cursor) == type(news)(message_ids=[], cursor=news.cursor)


def test_a_label_change_moves_the_history_but_lists_no_new_message(inbox, tmp_path):
    message_id = import_one(inbox, tmp_path / "m", mail("x"))
    before = inbox.list_new(None).cursor

    inbox.change_labels(message_id, add=["ERP/Staged"], remove=[])

    after = inbox.list_new(before)
    assert after.message_ids == [] and int(after.cursor) > int(before)


def test_labels_are_matched_case_insensitively_with_set_semantics(inbox, tmp_path):
    message_id = import_one(inbox, tmp_path / "m", mail("x"))
    inbox.change_labels(message_id, add=["ERP/Needs review"], remove=[])
    cursor = inbox.list_new(None).cursor

    inbox.change_labels(message_id, add=["erp/needs REVIEW"], remove=["ERP/Never added"])

    assert inbox.labels(message_id) == {INBOX, "ERP/Needs review"}
    assert inbox.list_new(cursor).cursor == cursor  # nothing changed: no history
    inbox.change_labels(message_id, add=["ERP/Posted"], remove=["erp/needs review"])
    assert inbox.fetch(message_id).label_names == {INBOX, "ERP/Posted"}


def test_a_reply_joins_the_thread_of_the_message_it_answers(inbox, tmp_path):
    inbox.import_path(eml_folder_with(tmp_path / "m", {
        "1.eml": mail("Invoice", Message_ID="<root@acme>"),
        "2.eml": mail("Re: Invoice", Message_ID="<reply@us>", In_Reply_To="<root@acme>",
                      References="<root@acme>"),
        "3.eml": mail("Unrelated", Message_ID="<other@acme>"),
    }))

    root, reply, unrelated = inbox.messages()

    assert root.thread_id == root.message_id == reply.thread_id
    assert unrelated.thread_id == unrelated.message_id


def test_a_parent_that_arrives_after_its_reply_joins_the_replys_thread(inbox, tmp_path):
    reply = mail("Re: Invoice", Message_ID="<reply@us>", References="<root@acme>")
    import_one(inbox, tmp_path / "first", reply)
    import_one(inbox, tmp_path / "later", mail("Invoice", Message_ID="<root@acme>"))

    first, late_parent = inbox.messages()

    assert late_parent.thread_id == first.thread_id == first.message_id


def test_an_unknown_message_is_not_found(inbox):
    with pytest.raises(NotFoundError):
        inbox.fetch("0123456789abcdef")
    with pytest.raises(NotFoundError):
        inbox.change_labels("0123456789abcdef", add=["ERP/Posted"], remove=[])


def test_two_mailbox_objects_on_the_same_folder_see_each_others_changes(tmp_path):
    cli = LocalMailbox(tmp_path / "mailbox", name="ap@example.com")
    runner = LocalMailbox(tmp_path / "mailbox", name="ap@example.com")
    message_id = import_one(cli, tmp_path / "m", mail("x"))

    runner.change_labels(message_id, add=["ERP/Posted"], remove=[])

    assert runner.list_new(None).message_ids == [message_id]
    assert cli.labels(message_id) == {INBOX, "ERP/Posted"}
