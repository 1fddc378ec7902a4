"""A Gmail v1 stand-in: the subset of the REST API mailroom calls, at the paths, with the
parameters, response shapes, paging, errors and quota costs of the bundled discovery document.

Modelled on purpose: history ids that grow with gaps and a horizon before which history.list
answers 404; messagesAdded/labelAdded/labelRemoved records (so our own label writes show up, as
they do in Gmail); case-insensitive label names with a 409 on duplicates; attachment ids that
change on every messages.get; per-method OAuth scopes (a missing one is a 403
insufficientPermissions); batches whose parts fail on their own inside a 200 envelope; and
watch notifications recorded in `notifications` instead of being published."""

import itertools
import json
import random
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import Response, jsonify, request
from googleapiclient.discovery_cache import get_static_doc

from mailroom.standins import gmail_payload as payload
from mailroom.standins.gmail_batch import BATCH_PART, batch_view
from mailroom.standins.server import Faults, StandIn, google_error

DISCOVERY = json.loads(get_static_doc("gmail", "v1"))
SCOPE_PREFIX = "https://www.googleapis.com/auth/"
FULL_ACCESS = "https://mail.google.com/"

# Quota units per call (Gmail's published table); a batch counts as the calls inside it.
QUOTA_UNITS = {
    "gmail.users.getProfile": 1, "gmail.users.labels.list": 1, "gmail.users.history.list": 2,
    "gmail.users.messages.get": 5, "gmail.users.messages.list": 5,
    "gmail.users.messages.modify": 5, "gmail.users.messages.attachments.get": 5,
    "gmail.users.labels.create": 5, "gmail.users.stop": 50, "gmail.users.watch": 100,
}
SYSTEM_LABELS = ("INBOX", "SENT", "DRAFT", "SPAM", "TRASH", "UNREAD", "STARRED", "IMPORTANT")
HIDDEN = frozenset({"SPAM", "TRASH"})  # left out of messages.list unless includeSpamTrash


def discovery_method(method_id: str) -> dict:
    """The discovery description of e.g. `gmail.users.messages.get`."""
    node = DISCOVERY
    *resources, method = method_id.split(".")[1:]
    for name in resources:
        node = node["resources"][name]
    return node["methods"][method]


@dataclass
class StoredMessage:
    id: str
    thread_id: str
    raw: bytes
    label_ids: set[str]
    internal_date: int  # epoch ms
    history_id: int = 0


@dataclass
class HistoryRecord:
    id: int
    kind: str  # messageAdded, messageDeleted, labelAdded, labelRemoved
    body: dict
    label_ids: frozenset[str]  # the message's labels after the change, for `labelId`


@dataclass
class Watch:
    topic: str
    label_ids: frozenset[str]
    include: bool
    expiration: int = field(default_factory=lambda: int(time.time() * 1000) + 7 * 86_400_000)


class GmailStandIn(StandIn):
    def __init__(self, *, email: str = "clerk@example.com", faults: Faults | None = None,
                 part_faults: Faults | None = None, scopes: Iterable[str] = (FULL_ACCESS,),
                 first_history_id: int = 10_000, seed: int = 0) -> None:
        """`part_faults` fail batch parts (default: the same `faults` as whole requests);
        `scopes` are the OAuth scopes the caller is taken to hold."""
        self.email = email
        self.scopes = {s if "://" in s else SCOPE_PREFIX + s for s in scopes}
        self.messages: dict[str, StoredMessage] = {}
        self.labels: dict[str, dict] = {n: _label(n, n, "system") for n in SYSTEM_LABELS}
        self.history: list[HistoryRecord] = []
        self.history_id = first_history_id
        self.horizon = first_history_id  # history.list with an older start id answers 404
        self.watch: Watch | None = None
        self.notifications: list[dict] = []  # what a watch would publish to Pub/Sub
        self.quota_units = 0
        self.batch_sizes: list[int] = []
        self._attachments: dict[str, tuple[str, str]] = {}  # attachmentId → (message, part)
        self._ids = itertools.count(0x18F0_0000_0000_0000 + seed * 0x1000)
        self._label_numbers = itertools.count(1)
        self._gaps = random.Random(seed)
        self._lock = threading.RLock()
        self.part_faults = part_faults
        super().__init__(faults=faults)

    # ---- what tests do to the mailbox -------------------------------------------------

    def deliver(self, raw: bytes, *, label_ids: Iterable[str] = ("INBOX", "UNREAD"),
                internal_date: int | None = None, thread_id: str | None = None) -> str:
        """Receive a message: a new id, a history id and a messageAdded record."""
        with self._lock:
            message_id = format(next(self._ids), "x")
            message = StoredMessage(
                id=message_id, thread_id=thread_id or message_id, raw=raw,
                label_ids=set(label_ids), internal_date=internal_date or int(time.time() * 1000))
            self.messages[message_id] = message
            self._record(message, "messageAdded", {"messagesAdded": [{"message": _brief(message)}]})
            return message_id

    def delete(self, message_id: str) -> None:
        """The message vanishes (deleted for good), as mail can between listing and fetching."""
        with self._lock:
            message = self.messages.pop(message_id)
            self._record(message, "messageDeleted", {"messagesDeleted": [{"message": _ref(message)}]})

    def expire_history(self) -> None:
        """Forget the history so far: every stored cursor now gets a 404."""
        with self._lock:
            self.horizon = self.history_id

    def create_label(self, name: str) -> str:
        with self._lock:
            label_id = f"Label_{next(self._label_numbers)}"
            self.labels[label_id] = _label(label_id, name, "user")
            return label_id

    def label_names(self, message_id: str) -> set[str]:
        with self._lock:
            return {self.labels[i]["name"] for i in self.messages[message_id].label_ids}

    # ---- plumbing ----------------------------------------------------------------------

    def routes(self) -> None:
        for method_id, view in (
            ("gmail.users.getProfile", self._profile),
            ("gmail.users.watch", self._watch),
            ("gmail.users.stop", self._stop),
            ("gmail.users.history.list", self._history_list),
            ("gmail.users.messages.list", self._messages_list),
            ("gmail.users.messages.get", self._messages_get),
            ("gmail.users.messages.modify", self._messages_modify),
            ("gmail.users.messages.attachments.get", self._attachment_get),
            ("gmail.users.labels.list", self._labels_list),
            ("gmail.users.labels.create", self._labels_create),
        ):
            described = discovery_method(method_id)
            rule = "/" + described["path"].replace("{", "<").replace("}", ">")
            self.app.add_url_rule(rule, endpoint=method_id, view_func=view,
                                  methods=[described["httpMethod"]])
        view = batch_view(self.app, self.batch_sizes.append)
        for rule in ("/batch", "/batch/gmail/v1"):
            self.app.add_url_rule(rule, endpoint="batch", view_func=view, methods=["POST"])

    def _before(self) -> Response | None:
        if request.environ.get(BATCH_PART) and self.part_faults is not None:
            self.requests[request.endpoint or request.path] += 1
            failure = self.part_faults.respond()
        else:
            failure = super()._before()
        if failure is None and request.endpoint in QUOTA_UNITS:
            failure = self._authorize(request.endpoint, request.view_args or {})
            if failure is None:
                with self._lock:
                    self.quota_units += QUOTA_UNITS[request.endpoint]
        return failure

    def _authorize(self, method_id: str, view_args: dict) -> Response | None:
        if view_args.get("userId") not in ("me", self.email):
            return google_error(403, f"Delegation denied for {self.email}", "forbidden")
        if not self.scopes & set(discovery_method(method_id)["scopes"]):
            return google_error(403, "Request had insufficient authentication scopes.",
                                "insufficientPermissions")
        return None

    def _record(self, message: StoredMessage, kind: str, change: dict) -> None:
        self.history_id += self._gaps.randint(1, 3)  # ids grow, with gaps, as Gmail's do
        message.history_id = self.history_id
        body = {"id": str(self.history_id), "messages": [_ref(message)], **change}
        self.history.append(HistoryRecord(self.history_id, kind, body, frozenset(message.label_ids)))
        self._notify(message.label_ids)

    def _notify(self, label_ids: set[str]) -> None:
        watch = self.watch
        if watch is None:
            return
        touches = not watch.label_ids or bool(watch.label_ids & label_ids)
        if touches == watch.include:
            self.notifications.append({"emailAddress": self.email, "historyId": self.history_id})

    # ---- users ---------------------------------------------------------------------------

    def _profile(self, userId: str) -> Response:  # noqa: N803 (the discovery doc's names)
        with self._lock:
            return jsonify(emailAddress=self.email, messagesTotal=len(self.messages),
                           threadsTotal=len({m.thread_id for m in self.messages.values()}),
                           historyId=str(self.history_id))

    def _watch(self, userId: str) -> Response:  # noqa: N803
        body = request.get_json(silent=True) or {}
        topic = body.get("topicName", "")
        if not topic.startswith("projects/") or "/topics/" not in topic:
            return google_error(400, "Invalid topicName does not match projects/*/topics/*")
        behaviour = (body.get("labelFilterBehavior") or body.get("labelFilterAction") or "include")
        with self._lock:
            self.watch = Watch(topic, frozenset(body.get("labelIds", [])),
                               behaviour.lower() == "include")
            # A successful watch publishes one notification at once.
            self.notifications.append({"emailAddress": self.email, "historyId": self.history_id})
            return jsonify(historyId=str(self.history_id), expiration=str(self.watch.expiration))

    def _stop(self, userId: str) -> Response:  # noqa: N803
        with self._lock:
            self.watch = None
        return Response(status=204)

    def _history_list(self, userId: str) -> Response:  # noqa: N803
        start = request.args.get("startHistoryId", type=int)
        if start is None:
            return google_error(400, "Missing required parameter startHistoryId", "required")
        kinds = set(request.args.getlist("historyTypes")) or None
        label_id = request.args.get("labelId")
        after = max(start, request.args.get("pageToken", default=0, type=int))
        with self._lock:
            if start < self.horizon:
                return google_error(404, "Requested entity was not found.")
            found = [r for r in self.history if r.id > after
                     and (kinds is None or r.kind in kinds)
                     and (label_id is None or label_id in r.label_ids)]
            page, more = _page(found, _max_results(100))
            answer = {"historyId": str(self.history_id)}
        if page:
            answer["history"] = [record.body for record in page]
        if more:
            answer["nextPageToken"] = str(page[-1].id)
        return jsonify(answer)

    # ---- messages ------------------------------------------------------------------------

    def _messages_list(self, userId: str) -> Response:  # noqa: N803
        wanted = set(request.args.getlist("labelIds"))
        query = request.args.get("q", "")
        hidden = set() if request.args.get("includeSpamTrash") == "true" else HIDDEN
        offset = request.args.get("pageToken", default=0, type=int)
        with self._lock:
            newest_first = sorted(self.messages.values(),
                                  key=lambda m: (m.internal_date, m.id), reverse=True)
            found = [m for m in newest_first if wanted <= m.label_ids and not hidden & m.label_ids
                     and (not query or payload.matches(query, payload.parse(m.raw),
                                                       self._names(m.label_ids), m.internal_date))]
        page, more = _page(found[offset:], _max_results(100))
        answer: dict = {"resultSizeEstimate": len(found)}
        if page:
            answer["messages"] = [_ref(m) for m in page]
        if more:
            answer["nextPageToken"] = str(offset + len(page))
        return jsonify(answer)

    def _messages_get(self, userId: str, id: str) -> Response:  # noqa: N803, A002
        fmt = request.args.get("format", "full")
        with self._lock:
            message = self.messages.get(id)
            if message is None:
                return google_error(404, "Requested entity was not found.")
            answer = {**_ref(message), "labelIds": sorted(message.label_ids),
                      "historyId": str(message.history_id),
                      "internalDate": str(message.internal_date), "sizeEstimate": len(message.raw)}
            parsed = payload.parse(message.raw)
            if fmt == "raw":
                answer["raw"] = payload.b64url(message.raw)
            elif fmt == "metadata":
                answer["payload"] = {"headers": payload.headers_of(
                    parsed, request.args.getlist("metadataHeaders") or None)}
            elif fmt == "full":
                answer["payload"] = payload.payload_of(
                    parsed, lambda part_id: self._new_attachment_id(id, part_id))
        return jsonify(answer)

    def _new_attachment_id(self, message_id: str, part_id: str) -> str:
        # A fresh id on every get: clients that key attachments by attachmentId break here
        # as they do against Gmail.
        attachment_id = "ANGjdJ" + secrets.token_urlsafe(32)
        self._attachments[attachment_id] = (message_id, part_id)
        return attachment_id

    def _attachment_get(self, userId: str, messageId: str, id: str) -> Response:  # noqa: N803, A002
        with self._lock:
            owner, part_id = self._attachments.get(id, ("", ""))
            message = self.messages.get(messageId)
            if message is None or owner != messageId:
                return google_error(404, "Requested entity was not found.")
            content = payload.part_content(payload.parse(message.raw), part_id)
        return jsonify(attachmentId=id, size=len(content), data=payload.b64url(content))

    def _messages_modify(self, userId: str, id: str) -> Response:  # noqa: N803, A002
        body = request.get_json(silent=True) or {}
        add, remove = set(body.get("addLabelIds", [])), set(body.get("removeLabelIds", []))
        if len(add) > 100 or len(remove) > 100:
            return google_error(400, "Too many label ids: at most 100 to add and 100 to remove")
        with self._lock:
            message = self.messages.get(id)
            if message is None:
                return google_error(404, "Requested entity was not found.")
            unknown = sorted((add | remove) - set(self.labels))
            if unknown:
                return google_error(400, f"Invalid label: {unknown[0]}")
            added, removed = add - message.label_ids, (remove - add) & message.label_ids
            message.label_ids = (message.label_ids | added) - removed
            for kind, changed, key in (("labelAdded", added, "labelsAdded"),
                                       ("labelRemoved", removed, "labelsRemoved")):
                if changed:  # a modify that changes nothing leaves no history
                    self._record(message, kind, {key: [
                        {"message": _brief(message), "labelIds": sorted(changed)}]})
            return jsonify({**_ref(message), "labelIds": sorted(message.label_ids)})

    # ---- labels --------------------------------------------------------------------------

    def _labels_list(self, userId: str) -> Response:  # noqa: N803
        with self._lock:
            return jsonify(labels=list(self.labels.values()))

    def _labels_create(self, userId: str) -> Response:  # noqa: N803
        name = ((request.get_json(silent=True) or {}).get("name") or "").strip()
        if not name:
            return google_error(400, "Invalid label name")
        with self._lock:
            if any(label["name"].casefold() == name.casefold() for label in self.labels.values()):
                return google_error(409, "Label name exists or conflicts")
            label_id = self.create_label(name)
            return jsonify(self.labels[label_id])

    def _names(self, label_ids: set[str]) -> set[str]:
        return {self.labels[i]["name"] for i in label_ids}


def _label(label_id: str, name: str, kind: str) -> dict:
    return {"id": label_id, "name": name, "type": kind,
            "messageListVisibility": "show", "labelListVisibility": "labelShow"}


def _ref(message: StoredMessage) -> dict:
    return {"id": message.id, "threadId": message.thread_id}


def _brief(message: StoredMessage) -> dict:
    return {**_ref(message), "labelIds": sorted(message.label_ids)}


def _max_results(default: int) -> int:
    return max(1, min(500, request.args.get("maxResults", default=default, type=int)))


def _page(items: list, size: int) -> tuple[list, bool]:
    return items[:size], len(items) > size
