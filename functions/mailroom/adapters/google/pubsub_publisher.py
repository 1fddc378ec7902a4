"""The Publisher port on Pub/Sub: one topic per stage (`messages`, `documents`, ...), the
command as JSON in `data`, so the next Cloud Function decodes exactly what the local queue
carries. Publishing blocks until Pub/Sub has the message: the port promises durability on
return, and the stage acknowledges its own trigger only after that."""

import hashlib
from collections.abc import Mapping

from google.api_core import exceptions as api_exceptions

from mailroom.domain.commands import Command
from mailroom.domain.errors import MailroomError, PermanentError, TransientError
from mailroom.ports import Publisher

# What is still failing once the client's own retry has given up: worth a later attempt.
TRANSIENT = (api_exceptions.TooManyRequests, api_exceptions.ServerError,
             api_exceptions.DeadlineExceeded, api_exceptions.RetryError, TimeoutError)


class PubSubPublisher(Publisher):
    def __init__(self, client, project: str, *, topic_prefix: str = "", timeout_s: float = 60.0):
        self._client = client  # google.cloud.pubsub_v1.PublisherClient
        self._project = project
        self._prefix = topic_prefix
        self._timeout_s = timeout_s

    def topic_path(self, topic: str) -> str:
        """The full name of a stage's topic (`messages` → projects/P/topics/<prefix>messages)."""
        return self._client.topic_path(self._project, f"{self._prefix}{topic}")

    def publish(self, command: Command) -> None:
        # Pub/Sub does not deduplicate; the key travels as an attribute so logs can tie
        # redeliveries together (attribute values are capped at 1024 bytes, hence the hash).
        key = hashlib.sha256(command.dedupe_key().encode()).hexdigest()
        self.publish_data(command.topic, command.model_dump_json().encode(), {"dedupe_key": key})

    def publish_data(self, topic: str, data: bytes, attributes: Mapping[str, str]) -> None:
        """Publish raw bytes and attributes to a stage's topic, durably (a replayed dead letter
        goes back exactly as it was first published)."""
        path = self.topic_path(topic)
        try:
            self._client.publish(path, data, **attributes).result(timeout=self._timeout_s)
        except (*TRANSIENT, api_exceptions.GoogleAPICallError) as exc:
            raise translate(exc, f"publish to {path}", "roles/pubsub.publisher on it") from exc


def translate(exc: Exception, what: str, role: str) -> MailroomError:
    """The mailroom error for a failed Pub/Sub call; `role` is what a denied caller lacks."""
    if isinstance(exc, TRANSIENT):
        return TransientError(f"{what}: {type(exc).__name__}")
    message = getattr(exc, "message", str(exc))
    if isinstance(exc, api_exceptions.Forbidden):  # PermissionDenied over gRPC, 403 over REST
        return PermanentError(f"{what}: permission denied ({message}); the caller needs {role}")
    return PermanentError(f"{what}: {message}")
