"""The Publisher port on Pub/Sub: one topic per stage (`messages`, `documents`, ...), the
command as JSON in `data`, so the next Cloud Function decodes exactly what the local queue
carries. Publishing blocks until Pub/Sub has the message: the port promises durability on
return, and the stage acknowledges its own trigger only after that."""

import hashlib

from google.api_core import exceptions as api_exceptions

from mailroom.domain.commands import Command
from mailroom.domain.errors import PermanentError, TransientError
from mailroom.ports import Publisher

_TRANSIENT = (api_exceptions.TooManyRequests, api_exceptions.ServerError,
              api_exceptions.DeadlineExceeded, api_exceptions.RetryError, TimeoutError)


class PubSubPublisher(Publisher):
    def __init__(self, client, project: str, *, topic_prefix: str = "", timeout_s: float = 60.0):
        self._client = client  # google.cloud.pubsub_v1.PublisherClient
        self._project = project
        self._prefix = topic_prefix
        self._timeout_s = timeout_s

    def topic_path(self, command: Command) -> str:
        return self._client.topic_path(self._project, f"{self._prefix}{command.topic}")

    def publish(self, command: Command) -> None:
        topic = self.topic_path(command)
        # Pub/Sub does not deduplicate; the key travels as an attribute so logs can tie
        # redeliveries together (attribute values are capped at 1024 bytes, hence the hash).
        key = hashlib.sha256(command.dedupe_key().encode()).hexdigest()
        try:
            self._client.publish(topic, command.model_dump_json().encode(), dedupe_key=key).result(
                timeout=self._timeout_s)
        except _TRANSIENT as exc:
            raise TransientError(f"publish to {topic}: {type(exc).__name__}") from exc
        except api_exceptions.GoogleAPICallError as exc:
            raise PermanentError(f"publish to {topic}: {exc.message}") from exc
