"""The few Drive v3 calls the archive makes, each with the shared-drive flags Drive wants on
every call, its retry policy, and its failures translated into mailroom's errors.

Retry policy: googleapiclient's `execute(num_retries=)` retries 429, 5xx and rate-limit 403s
with exponential backoff. That is right for calls that change nothing (searches, downloads)
and for resumable uploads (the session creates the file once, when complete). It is wrong for
a plain create: after a lost response the retry would make a second file. Those run once."""

from typing import Any

import httplib2
from googleapiclient.discovery import Resource
from googleapiclient.errors import HttpError
from googleapiclient.http import HttpRequest, MediaIoBaseUpload

from mailroom.adapters.google.errors import translate
from mailroom.domain.errors import TransientError


class DriveCalls:
    def __init__(self, service: Resource, *, drive_id: str | None, num_retries: int) -> None:
        self._files = service.files()
        self._num_retries = num_retries
        # Searching a shared drive needs all three; My Drive is the user's own corpus.
        self._corpus = ({"corpora": "drive", "driveId": drive_id, "includeItemsFromAllDrives": True}
                        if drive_id else {"corpora": "user"})

    def first(self, query: str, *, fields: str) -> dict[str, Any] | None:
        """The oldest file matching `query`, or None."""
        request = self._files.list(q=query, fields=f"files({fields})", orderBy="createdTime",
                                   pageSize=1, supportsAllDrives=True, **self._corpus)
        files = self._run(request, "search Drive", retry=True).get("files", [])
        return files[0] if files else None

    def create(self, body: dict[str, Any], media: MediaIoBaseUpload | None, *, fields: str,
               retry: bool = False) -> dict[str, Any]:
        request = self._files.create(body=body, media_body=media, fields=fields,
                                     supportsAllDrives=True)
        result: dict[str, Any] = self._run(request, f"create {body['name']!r} in Drive",
                                           retry=retry)
        return result

    def download(self, file_id: str) -> bytes:
        request = self._files.get_media(fileId=file_id, supportsAllDrives=True)
        content: bytes = self._run(request, f"download Drive file {file_id}", retry=True)
        return content

    def _run(self, request: HttpRequest, what: str, *, retry: bool) -> Any:
        try:
            return request.execute(num_retries=self._num_retries if retry else 0)
        except HttpError as exc:
            raise translate(exc, what) from exc
        except (httplib2.HttpLib2Error, TimeoutError, ConnectionError) as exc:
            raise TransientError(f"{what}: {type(exc).__name__}: {exc}") from exc
