"""The Gmail mailbox, on google-api-python-client (a `gmail` v1 Resource built in bootstrap).

New mail is found through history.list from the stored cursor, falling back to a bounded full
sync when there is no cursor yet or Gmail has forgotten it (404). The new cursor is returned,
never stored here: the fetch stage stores it once the ids are handed on.

One instance per thread: the Resource's httplib2 connection is not thread-safe, and neither is
the label cache."""

import base64
import binascii
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from googleapiclient.discovery import Resource

from mailroom.adapters.google.gmail_labels import GmailLabels
from mailroom.adapters.google.gmail_requests import (
    BATCH_SIZE,
    GMAIL_BATCH_URI,
    Backoff,
    execute,
    execute_batched,
)
from mailroom.domain.errors import BadInputError, NotFoundError
from mailroom.ports import Mailbox, NewMessages, RawMessage

log = logging.getLogger(__name__)

# Gmail reports our own outgoing mail and drafts as messageAdded too; they are never work.
NOT_RECEIVED = frozenset({"DRAFT", "SENT", "SPAM", "TRASH"})
PAGE_SIZE = 500  # the most history.list and messages.list return per page (the default)


@dataclass(frozen=True)
class GmailRules:
    """Which mail is new work. `label_ids` must all be on a message (Gmail ids: INBOX, or a
    user label's Label_…); watch() also restricts notifications to them. A full sync lists
    `full_sync_query` plus the rules' `query` (Gmail search syntax, e.g. `from:(@acme.com)`),
    newest first, at most `full_sync_max_messages`. history.list has no search: there the
    labels filter, and ingest's rules decide the rest."""

    label_ids: tuple[str, ...] = ("INBOX",)
    query: str = ""
    full_sync_query: str = "newer_than:7d"
    full_sync_max_messages: int = 2000

    @property
    def search(self) -> str:
        return " ".join(part for part in (self.full_sync_query, self.query) if part)


@dataclass(frozen=True)
class WatchResponse:
    history_id: int  # changes after this one are notified
    expiration_ms: int  # epoch ms; call watch again well before (Google advises daily)


@dataclass(frozen=True)
class FetchedMessages:
    messages: list[RawMessage]  # in the order asked
    vanished: list[str]  # ids Gmail no longer has


class GmailMailbox(Mailbox):
    def __init__(self, service: Resource, *, name: str, user_id: str = "me",
                 rules: GmailRules = GmailRules(), batch_uri: str = GMAIL_BATCH_URI,
                 num_retries: int = 5, batch_size: int = BATCH_SIZE, page_size: int = PAGE_SIZE,
                 backoff: Backoff | None = None) -> None:
        self.name = name
        self._users = service.users()
        self._user_id = user_id
        self._rules = rules
        self._batch_uri = batch_uri
        self._num_retries = num_retries
        self._batch_size = batch_size
        self._page_size = page_size
        self._backoff = backoff or Backoff()
        self._labels = GmailLabels(self._users, user_id, num_retries)

    # ---- push --------------------------------------------------------------------------

    def watch(self, topic: str, label_ids: Iterable[str] | None = None) -> WatchResponse:
        """Start or renew push notifications to the Pub/Sub `topic` (projects/P/topics/T)."""
        body = {"topicName": topic, "labelIds": list(label_ids or self._rules.label_ids),
                "labelFilterBehavior": "include"}
        answer = self._call(self._users.watch(userId=self._user_id, body=body), "watch")
        return WatchResponse(int(answer["historyId"]), int(answer["expiration"]))

    def stop(self) -> None:
        self._call(self._users.stop(userId=self._user_id), "stop")

    # ---- Mailbox -----------------------------------------------------------------------

    def list_new(self, cursor: str | None) -> NewMessages:
        if cursor is None:
            return self._full_sync()
        try:
            return self._history_since(cursor)
        except NotFoundError:
            log.warning("gmail forgot the history cursor, listing again",
                        extra={"mailbox": self.name, "cursor": cursor})
            return self._full_sync()  # ingest is idempotent: re-listed mail is not duplicated

    def fetch(self, message_id: str) -> RawMessage:
        request = self._users.messages().get(userId=self._user_id, id=message_id, format="raw")
        return self._raw_message(self._call(request, f"messages.get {message_id}"))

    def fetch_many(self, message_ids: Iterable[str]) -> FetchedMessages:
        """Like fetch() for many ids, in batches; ids that vanished are listed, not raised."""
        ids = list(dict.fromkeys(message_ids))
        outcome = execute_batched(
            ids, lambda i: self._users.messages().get(userId=self._user_id, id=i, format="raw"),
            batch_uri=self._batch_uri, what="messages.get", backoff=self._backoff,
            batch_size=self._batch_size)
        found = [self._raw_message(outcome.found[i]) for i in ids if i in outcome.found]
        return FetchedMessages(messages=found, vanished=outcome.missing)

    def labels(self, message_id: str) -> frozenset[str]:
        request = self._users.messages().get(userId=self._user_id, id=message_id, format="minimal")
        answer = self._call(request, f"messages.get {message_id}")
        return self._labels.names(answer.get("labelIds", []))

    def change_labels(self, message_id: str, add: Iterable[str], remove: Iterable[str]) -> None:
        adding, removing = list(add), list(remove)
        both = {n.casefold() for n in adding} & {n.casefold() for n in removing}
        if both:
            raise BadInputError(f"labels both added and removed: {sorted(both)}")
        add_ids = sorted({self._labels.ensure(name) for name in adding})
        # A label the mailbox does not have cannot be on the message: nothing to remove.
        remove_ids = sorted({i for name in removing if (i := self._labels.find(name))})
        if not add_ids and not remove_ids:
            return
        body = {"addLabelIds": add_ids, "removeLabelIds": remove_ids}
        request = self._users.messages().modify(userId=self._user_id, id=message_id, body=body)
        self._call(request, f"messages.modify {message_id}")  # Gmail's modify has set semantics

    # ---- listing -----------------------------------------------------------------------

    def _full_sync(self) -> NewMessages:
        # The cursor comes first: mail that arrives while we list is then listed again next
        # time (ingest dedupes), where a cursor taken afterwards would skip it for good.
        profile = self._call(self._users.getProfile(userId=self._user_id), "getProfile")
        limit = self._rules.full_sync_max_messages
        ids: dict[str, None] = {}  # ordered set: pages can overlap when mail arrives meanwhile
        token = None
        while len(ids) < limit:
            request = self._users.messages().list(
                userId=self._user_id, q=self._rules.search, labelIds=list(self._rules.label_ids),
                maxResults=min(self._page_size, limit - len(ids)), pageToken=token)
            page = self._call(request, "messages.list")
            ids.update((m["id"], None) for m in page.get("messages", []))
            token = page.get("nextPageToken")
            if not token:
                break
        if token:
            log.warning("full sync stopped at its limit",
                        extra={"mailbox": self.name, "limit": limit})
        newest_first = list(ids)[:limit]
        return NewMessages(message_ids=newest_first[::-1], cursor=str(profile["historyId"]))

    def _history_since(self, cursor: str) -> NewMessages:
        ids: dict[str, None] = {}
        new_cursor = token = None
        while True:
            # Only messageAdded: our own label writes add labelAdded/labelRemoved records and
            # so push notifications of their own; asking for those would turn every label we
            # set into more work and more label writes, a loop. They come back as empty pages.
            page = self._call(self._users.history().list(
                userId=self._user_id, startHistoryId=cursor, historyTypes="messageAdded",
                maxResults=self._page_size, pageToken=token), "history.list")
            # The first page's historyId: records added while we page come again next time
            # instead of being skipped.
            new_cursor = new_cursor or str(page["historyId"])
            for record in page.get("history", []):
                for added in record.get("messagesAdded", []):
                    if self._is_new_work(added["message"]):
                        ids[added["message"]["id"]] = None
            token = page.get("nextPageToken")
            if not token:
                return NewMessages(message_ids=list(ids), cursor=new_cursor)

    def _is_new_work(self, message: dict[str, Any]) -> bool:
        """Filter again by labels: watch's label filter is known to let other changes through."""
        if "labelIds" not in message:
            return True  # history did not say; ingest's rules decide after fetching
        labels = set(message["labelIds"])
        return not labels & NOT_RECEIVED and set(self._rules.label_ids) <= labels

    # ---- helpers -----------------------------------------------------------------------

    def _call(self, request: Any, what: str) -> Any:
        return execute(request, what, self._num_retries)

    def _raw_message(self, answer: dict[str, Any]) -> RawMessage:
        return RawMessage(message_id=answer["id"], thread_id=answer["threadId"],
                          raw=_b64url_decode(answer["raw"], answer["id"]),
                          label_names=self._labels.names(answer.get("labelIds", [])))


def _b64url_decode(data: str, message_id: str) -> bytes:
    """Gmail's base64url, with or without padding."""
    try:
        return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError) as exc:
        raise BadInputError(f"message {message_id}: raw is not base64url: {exc}") from exc


def search_query(sender_domains: Iterable[str] = (), subject_keywords: Iterable[str] = (),
                 blocked_senders: Iterable[str] = ()) -> str:
    """The mail rules as Gmail search, so a full sync lists only mail that can be work
    (ingest applies the same rules again to everything, history.list included)."""
    def quoted(term: str) -> str:
        return f'"{term}"' if any(c in term for c in ' ()"') else term

    parts = []
    if domains := [f"@{d.lstrip('@')}" for d in sender_domains]:
        parts.append(f"from:({' OR '.join(domains)})")
    if keywords := [quoted(k.replace('"', "")) for k in subject_keywords]:
        parts.append(f"subject:({' OR '.join(keywords)})")
    parts += [f"-from:{quoted(s)}" for s in blocked_senders]
    return " ".join(parts)
