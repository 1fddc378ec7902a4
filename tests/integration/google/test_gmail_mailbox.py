"""GmailMailbox on the real google-api-python-client against the Gmail v1 stand-in."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

import googleapiclient.http
import pytest
from mailroom.adapters.google.gmail import GmailMailbox, GmailRules
from mailroom.adapters.google.gmail_requests import Backoff
from mailroom.domain.errors import NotFoundError, PermanentError, TransientError
from mailroom.standins.gmail import GmailStandIn
from mailroom.standins.server import Faults, serving

from tests.integration.google.gmail_client import gmail_client


@dataclass
class Sleeps:
    seconds: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture(autouse=True)
def library_sleeps(monkeypatch: pytest.MonkeyPatch) -> Sleeps:
    """execute(num_retries=) sleeps random()*2**n s between retries: record instead of waiting.
    HttpRequest takes `time.sleep` from googleapiclient.http when it is built."""
    sleeps = Sleeps()
    monkeypatch.setattr(googleapiclient.http, "time", SimpleNamespace(sleep=sleeps))
    return sleeps


@dataclass
class Gmail:
    stand_in: GmailStandIn
    url: str
    backoff_sleeps: Sleeps

    def mailbox(self, **kwargs: object) -> GmailMailbox:
        service = gmail_client(self.url)
        kwargs.setdefault("backoff", Backoff(sleep=self.backoff_sleeps))
        return GmailMailbox(service, name="ap@example.com", batch_uri=self.url + "/batch/gmail/v1",
                            **kwargs)  # type: ignore[arg-type]


@contextmanager
def serve(stand_in: GmailStandIn) -> Iterator[Gmail]:
    with serving(stand_in) as url:
        yield Gmail(stand_in, url, Sleeps())


@pytest.fixture
def stand_in() -> GmailStandIn:
    return GmailStandIn(email="ap@example.com")


@pytest.fixture
def gmail(stand_in: GmailStandIn) -> Iterator[Gmail]:
    with serve(stand_in) as served:
        yield served


def mail(n: int) -> bytes:
    return (f"From: supplier{n}@example.com\r\nTo: ap@example.com\r\nSubject: Invoice {n}\r\n"
            f"Message-ID: <{n}@example.com>\r\n\r\nPlease find invoice {n}.\r\n").encode()


def deliver(stand_in: GmailStandIn, count: int, start: int = 0) -> list[str]:
    return [stand_in.mailbox.deliver(mail(n)) for n in range(start, start + count)]


def test_full_sync_then_incremental_pages_through_both(gmail: Gmail) -> None:
    old = deliver(gmail.stand_in, 12)
    mailbox = gmail.mailbox(page_size=5)
    first = mailbox.list_new(None)
    assert first.message_ids == old  # oldest first, each once
    assert gmail.stand_in.requests["gmail.users.messages.list"] == 3

    new = deliver(gmail.stand_in, 7, start=100)
    gmail.stand_in.mailbox.deliver(mail(200), label_ids=["SENT"])  # our own reply
    gmail.stand_in.mailbox.deliver(mail(201), label_ids=["DRAFT"])
    gmail.stand_in.mailbox.deliver(mail(202), label_ids=["INBOX", "SPAM"])
    mailbox.change_labels(old[0], add=["ERP/Staged"], remove=[])
    second = mailbox.list_new(first.cursor)
    assert second.message_ids == new
    assert int(second.cursor) == gmail.stand_in.mailbox.history_id > int(first.cursor)
    assert gmail.stand_in.requests["gmail.users.history.list"] == 2  # 7 records, pages of 5
    assert mailbox.list_new(second.cursor).message_ids == []


def test_full_sync_is_bounded_and_keeps_the_newest(gmail: Gmail) -> None:
    ids = deliver(gmail.stand_in, 9)
    listed = gmail.mailbox(page_size=4, rules=GmailRules(full_sync_max_messages=6)).list_new(None)
    assert listed.message_ids == ids[3:]


def test_full_sync_honours_the_window_and_the_query(gmail: Gmail) -> None:
    wanted = gmail.stand_in.mailbox.deliver(mail(1))
    gmail.stand_in.mailbox.deliver(mail(2).replace(b"supplier2", b"newsletter"))
    eight_days_ago = int((time.time() - 8 * 86_400) * 1000)
    gmail.stand_in.mailbox.deliver(mail(3), internal_date=eight_days_ago)
    listed = gmail.mailbox(rules=GmailRules(query="from:supplier")).list_new(None)
    assert listed.message_ids == [wanted]


def test_mail_arriving_during_a_full_sync_is_listed_next_time(stand_in: GmailStandIn) -> None:
    arrived: list[str] = []

    @stand_in.app.after_request
    def deliver_once_after_profile(response):
        if stand_in.requests["gmail.users.getProfile"] == 1 and not arrived:
            arrived.append(stand_in.mailbox.deliver(mail(99)))
        return response

    with serve(stand_in) as gmail:
        mailbox = gmail.mailbox()
        first = mailbox.list_new(None)
        assert first.message_ids == arrived  # listed, though after the cursor was taken
        assert mailbox.list_new(first.cursor).message_ids == arrived  # again: never lost


def test_forgotten_cursor_falls_back_to_a_full_sync_losing_and_duplicating_nothing(
    gmail: Gmail,
) -> None:
    mailbox = gmail.mailbox(page_size=3)
    before = deliver(gmail.stand_in, 5)
    cursor = mailbox.list_new(None).cursor
    after = deliver(gmail.stand_in, 4, start=10)
    gmail.stand_in.mailbox.expire_history()

    listed = mailbox.list_new(cursor)
    assert listed.message_ids == before + after
    assert len(set(listed.message_ids)) == len(listed.message_ids)
    later = deliver(gmail.stand_in, 1, start=20)
    assert mailbox.list_new(listed.cursor).message_ids == later


def test_fetch_round_trips_the_raw_bytes_exactly(gmail: Gmail) -> None:
    raw = (b"From: x@example.com\r\nSubject: =?utf-8?q?F=C3=A4ktura?=\r\n"
           b"Content-Transfer-Encoding: 8bit\r\n\r\n" + bytes(range(256)) + b"\n\r\n?>~\xff\xfe")
    for extra in range(3):  # every base64 padding length
        message_id = gmail.stand_in.mailbox.deliver(raw + b"x" * extra, thread_id="t-1")
        fetched = gmail.mailbox().fetch(message_id)
        assert fetched.raw == raw + b"x" * extra
        assert fetched.thread_id == "t-1"
        assert fetched.label_names == {"INBOX", "UNREAD"}


def test_a_vanished_message_is_not_found(gmail: Gmail) -> None:
    kept, gone = deliver(gmail.stand_in, 2)
    gmail.stand_in.mailbox.delete(gone)
    mailbox = gmail.mailbox()
    with pytest.raises(NotFoundError):
        mailbox.fetch(gone)
    with pytest.raises(NotFoundError):
        mailbox.change_labels(gone, add=["INBOX"], remove=[])
    fetched = mailbox.fetch_many([kept, gone])
    assert [m.message_id for m in fetched.messages] == [kept]
    assert fetched.vanished == [gone]


def test_nested_labels_are_created_parent_first_by_name_case_insensitively(gmail: Gmail) -> None:
    (message,) = deliver(gmail.stand_in, 1)
    mailbox = gmail.mailbox()
    mailbox.change_labels(message, add=["ERP/Posted"], remove=["UNREAD"])
    user_labels = [(label_id, label["name"]) for label_id, label
                   in gmail.stand_in.mailbox.labels.items() if label["type"] == "user"]
    assert user_labels == [("Label_1", "ERP"), ("Label_2", "ERP/Posted")]
    assert mailbox.labels(message) == {"INBOX", "ERP/Posted"}

    mailbox.change_labels(message, add=["erp/posted"], remove=["ERP/Never made"])  # again
    assert gmail.stand_in.requests["gmail.users.labels.create"] == 2
    mailbox.change_labels(message, add=["Erp/Paid"], remove=["erp/POSTED"])
    assert gmail.stand_in.mailbox.label_names(message) == {"INBOX", "Erp/Paid"}
    assert gmail.stand_in.requests["gmail.users.labels.create"] == 3  # the parent was there


def test_a_label_created_by_another_worker_meanwhile_is_used(gmail: Gmail) -> None:
    (message,) = deliver(gmail.stand_in, 1)
    mailbox = gmail.mailbox()
    mailbox.labels(message)  # our label cache is now loaded
    theirs = gmail.stand_in.mailbox.create_label("ERP")
    gmail.stand_in.mailbox.create_label("ERP/Staged")

    mailbox.change_labels(message, add=["erp/staged"], remove=[])
    assert gmail.stand_in.requests["gmail.users.labels.create"] == 1  # the 409
    assert gmail.stand_in.mailbox.label_names(message) == {"INBOX", "UNREAD", "ERP/Staged"}
    labels = gmail.stand_in.mailbox.labels.values()
    assert sum(1 for label in labels if label["type"] == "user") == 2
    assert mailbox.labels(message) == {"INBOX", "UNREAD", "ERP/Staged"}
    assert theirs == "Label_1"


def test_many_messages_go_in_batches_of_50_retrying_only_the_failed_parts() -> None:
    part_faults = Faults(script=[429, 503, 0, 429] + [0] * 60 + [429])
    with serve(GmailStandIn(part_faults=part_faults)) as gmail:
        ids = deliver(gmail.stand_in, 120)
        fetched = gmail.mailbox().fetch_many(ids)
        assert [m.message_id for m in fetched.messages] == ids
        assert [m.raw for m in fetched.messages] == [mail(n) for n in range(120)]
        assert gmail.stand_in.batch_sizes == [50, 50, 20, 4]
        assert len(gmail.backoff_sleeps.seconds) == 1


def test_parts_that_keep_failing_give_up_as_transient() -> None:
    with serve(GmailStandIn(part_faults=Faults(rate=1.0))) as gmail:
        ids = deliver(gmail.stand_in, 3)
        with pytest.raises(TransientError):
            gmail.mailbox(backoff=Backoff(rounds=3, sleep=gmail.backoff_sleeps)).fetch_many(ids)
        assert gmail.stand_in.batch_sizes == [3, 3, 3]
        assert len(gmail.backoff_sleeps.seconds) == 2


def test_insufficient_permissions_is_permanent_and_not_retried(library_sleeps: Sleeps) -> None:
    with serve(GmailStandIn(scopes=["gmail.readonly"])) as gmail:
        (message,) = deliver(gmail.stand_in, 1)
        gmail.stand_in.mailbox.create_label("ERP")
        gmail.stand_in.mailbox.create_label("ERP/Posted")
        mailbox = gmail.mailbox()
        assert mailbox.fetch(message).raw == mail(0)  # reading is allowed
        with pytest.raises(PermanentError, match="403 insufficientPermissions"):
            mailbox.change_labels(message, add=["ERP/Posted"], remove=[])
        assert gmail.stand_in.requests["gmail.users.messages.modify"] == 1
        assert library_sleeps.seconds == []


def test_single_calls_are_retried_by_the_library(library_sleeps: Sleeps) -> None:
    with serve(GmailStandIn(faults=Faults(script=[429, 503]))) as gmail:
        assert gmail.mailbox().list_new(None).message_ids == []
        assert gmail.stand_in.requests["gmail.users.getProfile"] == 3
        assert len(library_sleeps.seconds) == 2


def test_with_a_fifth_of_requests_failing_nothing_is_missed_or_duplicated() -> None:
    faults = Faults(rate=0.2, seed=7)
    with serve(GmailStandIn(faults=faults)) as gmail:
        ids = deliver(gmail.stand_in, 60)
        mailbox = gmail.mailbox(page_size=25, num_retries=8)
        listed = mailbox.list_new(None)
        fetched = mailbox.fetch_many(listed.message_ids)
        assert listed.message_ids == ids
        assert [m.message_id for m in fetched.messages] == ids and fetched.vanished == []
        assert faults.injected > 5


def test_own_label_writes_notify_but_bring_no_new_work(gmail: Gmail) -> None:
    mailbox = gmail.mailbox()
    watched = mailbox.watch("projects/p/topics/gmail")
    assert watched.history_id == gmail.stand_in.mailbox.history_id and watched.expiration_ms > 0
    watch = gmail.stand_in.mailbox.watch
    assert watch is not None and watch.label_ids == {"INBOX"} and watch.include
    (message,) = deliver(gmail.stand_in, 1)
    cursor = mailbox.list_new(str(watched.history_id))
    assert cursor.message_ids == [message]

    published = len(gmail.stand_in.mailbox.notifications)
    mailbox.change_labels(message, add=["ERP/Staged"], remove=[])
    assert len(gmail.stand_in.mailbox.notifications) == published + 1  # Gmail pushes our own change
    assert mailbox.list_new(cursor.cursor).message_ids == []  # and it is no work
    mailbox.stop()
    assert gmail.stand_in.mailbox.watch is None


def test_requests_and_quota_per_message(gmail: Gmail) -> None:
    """20 messages: full sync, fetch, one label change each. A budget, so a change that makes
    the adapter chattier fails here."""
    deliver(gmail.stand_in, 20)
    mailbox = gmail.mailbox()
    listed = mailbox.list_new(None)
    for message in mailbox.fetch_many(listed.message_ids).messages:
        mailbox.change_labels(message.message_id, add=["ERP/Staged"], remove=[])
    assert gmail.stand_in.quota_units / 20 <= 11
    assert gmail.stand_in.calls / 20 <= 2.3 and gmail.stand_in.round_trips / 20 <= 1.3


def test_the_mail_rules_become_a_gmail_search():
    from mailroom.adapters.google.gmail import search_query

    assert search_query() == ""
    assert search_query(["acme.com", "@supplier.de"], ["invoice", "Rechnung Nr"], ["spam@x.com"]) == (
        'from:(@acme.com OR @supplier.de) subject:(invoice OR "Rechnung Nr") -from:spam@x.com')
