"""Secrets from Secret Manager, verified by checksum and cached per instance.

Values never reach a log line or an exception message: only the secret's name does."""

import threading

import google_crc32c
from google.api_core import exceptions as api_exceptions

from mailroom.domain.errors import PermanentError, TransientError


class SecretManagerSecrets:
    def __init__(self, client) -> None:  # a secretmanager.SecretManagerServiceClient
        self._client = client
        self._cache: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def __call__(self, name: str) -> bytes:
        """The payload of `name` (`projects/P/secrets/S/versions/latest` or a pinned version)."""
        with self._lock:
            if name in self._cache:
                return self._cache[name]
        payload = self._access(name)
        with self._lock:
            self._cache[name] = payload
        return payload

    def _access(self, name: str) -> bytes:
        try:
            response = self._client.access_secret_version(name=name)
        except (api_exceptions.TooManyRequests, api_exceptions.ServerError) as exc:
            raise TransientError(f"secret {name}: {type(exc).__name__}") from None
        except api_exceptions.GoogleAPICallError as exc:
            raise PermanentError(f"secret {name}: {type(exc).__name__}") from None
        data = response.payload.data
        if response.payload.data_crc32c and google_crc32c.value(data) != response.payload.data_crc32c:
            raise TransientError(f"secret {name}: checksum mismatch (corrupted in transit)")
        return data
