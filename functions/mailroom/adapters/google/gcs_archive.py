"""Originals in a Cloud Storage bucket, written once.

Each archive key is one object (under an optional prefix). The upload is create-only
(`if_generation_match=0`), so GCS itself refuses a second writer and nothing is ever
overwritten. That is also what makes the library's automatic retries safe: when an upload took
effect but its response was lost, the retry gets 412, and a 412 is answered by comparing the
stored object's sha256 (kept in its custom metadata, md5 for objects without one) with ours.

One request per new document (the upload); two on a repeat (the 412, then the metadata)."""

import base64
import hashlib
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import TypeVar
from urllib.parse import quote

import requests
from google.api_core import exceptions as api_exceptions
from google.api_core.retry import Retry
from google.cloud.storage import Blob, Bucket
from google.cloud.storage.exceptions import DataCorruption
from google.cloud.storage.retry import DEFAULT_RETRY

from mailroom.domain.errors import (ConflictError, MailroomError, NotFoundError, PermanentError,
                                    TransientError)
from mailroom.domain.ids import sha256_hex
from mailroom.ports import Archive, ArchivedObject

T = TypeVar("T")
CONSOLE_URL = "https://console.cloud.google.com/storage/browser/_details/{bucket}/{name}"


class GcsArchive(Archive):
    """`signed_link_ttl`: links are V4 signed URLs valid that long instead of console URLs
    (which need a Google login with access to the bucket). Signing happens locally, so it
    needs credentials holding a private key (a service account key file)."""

    def __init__(self, bucket: Bucket, *, prefix: str = "", retry: Retry | None = DEFAULT_RETRY,
                 signed_link_ttl: timedelta | None = None) -> None:
        self._bucket = bucket
        self._prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._retry = retry
        self._signed_link_ttl = signed_link_ttl
        if signed_link_ttl:
            try:
                self.link("probe")  # a misconfiguration shows at startup, not at the first link
            except AttributeError as exc:  # what the library raises for credentials without a key
                raise ValueError(f"signed archive links need credentials that can sign: {exc}")

    def put(
        self, key: str, content: bytes, *, content_type: str, metadata: Mapping[str, str]
    ) -> ArchivedObject:
        digest = sha256_hex(content)
        blob = self._bucket.blob(self._name(key))
        blob.metadata = {**metadata, "sha256": digest}
        try:
            # content_type always explicit: upload_from_string would default it to text/plain.
            _call(f"upload {blob.name}", lambda: blob.upload_from_string(
                content, content_type=content_type, if_generation_match=0, retry=self._retry))
            return self._object(key, digest, len(content), created=True)
        except api_exceptions.PreconditionFailed:
            pass  # it exists: ours from a lost response, or someone else's
        existing = _call(f"read {blob.name}", lambda: self._bucket.get_blob(
            blob.name, retry=self._retry))
        if existing is None:  # 412 then gone: only a deletion in between can do that
            raise TransientError(f"archive object {blob.name} existed and then vanished")
        if not _same_content(existing, digest, content):
            raise ConflictError(
                f"archive key {key} already holds other content in gs://{self._bucket.name} "
                f"(sha256 {(existing.metadata or {}).get('sha256', '?')}, not {digest}); "
                "archived originals are never replaced")
        return self._object(key, digest, len(content), created=False)

    def get(self, key: str) -> bytes:
        name = self._name(key)
        return _call(f"download {name}", lambda: self._bucket.blob(name).download_as_bytes(
            retry=self._retry))

    def link(self, key: str) -> str:
        """No request: the URL is built (or signed) locally, whether or not the object exists."""
        blob = self._bucket.blob(self._name(key))
        if self._signed_link_ttl:
            return str(blob.generate_signed_url(version="v4", expiration=self._signed_link_ttl,
                                                method="GET"))
        return CONSOLE_URL.format(bucket=self._bucket.name, name=quote(blob.name, safe="/"))

    def _name(self, key: str) -> str:
        return self._prefix + key

    def _object(self, key: str, digest: str, size: int, *, created: bool) -> ArchivedObject:
        return ArchivedObject(key=key, uri=f"gs://{self._bucket.name}/{self._name(key)}",
                              sha256=digest, size=size, created=created)


def _same_content(existing: Blob, digest: str, content: bytes) -> bool:
    stored = (existing.metadata or {}).get("sha256")
    if stored:
        return stored == digest
    return existing.md5_hash == base64.b64encode(hashlib.md5(content).digest()).decode()


def _call(what: str, action: Callable[[], T]) -> T:
    """Run one client call; its failures leave as mailroom errors, except a 412, which `put`
    interprets. The library has already retried what it retries by the time one arrives."""
    try:
        return action()
    except api_exceptions.PreconditionFailed:
        raise
    except Exception as exc:
        error = translate(exc, what)
        if error is None:
            raise
        raise error from exc


def translate(exc: Exception, what: str) -> MailroomError | None:
    """The mailroom error for a Cloud Storage failure; None for anything that is not one."""
    if isinstance(exc, api_exceptions.GoogleAPICallError):
        code = exc.code or 0
        message = f"{what}: HTTP {code} {exc.message}"
        if code == 429 or code >= 500:
            return TransientError(message)
        return NotFoundError(message) if code == 404 else PermanentError(message)
    if isinstance(exc, (api_exceptions.RetryError, requests.ConnectionError, requests.Timeout,
                        DataCorruption)):
        # Retries ran out, the network failed, or the bytes arrived damaged: a later attempt
        # of the same upload can succeed.
        return TransientError(f"{what}: {type(exc).__name__}: {exc}")
    return None
