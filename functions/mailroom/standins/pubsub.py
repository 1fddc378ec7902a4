"""Pub/Sub v1 over REST: `topics.publish`, kept per topic so a test or the dev stack's
dispatcher can deliver it onwards, and pull subscriptions (`subscriptions.pull`,
`acknowledge`, `modifyAckDeadline`) for what reads a subscription itself, such as
`mailroom dlq` on the dead-letter inbox."""

import base64
import itertools
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Response, abort, jsonify, request

from mailroom.standins.pubsub_subscriptions import InvalidAckIds, Subscription
from mailroom.standins.server import StandIn, google_error

MAX_ACK_DEADLINE_S = 600


class PubSubStandIn(StandIn):
    def __init__(self, topics: set[str] | None = None,
                 on_publish: Callable[[str, bytes], None] | None = None, *,
                 clock: Callable[[], float] = time.monotonic, **kwargs) -> None:
        self.topics = set(topics or ())  # full paths: projects/P/topics/T
        self.published: dict[str, list[dict]] = {}
        # A push subscription's delivery (the dev stack's dispatcher): (topic id, data).
        self.on_publish = on_publish
        self.subscriptions: dict[str, Subscription] = {}  # full paths: projects/P/subscriptions/S
        self.clock = clock  # ack deadlines run on it
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        super().__init__(**kwargs)

    def subscribe(self, subscription: str, topic: str, **options) -> Subscription:
        """A pull subscription (full paths) that receives what is published from now on."""
        self.topics.add(topic)
        # Through self, so a test can swap the clock after subscribing.
        self.subscriptions[subscription] = Subscription(topic, lambda: self.clock(), **options)
        return self.subscriptions[subscription]

    def routes(self) -> None:
        for rule, endpoint, view in (
            ("topics/<name>:publish", "topics.publish", self._publish),
            ("subscriptions/<name>:pull", "subscriptions.pull", self._pull),
            ("subscriptions/<name>:acknowledge", "subscriptions.acknowledge", self._acknowledge),
            ("subscriptions/<name>:modifyAckDeadline", "subscriptions.modifyAckDeadline",
             self._modify_ack_deadline),
        ):
            self.app.add_url_rule(f"/v1/projects/<project>/{rule}", endpoint, view,
                                  methods=["POST"])
        self.app.register_error_handler(InvalidAckIds, _invalid_ack_id)

    def _publish(self, project: str, name: str) -> Response:
        path = f"projects/{project}/topics/{name}"
        if path not in self.topics:
            return google_error(404, f"Resource not found (resource={name}).")
        messages = (request.get_json(silent=True) or {}).get("messages") or []
        if not messages or any(not (m.get("data") or m.get("attributes")) for m in messages):
            return google_error(400, "The value for message data or attributes must be set.")
        now = datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
        with self._lock:
            stored = [{**m, "messageId": str(next(self._ids)), "publishTime": now}
                      for m in messages]
            self.published.setdefault(path, []).extend(stored)
        for subscription in [s for s in self.subscriptions.values() if s.topic == path]:
            for message in stored:
                subscription.add(message)
        if self.on_publish is not None:
            for message in messages:
                self.on_publish(name, base64.b64decode(message.get("data", "")))
        return jsonify({"messageIds": [m["messageId"] for m in stored]})

    def _pull(self, project: str, name: str) -> Response:
        subscription, body = self._subscription(project, name), request.get_json(silent=True) or {}
        if int(body.get("maxMessages") or 0) <= 0:
            return google_error(400, "max_messages must be greater than 0.")
        return jsonify({"receivedMessages": subscription.pull(int(body["maxMessages"]))})

    def _acknowledge(self, project: str, name: str) -> Response:
        subscription, body = self._subscription(project, name), request.get_json(silent=True) or {}
        subscription.acknowledge(body.get("ackIds") or [])
        return jsonify({})

    def _modify_ack_deadline(self, project: str, name: str) -> Response:
        subscription, body = self._subscription(project, name), request.get_json(silent=True) or {}
        seconds = int(body.get("ackDeadlineSeconds") or 0)
        if not 0 <= seconds <= MAX_ACK_DEADLINE_S:
            return google_error(400, f"Invalid ack deadline given: {seconds} (0 to 600 seconds).")
        subscription.modify_ack_deadline(body.get("ackIds") or [], seconds)
        return jsonify({})

    def _subscription(self, project: str, name: str) -> Subscription:
        subscription = self.subscriptions.get(f"projects/{project}/subscriptions/{name}")
        if subscription is None:
            abort(google_error(404, f"Resource not found (resource={name})."))
        return subscription


def _invalid_ack_id(exc: InvalidAckIds) -> Response:
    return google_error(400, f"You have passed an invalid ack ID to the service (ack_id={exc}).")
