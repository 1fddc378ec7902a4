"""Pub/Sub v1 `topics.publish` over REST: what our publisher sends, kept per topic so a test
or the dev stack's dispatcher can deliver it onwards."""

import base64
import itertools
import threading
from collections.abc import Callable

from flask import Response, jsonify, request

from mailroom.standins.server import StandIn, google_error


class PubSubStandIn(StandIn):
    def __init__(self, topics: set[str] | None = None,
                 on_publish: Callable[[str, bytes], None] | None = None, **kwargs) -> None:
        self.topics = set(topics or ())  # full paths: projects/P/topics/T
        self.published: dict[str, list[dict]] = {}
        # A push subscription's delivery (the dev stack's dispatcher): (topic id, data).
        self.on_publish = on_publish
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        super().__init__(**kwargs)

    def routes(self) -> None:
        self.app.add_url_rule("/v1/projects/<project>/topics/<topic>:publish", "topics.publish",
                              self._publish, methods=["POST"])

    def _publish(self, project: str, topic: str) -> Response:
        path = f"projects/{project}/topics/{topic}"
        if path not in self.topics:
            return google_error(404, f"Resource not found (resource={topic}).")
        messages = (request.get_json(silent=True) or {}).get("messages") or []
        if not messages or any(not (m.get("data") or m.get("attributes")) for m in messages):
            return google_error(400, "The value for message data or attributes must be set.")
        with self._lock:
            ids = [str(next(self._ids)) for _ in messages]
            self.published.setdefault(path, []).extend(
                {**m, "messageId": i} for m, i in zip(messages, ids, strict=True))
        if self.on_publish is not None:
            for message in messages:
                self.on_publish(topic, base64.b64decode(message.get("data", "")))
        return jsonify({"messageIds": ids})
