"""Originals as files in a Google Drive folder tree, for people who live in Drive:

    <root>/<mailbox>/<YYYY>/<MM>/<message id>-<part id>-<file name>

Drive has no create-only write and file names are not unique, so write-once rests on a
lookup: every file carries the archive key (hashed, see `key_property`) in its appProperties,
and `put` searches for it before uploading. Retries follow from that. A create is never
retried by the client library (a lost response would make a second file); it fails as a
TransientError, and the redelivered message finds the first file by the lookup. Idempotent
calls (searches, downloads, resumable sessions, which create nothing until complete) are
retried in place with the library's backoff.

What this cannot rule out: two workers putting the same key at the same moment both miss the
lookup and make two files (GCS, with its create-only write, has no such gap). Lookups return
the oldest match, so every reader still agrees on one file.

Requests per new document: 1 search + 1 upload (2 for a resumable one); folders add a search
and, the first time, a create per level, then come from the cache. A repeat: 1 search."""

import hashlib
import io
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from googleapiclient.discovery import Resource
from googleapiclient.http import MediaIoBaseUpload

from mailroom.adapters.google.drive_calls import DriveCalls
from mailroom.domain.errors import ConflictError, NotFoundError
from mailroom.domain.ids import sha256_hex
from mailroom.ports import Archive, ArchivedObject

FOLDER = "application/vnd.google-apps.folder"
KEY_PROPERTY = "mailroomKey"
MULTIPART_LIMIT = 5 * 1024 * 1024  # Drive's limit for multipart uploads; above: resumable
_PROPERTY_BYTES = 124  # per appProperty, key and value together, UTF-8
_FILE_FIELDS = "id,webViewLink,appProperties,sha256Checksum,md5Checksum,size"


def key_property(key: str) -> str:
    """What goes in the `mailroomKey` property: sha256 of the archive key. Always hashed (not
    only when long) so that one rule finds every file; the readable key is the description."""
    return hashlib.sha256(key.encode()).hexdigest()


class DriveArchive(Archive):
    """`drive_id`: the shared drive holding `root_folder_id`, None for My Drive.
    `clock`: for the year/month folders of documents whose metadata has no `received_at`."""

    def __init__(self, service: Resource, root_folder_id: str, *, drive_id: str | None = None,
                 num_retries: int = 3,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._calls = DriveCalls(service, drive_id=drive_id, num_retries=num_retries)
        self._root = root_folder_id
        self._clock = clock
        self._folders: dict[tuple[str, str], str] = {}  # (parent id, name) → folder id

    def put(
        self, key: str, content: bytes, *, content_type: str, metadata: Mapping[str, str]
    ) -> ArchivedObject:
        digest = sha256_hex(content)
        existing = self._find(key)
        if existing is not None:
            # Drive's own checksum where it has one; ours from the upload otherwise.
            stored = (existing.get("sha256Checksum")
                      or existing.get("appProperties", {}).get("sha256"))
            if stored != digest:
                raise ConflictError(
                    f"archive key {key} already holds other content in Drive file "
                    f"{existing['id']} (sha256 {stored}, not {digest}); "
                    "archived originals are never replaced")
            return _object(key, existing, digest, len(content), created=False)
        body = {
            "name": "-".join(key.split("/")[1:]) or key,
            "parents": [self._month_folder(key, metadata)],
            "mimeType": content_type,
            "description": key,
            "appProperties": _app_properties(key, digest, metadata),
        }
        resumable = len(content) > MULTIPART_LIMIT
        media = MediaIoBaseUpload(io.BytesIO(content), mimetype=content_type, resumable=resumable)
        created = self._calls.create(body, media, fields=_FILE_FIELDS, retry=resumable)
        return _object(key, created, digest, len(content), created=True)

    def get(self, key: str) -> bytes:
        file = self._require(key)
        return self._calls.download(file["id"])

    def link(self, key: str) -> str:
        return _view_link(self._require(key))

    def _find(self, key: str) -> dict[str, Any] | None:
        query = (f"appProperties has {{ key='{KEY_PROPERTY}' and value='{key_property(key)}' }}"
                 " and trashed = false")
        return self._calls.first(query, fields=_FILE_FIELDS)

    def _require(self, key: str) -> dict[str, Any]:
        file = self._find(key)
        if file is None:
            raise NotFoundError(f"nothing is archived in Drive under {key}")
        return file

    def _month_folder(self, key: str, metadata: Mapping[str, str]) -> str:
        when = _received_at(metadata) or self._clock()
        mailbox = metadata.get("mailbox") or key.split("/")[0]
        folder = self._root
        for name in (mailbox, f"{when:%Y}", f"{when:%m}"):
            folder = self._folder(folder, name)
        return folder

    def _folder(self, parent: str, name: str) -> str:
        cached = self._folders.get((parent, name))
        if cached:
            return cached
        query = (f"name = {_quote(name)} and {_quote(parent)} in parents"
                 f" and mimeType = '{FOLDER}' and trashed = false")
        # The oldest of same-named folders wins, so workers that raced to create one agree.
        found = self._calls.first(query, fields="id")
        folder_id = str(found["id"] if found else self._calls.create(
            {"name": name, "parents": [parent], "mimeType": FOLDER}, None, fields="id")["id"])
        self._folders[(parent, name)] = folder_id
        return folder_id


def _received_at(metadata: Mapping[str, str]) -> datetime | None:
    try:
        when = datetime.fromisoformat(metadata.get("received_at", ""))
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when


def _app_properties(key: str, digest: str, metadata: Mapping[str, str]) -> dict[str, str]:
    """Links back to the mail: camelCase names, each value cut to fit Drive's 124 bytes."""
    properties = {_camel(k): v for k, v in metadata.items() if k != "received_at"}
    properties.update({KEY_PROPERTY: key_property(key), "sha256": digest})
    return {k: _fit(k, v) for k, v in properties.items()}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def _fit(key: str, value: str) -> str:
    room = _PROPERTY_BYTES - len(key.encode())
    return value.encode()[:room].decode("utf-8", "ignore")  # never half a character


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _object(key: str, file: dict[str, Any], digest: str, size: int, *,
            created: bool) -> ArchivedObject:
    return ArchivedObject(key=key, uri=_view_link(file), sha256=digest, size=size,
                          created=created)


def _view_link(file: dict[str, Any]) -> str:
    return str(file.get("webViewLink") or f"https://drive.google.com/file/d/{file['id']}/view")
