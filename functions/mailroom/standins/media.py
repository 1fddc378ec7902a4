"""What the Cloud Storage and Drive stand-ins share: Google's two upload protocols
(`multipart/related` and resumable sessions), checksums, and lost responses.

A lost response is the failure that makes write-once hard: the request took effect but the
client never heard so, and retries. `StorageStandIn.lost` replaces the response of a write
that succeeded with a 503, after its effect, so tests can reproduce exactly that."""

import base64
import hashlib
import json
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import google_crc32c
from flask import Response, make_response, request

from mailroom.standins.server import Faults, StandIn, google_error

_CONTENT_RANGE = re.compile(r"bytes (?:(\d+)-(\d+)|\*)/(\d+|\*)")


class UploadError(Exception):
    """A malformed upload request; the route answers 400 with this message."""


def md5_base64(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def crc32c_base64(data: bytes) -> str:
    return base64.b64encode(google_crc32c.value(data).to_bytes(4, "big")).decode()


def parse_multipart_related(body: bytes, content_type: str) -> tuple[dict[str, Any], str, bytes]:
    """(JSON metadata, media content type, media bytes) of a two-part `multipart/related` body.

    Parsed by hand rather than with the `email` package: a `message/rfc822` part would be
    read as a nested message there, which is what breaks gcp-storage-emulator on .eml files."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not content_type.startswith("multipart/related") or match is None:
        raise UploadError(f"expected multipart/related with a boundary, got {content_type!r}")
    delimiter = b"--" + match.group(1).encode()
    parts = body.split(delimiter)[1:-1]  # before the first and after the last: preamble, "--"
    if len(parts) != 2:
        raise UploadError(f"expected 2 parts (metadata, media), got {len(parts)}")
    (_, metadata), (headers, media) = (_split_part(p) for p in parts)
    media_type = re.search(rb"(?im)^content-type:\s*([^\r\n;]+)", headers)
    return json.loads(metadata or b"{}"), (media_type[1].decode() if media_type else ""), media


def _split_part(part: bytes) -> tuple[bytes, bytes]:
    """Headers and content of one part. Both CRLF (google-cloud-storage) and bare LF (the
    `email` generator googleapiclient uses) occur; the line break before a delimiter belongs
    to the delimiter, so exactly one is removed."""
    part = part.removeprefix(b"\r\n").removeprefix(b"\n")
    cut = min((i for i in (part.find(b"\r\n\r\n"), part.find(b"\n\n")) if i >= 0), default=-1)
    if cut < 0:
        raise UploadError("a multipart part has no blank line after its headers")
    separator = 4 if part[cut:cut + 4] == b"\r\n\r\n" else 2
    content = part[cut + separator:]
    content = content[:-2] if content.endswith(b"\r\n") else content.removesuffix(b"\n")
    return part[:cut], content


@dataclass
class UploadSession:
    """A resumable upload: the metadata from the initiating POST, the bytes so far, and once
    complete the response it finished with (a PUT on a finished session repeats it)."""

    metadata: dict[str, Any]
    content_type: str
    params: dict[str, str]
    received: bytearray = field(default_factory=bytearray)
    result: Response | None = None


class StorageStandIn(StandIn):
    """A stand-in that accepts media uploads. Subclasses route upload POSTs to
    `receive_upload` and session PUTs to `upload_chunk`, and store finished resumable
    uploads in `finish_upload`."""

    def __init__(self, *, faults: Faults | None = None, lost: Faults | None = None) -> None:
        self.lost = lost or Faults()
        self.sessions: dict[str, UploadSession] = {}
        self.lock = threading.Lock()  # the server is threaded; check-then-write must be atomic
        super().__init__(faults=faults)
        self.app.after_request(self._lose)

    def _lose(self, response: Response) -> Response:
        # Only writes: a lost read is just a failed read, which `faults` covers already.
        wrote = request.method in ("POST", "PUT") and response.status_code < 300
        if wrote and self.lost.next_failure() is not None:
            self.lost.injected += 1
            return google_error(503, "injected fault: it took effect, but its response is lost")
        return response

    def finish_upload(self, session: UploadSession, data: bytes) -> Response:
        raise NotImplementedError

    def receive_upload(self, store: Callable[[dict[str, Any], str, bytes], Response],
                       session_metadata: dict[str, Any]) -> Response:
        """Answer a POST to an upload URL by its `uploadType`: multipart and media uploads go
        to `store(metadata, content type, bytes)` at once; a resumable one opens a session
        (remembering `session_metadata` too) that ends in `finish_upload`."""
        kind = request.args.get("uploadType")
        if kind == "resumable":
            return self._start_session({**(request.get_json(silent=True) or {}), **session_metadata})
        if kind == "multipart":
            try:
                parsed = parse_multipart_related(request.get_data(), request.content_type or "")
            except UploadError as exc:
                return google_error(400, str(exc))
            return store(*parsed)
        if kind == "media":
            named = {"name": request.args["name"]} if "name" in request.args else {}
            content_type = request.content_type or "application/octet-stream"
            return store(named, content_type, request.get_data())
        return google_error(400, f"Invalid Value: uploadType {kind}", reason="invalid")

    def upload_chunk(self, **path: str) -> Response:
        """The route for PUTs to a session URI (`...?uploadType=resumable&upload_id=`)."""
        return self._continue_session(request.args.get("upload_id", ""))

    def _start_session(self, metadata: dict[str, Any]) -> Response:
        """Answer an initiating POST: 200, empty body, the session URI in Location."""
        upload_id = secrets.token_urlsafe(16)
        content_type = request.headers.get("X-Upload-Content-Type", "application/octet-stream")
        self.sessions[upload_id] = UploadSession(metadata, content_type, dict(request.args))
        response = make_response("", 200)
        response.headers["Location"] = (
            f"{request.base_url}?uploadType=resumable&upload_id={upload_id}"
        )
        return response

    def _continue_session(self, upload_id: str) -> Response:
        """A PUT with `Content-Range: bytes a-b/total` (or `bytes */total`, a status query)."""
        session = self.sessions.get(upload_id)
        if session is None:
            return google_error(404, f"no upload session {upload_id}")
        if session.result is not None:
            return session.result
        match = _CONTENT_RANGE.fullmatch(request.headers.get("Content-Range", ""))
        if match is None:
            return google_error(400, "missing or malformed Content-Range")
        start, total = match[1], match[3]
        if start is not None:
            if int(start) > len(session.received):
                return google_error(400, "chunk starts after the bytes received so far")
            del session.received[int(start):]  # a resent chunk replaces what it overlaps
            session.received += request.get_data()
        if total != "*" and len(session.received) >= int(total):
            session.result = self.finish_upload(session, bytes(session.received))
            return session.result
        incomplete = make_response("", 308)
        if session.received:
            incomplete.headers["Range"] = f"bytes=0-{len(session.received) - 1}"
        return incomplete
