"""A Gmail v1 stand-in: the subset of the REST API mailroom calls, at the paths, with the
parameters, response shapes, paging, errors and quota costs of the bundled discovery document.

The mailbox itself (messages, labels, history, watch) is `mailbox`, a GmailModel. Modelled here:
history.list strictly after startHistoryId and a 404 before the horizon; paging by pageToken and
maxResults; a 409 on a label name that exists in any case; attachment ids that change on every
messages.get; per-method OAuth scopes from the discovery doc (a missing one is a 403
insufficientPermissions); batches whose parts fail on their own inside a 200 envelope; and the
quota units of every call served."""

import json
from collections.abc import Iterable

from flask import Response, jsonify, request
from googleapiclient.discovery_cache import get_static_doc

from mailroom.standins import gmail_payload as payload
from mailroom.standins.gmail_batch import BATCH_PART, batch_view
from mailroom.standins.gmail_model import GmailModel
from mailroom.standins.server import Faults, StandIn, google_error

DISCOVERY = json.loads(get_static_doc("gmail", "v1"))
SCOPE_PREFIX = "https://www.googleapis.com/auth/"
FULL_ACCESS = "https://mail.google.com/"
METADATA = SCOPE_PREFIX + "gmail.metadata"

# Quota units per call (Gmail's published table); a batch counts as the calls inside it.
QUOTA_UNITS = {
    "gmail.users.getProfile": 1, "gmail.users.labels.list": 1, "gmail.users.history.list": 2,
    "gmail.users.messages.get": 5, "gmail.users.messages.list": 5,
    "gmail.users.messages.modify": 5, "gmail.users.messages.attachments.get": 5,
    "gmail.users.labels.create": 5, "gmail.users.stop": 50, "gmail.users.watch": 100,
}
HIDDEN = frozenset({"SPAM", "TRASH"})  # left out of messages.list unless includeSpamTrash


def discovery_method(method_id: str) -> dict:
    """The discovery description of e.g. `gmail.users.messages.get`."""
    node = DISCOVERY
    *resources, method = method_id.split(".")[1:]
    for name in resources:
        node = node["resources"][name]
    return node["methods"][method]


class GmailStandIn(StandIn):
    def __init__(self, *, email: str = "clerk@example.com", faults: Faults | None = None,
                 part_faults: Faults | None = None, scopes: Iterable[str] = (FULL_ACCESS,),
                 first_history_id: int = 10_000, seed: int = 0) -> None:
        """`part_faults` fail batch parts (default: the same `faults` as whole requests);
        `scopes` are the OAuth scopes the caller is taken to hold."""
        self.mailbox = GmailModel(email, first_history_id, seed)
        self.scopes = {s if "://" in s else SCOPE_PREFIX + s for s in scopes}
        self.part_faults = part_faults
        self.quota_units = 0
        self.batch_sizes: list[int] = []
        super().__init__(faults=faults)

    # ---- what a benchmark reads ---------------------------------------------------------

    @property
    def calls(self) -> int:
        """API calls, each part of a batch counted (as quota counts them), envelopes not."""
        return self.total_requests - self.requests["batch"]

    @property
    def round_trips(self) -> int:
        """HTTP requests the server received: a batch is one."""
        return self.total_requests - sum(self.batch_sizes)

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
                with self.mailbox.lock:
                    self.quota_units += QUOTA_UNITS[request.endpoint]
        return failure

    def _authorize(self, method_id: str, view_args: dict) -> Response | None:
        if view_args.get("userId") not in ("me", self.mailbox.email):
            return google_error(403, f"Delegation denied for {self.mailbox.email}", "forbidden")
        covering = self.scopes & set(discovery_method(method_id)["scopes"])
        if not covering:
            return google_error(403, "Request had insufficient authentication scopes.",
                                "insufficientPermissions")
        if covering == {METADATA}:  # headers and labels only: no bodies, no search
            body_format = request.args.get("format", "full")
            if method_id == "gmail.users.messages.get" and body_format in ("raw", "full"):
                return google_error(403, f"Metadata scope doesn't allow format "
                                    f"{body_format.upper()}", "forbidden")
            if request.args.get("q"):
                return google_error(403, "Metadata scope does not support 'q' parameter",
                                    "forbidden")
        return None

    # ---- users ---------------------------------------------------------------------------

    def _profile(self, userId: str) -> Response:
        box = self.mailbox
        with box.lock:
            return jsonify(emailAddress=box.email, messagesTotal=len(box.messages),
                           threadsTotal=len({m.thread_id for m in box.messages.values()}),
                           historyId=str(box.history_id))

    def _watch(self, userId: str) -> Response:
        body = request.get_json(silent=True) or {}
        topic = body.get("topicName", "")
        if not topic.startswith("projects/") or "/topics/" not in topic:
            return google_error(400, "Invalid topicName does not match projects/*/topics/*")
        behaviour = body.get("labelFilterBehavior") or body.get("labelFilterAction") or "include"
        watch = self.mailbox.start_watch(topic, body.get("labelIds", []),
                                         include=behaviour.lower() == "include")
        return jsonify(historyId=str(self.mailbox.history_id), expiration=str(watch.expiration))

    def _stop(self, userId: str) -> Response:
        self.mailbox.watch = None
        return Response(status=204)

    def _history_list(self, userId: str) -> Response:
        start = request.args.get("startHistoryId", type=int)
        if start is None:
            return google_error(400, "Missing required parameter startHistoryId", "required")
        kinds = set(request.args.getlist("historyTypes")) or None
        label_id = request.args.get("labelId")
        after = max(start, request.args.get("pageToken", default=0, type=int))
        box = self.mailbox
        with box.lock:
            if start < box.horizon:
                return google_error(404, "Requested entity was not found.")
            found = [r for r in box.history if r.id > after
                     and (kinds is None or r.kind in kinds)
                     and (label_id is None or label_id in r.label_ids)]
            answer: dict = {"historyId": str(box.history_id)}
        page, more = _page(found, _max_results(100))
        if page:
            answer["history"] = [record.body for record in page]
        if more:
            answer["nextPageToken"] = str(page[-1].id)
        return jsonify(answer)

    # ---- messages ------------------------------------------------------------------------

    def _messages_list(self, userId: str) -> Response:
        wanted = set(request.args.getlist("labelIds"))
        query = request.args.get("q", "")
        hidden = set() if request.args.get("includeSpamTrash") == "true" else HIDDEN
        offset = request.args.get("pageToken", default=0, type=int)
        box = self.mailbox
        with box.lock:
            newest_first = sorted(box.messages.values(),
                                  key=lambda m: (m.internal_date, m.id), reverse=True)
            found = [m for m in newest_first if wanted <= m.label_ids and not hidden & m.label_ids
                     and (not query or payload.matches(query, payload.parse(m.raw),
                                                       box.names(m.label_ids), m.internal_date))]
        page, more = _page(found[offset:], _max_results(100))
        answer: dict = {"resultSizeEstimate": len(found)}
        if page:
            answer["messages"] = [m.ref() for m in page]
        if more:
            answer["nextPageToken"] = str(offset + len(page))
        return jsonify(answer)

    def _messages_get(self, userId: str, id: str) -> Response:
        fmt = request.args.get("format", "full")
        with self.mailbox.lock:
            message = self.mailbox.messages.get(id)
            if message is None:
                return google_error(404, "Requested entity was not found.")
            answer = {**message.brief(), "historyId": str(message.history_id),
                      "internalDate": str(message.internal_date), "sizeEstimate": len(message.raw)}
        parsed = payload.parse(message.raw)
        if fmt == "raw":
            answer["raw"] = payload.b64url(message.raw)
        elif fmt == "metadata":
            answer["payload"] = {"headers": payload.headers_of(
                parsed, request.args.getlist("metadataHeaders") or None)}
        elif fmt == "full":
            answer["payload"] = payload.payload_of(
                parsed, lambda part_id: self.mailbox.new_attachment_id(id, part_id))
        return jsonify(answer)

    def _attachment_get(self, userId: str, messageId: str, id: str) -> Response:
        owner, part_id = self.mailbox.attachment(id) or ("", "")
        message = self.mailbox.messages.get(messageId)
        if message is None or owner != messageId:
            return google_error(404, "Requested entity was not found.")
        content = payload.part_content(payload.parse(message.raw), part_id)
        return jsonify(attachmentId=id, size=len(content), data=payload.b64url(content))

    def _messages_modify(self, userId: str, id: str) -> Response:
        body = request.get_json(silent=True) or {}
        add, remove = set(body.get("addLabelIds", [])), set(body.get("removeLabelIds", []))
        if len(add) > 100 or len(remove) > 100:
            return google_error(400, "Too many label ids: at most 100 to add and 100 to remove")
        box = self.mailbox
        with box.lock:
            message = box.messages.get(id)
            if message is None:
                return google_error(404, "Requested entity was not found.")
            unknown = sorted((add | remove) - set(box.labels))
            if unknown:
                return google_error(400, f"Invalid label: {unknown[0]}")
            box.modify(message, add, remove)
            return jsonify(message.brief())

    # ---- labels --------------------------------------------------------------------------

    def _labels_list(self, userId: str) -> Response:
        with self.mailbox.lock:
            return jsonify(labels=list(self.mailbox.labels.values()))

    def _labels_create(self, userId: str) -> Response:
        name = ((request.get_json(silent=True) or {}).get("name") or "").strip()
        if not name:
            return google_error(400, "Invalid label name")
        with self.mailbox.lock:
            if self.mailbox.find_label(name) is not None:
                return google_error(409, "Label name exists or conflicts")
            return jsonify(self.mailbox.labels[self.mailbox.create_label(name)])


def _max_results(default: int) -> int:
    return max(1, min(500, request.args.get("maxResults", default=default, type=int)))


def _page(items: list, size: int) -> tuple[list, bool]:
    return items[:size], len(items) > size
