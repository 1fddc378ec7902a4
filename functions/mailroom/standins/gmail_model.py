"""The mailbox behind the Gmail stand-in: messages, labels, history records and the watch, as
Gmail keeps them. The HTTP side (`standins/gmail.py`) reads and changes it under `lock`.

History ids grow with gaps; every change that changed something (a message added or deleted,
labels added or removed) gets a record, our own label writes included, and a watch that the
change concerns records the notification Gmail would publish."""

import itertools
import random
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

SYSTEM_LABELS = ("INBOX", "SENT", "DRAFT", "SPAM", "TRASH", "UNREAD", "STARRED", "IMPORTANT")
WATCH_DAYS = 7


@dataclass
class StoredMessage:
    id: str
    thread_id: str
    raw: bytes
    label_ids: set[str]
    internal_date: int  # epoch ms
    history_id: int = 0

    def ref(self) -> dict:
        return {"id": self.id, "threadId": self.thread_id}

    def brief(self) -> dict:
        return {**self.ref(), "labelIds": sorted(self.label_ids)}


@dataclass
class HistoryRecord:
    id: int
    kind: str  # messageAdded, messageDeleted, labelAdded, labelRemoved
    body: dict  # the History resource
    label_ids: frozenset[str]  # the message's labels after the change, for `labelId`


@dataclass
class Watch:
    topic: str
    label_ids: frozenset[str]
    include: bool
    expiration: int = field(
        default_factory=lambda: int(time.time() * 1000) + WATCH_DAYS * 86_400_000)

    def concerns(self, label_ids: set[str]) -> bool:
        touches = not self.label_ids or bool(self.label_ids & label_ids)
        return touches == self.include


class GmailModel:
    def __init__(self, email: str, first_history_id: int = 10_000, seed: int = 0) -> None:
        self.email = email
        self.lock = threading.RLock()
        self.messages: dict[str, StoredMessage] = {}
        self.labels: dict[str, dict] = {n: _label(n, n, "system") for n in SYSTEM_LABELS}
        self.history: list[HistoryRecord] = []
        self.history_id = first_history_id
        self.horizon = first_history_id  # history.list with an older start id answers 404
        self.watch: Watch | None = None
        self.notifications: list[dict] = []  # what the watch would have published to Pub/Sub
        self._attachments: dict[str, tuple[str, str]] = {}  # attachmentId → (message, part)
        self._ids = itertools.count(0x18F0_0000_0000_0000 + seed * 0x1000)
        self._label_numbers = itertools.count(1)
        self._gaps = random.Random(seed)

    def deliver(self, raw: bytes, *, label_ids: Iterable[str] = ("INBOX", "UNREAD"),
                internal_date: int | None = None, thread_id: str | None = None) -> str:
        """Receive a message: a new id, a history id and a messageAdded record."""
        with self.lock:
            message_id = format(next(self._ids), "x")
            message = StoredMessage(
                id=message_id, thread_id=thread_id or message_id, raw=raw,
                label_ids=set(label_ids), internal_date=internal_date or int(time.time() * 1000))
            self.messages[message_id] = message
            added = {"messagesAdded": [{"message": message.brief()}]}
            self._record(message, "messageAdded", added)
            return message_id

    def delete(self, message_id: str) -> None:
        """The message vanishes (deleted for good), as mail can between listing and fetching."""
        with self.lock:
            message = self.messages.pop(message_id)
            deleted = {"messagesDeleted": [{"message": message.ref()}]}
            self._record(message, "messageDeleted", deleted)

    def expire_history(self) -> None:
        """Forget the history so far: every cursor stored until now gets a 404."""
        with self.lock:
            self.horizon = self.history_id

    def create_label(self, name: str) -> str:
        with self.lock:
            label_id = f"Label_{next(self._label_numbers)}"
            self.labels[label_id] = _label(label_id, name, "user")
            return label_id

    def find_label(self, name: str) -> str | None:
        """Gmail compares label names without regard to case."""
        with self.lock:
            folded = name.casefold()
            return next((i for i, label in self.labels.items()
                         if label["name"].casefold() == folded), None)

    def names(self, label_ids: Iterable[str]) -> set[str]:
        with self.lock:
            return {self.labels[i]["name"] for i in label_ids}

    def label_names(self, message_id: str) -> set[str]:
        with self.lock:
            return self.names(self.messages[message_id].label_ids)

    def modify(self, message: StoredMessage, add: set[str], remove: set[str]) -> None:
        """Add, then remove, label ids; a change that changes nothing leaves no history."""
        with self.lock:
            added, removed = add - message.label_ids, (remove - add) & message.label_ids
            message.label_ids = (message.label_ids | added) - removed
            for kind, changed, key in (("labelAdded", added, "labelsAdded"),
                                       ("labelRemoved", removed, "labelsRemoved")):
                if changed:
                    self._record(message, kind, {key: [
                        {"message": message.brief(), "labelIds": sorted(changed)}]})

    def start_watch(self, topic: str, label_ids: Iterable[str], include: bool) -> Watch:
        with self.lock:
            self.watch = Watch(topic, frozenset(label_ids), include)
            # A successful watch publishes one notification at once.
            self.notifications.append({"emailAddress": self.email, "historyId": self.history_id})
            return self.watch

    def new_attachment_id(self, message_id: str, part_id: str) -> str:
        # A fresh id on every get: clients that key attachments by attachmentId break here
        # as they do against Gmail.
        with self.lock:
            attachment_id = "ANGjdJ" + secrets.token_urlsafe(32)
            self._attachments[attachment_id] = (message_id, part_id)
            return attachment_id

    def attachment(self, attachment_id: str) -> tuple[str, str] | None:
        """(message id, part id) of an attachment id handed out by a messages.get."""
        with self.lock:
            return self._attachments.get(attachment_id)

    def _record(self, message: StoredMessage, kind: str, change: dict) -> None:
        self.history_id += self._gaps.randint(1, 3)  # ids grow, with gaps, as Gmail's do
        message.history_id = self.history_id
        body = {"id": str(self.history_id), "messages": [message.ref()], **change}
        labels = frozenset(message.label_ids)
        self.history.append(HistoryRecord(self.history_id, kind, body, labels))
        if self.watch is not None and self.watch.concerns(message.label_ids):
            self.notifications.append({"emailAddress": self.email, "historyId": self.history_id})


def _label(label_id: str, name: str, kind: str) -> dict:
    return {"id": label_id, "name": name, "type": kind,
            "messageListVisibility": "show", "labelListVisibility": "labelShow"}
