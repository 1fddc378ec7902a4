"""Originals on the local disk: content-addressed and write-once.

    <dir>/blobs/sha256/ab/<64 hex>   the bytes, stored once however many keys point at them
    <dir>/keys/<key>.json            {"sha256", "size", "content_type", "metadata"} of one key

Why one JSON file per key rather than a SQLite index: write-once is exactly what `os.link`
gives. It creates a name only if it does not exist yet, atomically and across processes, so
the first writer of a key wins without any lock or transaction, and a reader never sees half
a file. The archive also stays a plain folder that can be copied, backed up or inspected with
`ls` and `cat`, with no second store that could disagree with the blobs. The blob is always
written before its key, so a key never points at a missing blob; a crash in between leaves
an unreferenced blob that the retry reuses.
"""

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mailroom.domain.errors import BadInputError, ConflictError, NotFoundError
from mailroom.domain.ids import sha256_hex
from mailroom.ports import Archive, ArchivedObject


class FilesystemArchive(Archive):
    def __init__(self, directory: Path) -> None:
        self._blobs = directory / "blobs" / "sha256"
        self._keys = directory / "keys"

    def put(
        self, key: str, content: bytes, *, content_type: str, metadata: Mapping[str, str]
    ) -> ArchivedObject:
        index = self._index_path(key)
        digest = sha256_hex(content)
        if not index.exists():
            _create_once(self._blob_path(digest), content)
            entry = {"sha256": digest, "size": len(content), "content_type": content_type,
                     "metadata": dict(metadata)}
            if _create_once(index, json.dumps(entry, sort_keys=True, indent=2).encode()):
                return self._object(key, digest, len(content), created=True)
        stored = self._entry(key)  # ours from an earlier attempt, or a concurrent writer's
        if stored["sha256"] != digest:
            raise ConflictError(
                f"archive key {key} already holds other content (sha256 {stored['sha256']}, "
                f"not {digest}); archived originals are never replaced"
            )
        return self._object(key, digest, len(content), created=False)

    def get(self, key: str) -> bytes:
        return self._blob_path(self._entry(key)["sha256"]).read_bytes()

    def link(self, key: str) -> str:
        return self._uri(self._entry(key)["sha256"])

    def _object(self, key: str, digest: str, size: int, *, created: bool) -> ArchivedObject:
        return ArchivedObject(key=key, uri=self._uri(digest), sha256=digest, size=size,
                              created=created)

    def _uri(self, digest: str) -> str:
        return self._blob_path(digest).resolve().as_uri()

    def _entry(self, key: str) -> dict[str, Any]:
        try:
            entry: dict[str, Any] = json.loads(self._index_path(key).read_bytes())
        except FileNotFoundError:
            raise NotFoundError(f"nothing is archived under {key}") from None
        return entry

    def _index_path(self, key: str) -> Path:
        segments = key.split("/")
        if "\\" in key or "\x00" in key or any(s in ("", ".", "..") for s in segments):
            # An empty first segment is an absolute path; `..` would climb out of the archive.
            raise BadInputError(f"unsafe archive key {key!r}: use relative a/b/c segments, no '..'")
        return self._keys.joinpath(*segments[:-1], segments[-1] + ".json")

    def _blob_path(self, digest: str) -> Path:
        return self._blobs / digest[:2] / digest


def _create_once(path: Path, content: bytes) -> bool:
    """Write `path` atomically unless it exists; False when it was already there."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())  # the bytes are on disk before the name points at them
        os.link(temporary, path)  # refuses to replace: of two concurrent writers, one wins
    except FileExistsError:
        return False
    finally:
        os.unlink(temporary)
    _fsync_directory(path.parent)  # and the new name survives a power cut
    return True


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
