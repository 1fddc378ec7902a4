"""A Cloud Storage JSON API stand-in: the subset google-cloud-storage uses to write an object
once, read its metadata and bytes, and list a bucket.

Why our own rather than gcp-storage-emulator: that one ignores `ifGenerationMatch` (a
create-only upload silently overwrites) and crashes on `message/rfc822` parts, and those are
the two things the archive depends on. Here preconditions are checked when the object is
written (at the end of a resumable session too, as GCS does), generations grow, and
md5Hash/crc32c are computed, checked against what the client sent, and returned.

Point a real client at it with `storage.Client(project=..., credentials=AnonymousCredentials(),
client_options={"api_endpoint": url})`: JSON, upload and download URLs all follow that
endpoint, so no request is rewritten."""

import base64
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from flask import Response, jsonify, make_response, request

from mailroom.standins.media import StorageStandIn, UploadSession, crc32c_base64, md5_base64
from mailroom.standins.server import Faults, google_error

_PAGE_SIZE = 1000  # objects.list maxResults default


@dataclass
class StoredObject:
    name: str
    data: bytes
    content_type: str
    metadata: dict[str, str]
    generation: int
    created: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S.000Z",
                                                               time.gmtime()))


class GcsStandIn(StorageStandIn):
    def __init__(self, buckets: tuple[str, ...] = ("archive",), *, faults: Faults | None = None,
                 lost: Faults | None = None) -> None:
        self.buckets: dict[str, dict[str, StoredObject]] = {b: {} for b in buckets}
        self._generation = time.time_ns() // 1000  # GCS generations are microsecond stamps
        self.writes = 0  # objects written, to show that nothing was written twice
        super().__init__(faults=faults, lost=lost)

    def routes(self) -> None:
        app = self.app
        app.post("/upload/storage/v1/b/<bucket>/o")(self.upload)
        app.put("/upload/storage/v1/b/<bucket>/o")(self.upload_chunk)
        app.get("/storage/v1/b/<bucket>/o/<path:name>")(self.get_object)
        app.get("/download/storage/v1/b/<bucket>/o/<path:name>")(self.download)
        app.get("/storage/v1/b/<bucket>/o")(self.list_objects)
        app.delete("/storage/v1/b/<bucket>/o/<path:name>")(self.delete_object)
        # google-cloud-storage 3.17 fetches this once per client and bucket, in the background.
        app.get("/storage/v1/b/<bucket>")(self.get_bucket)

    def objects(self, bucket: str = "archive") -> dict[str, StoredObject]:
        return self.buckets[bucket]

    @property
    def object_requests(self) -> int:
        """Requests about objects: the total less the library's own bucket lookups."""
        return self.total_requests - self.requests["get_bucket"]

    # --- routes -------------------------------------------------------------------------

    def upload(self, bucket: str) -> Response:
        if bucket not in self.buckets:
            return google_error(404, "The specified bucket does not exist.")
        return self.receive_upload(
            lambda metadata, content_type, data: self._write(
                bucket, metadata, content_type, data, dict(request.args),
                request.headers.get("x-goog-hash", "")),
            {"bucket": bucket})

    def finish_upload(self, session: UploadSession, data: bytes) -> Response:
        metadata = dict(session.metadata)
        return self._write(metadata.pop("bucket"), metadata, session.content_type, data,
                           session.params, request.headers.get("x-goog-hash", ""))

    def get_object(self, bucket: str, name: str) -> Response:
        if request.args.get("alt") == "media":
            return self.download(bucket, name)
        stored = self._find(bucket, name)
        return stored if isinstance(stored, Response) else jsonify(self._resource(bucket, stored))

    def download(self, bucket: str, name: str) -> Response:
        stored = self._find(bucket, name)
        if isinstance(stored, Response):
            return stored
        response = make_response(stored.data)
        response.headers.update({
            "Content-Type": stored.content_type,
            "x-goog-hash": f"crc32c={crc32c_base64(stored.data)},md5={md5_base64(stored.data)}",
            "x-goog-generation": str(stored.generation),
            "x-goog-stored-content-length": str(len(stored.data)),
        })
        return response

    def delete_object(self, bucket: str, name: str) -> Response:
        with self.lock:
            stored = self._find(bucket, name)
            if isinstance(stored, Response):
                return stored
            del self.buckets[bucket][name]
        return make_response("", 204)

    def get_bucket(self, bucket: str) -> Response:
        if bucket not in self.buckets:
            return google_error(404, "The specified bucket does not exist.")
        return jsonify({"kind": "storage#bucket", "id": bucket, "name": bucket,
                        "projectNumber": "123456789012", "location": "EUROPE-WEST1",
                        "locationType": "region", "storageClass": "STANDARD"})

    def list_objects(self, bucket: str) -> Response:
        if bucket not in self.buckets:
            return google_error(404, "The specified bucket does not exist.")
        prefix = request.args.get("prefix", "")
        names = sorted(n for n in self.buckets[bucket] if n.startswith(prefix))
        start = int(request.args.get("pageToken") or 0)
        size = int(request.args.get("maxResults") or _PAGE_SIZE)
        page = names[start:start + size]
        body: dict[str, Any] = {"kind": "storage#objects",
                                "items": [self._resource(bucket, self.buckets[bucket][n])
                                          for n in page]}
        if start + size < len(names):
            body["nextPageToken"] = str(start + size)
        return jsonify(body)

    # --- storage ------------------------------------------------------------------------

    def _write(self, bucket: str, metadata: dict[str, Any], content_type: str, data: bytes,
               params: dict[str, str], hash_header: str) -> Response:
        name = metadata.get("name") or params.get("name", "")
        if not name:
            return google_error(400, "Required: object name")
        mismatch = _checksum_mismatch(data, metadata, hash_header)
        if mismatch:
            return google_error(400, mismatch, reason="invalid")
        with self.lock:
            existing = self.buckets[bucket].get(name)
            wanted = params.get("ifGenerationMatch")
            if wanted is not None and int(wanted) != (existing.generation if existing else 0):
                return google_error(412, "At least one of the pre-conditions you specified "
                                         "did not hold.")
            self._generation += 1
            self.writes += 1
            stored = StoredObject(name, data, metadata.get("contentType") or content_type,
                                  dict(metadata.get("metadata") or {}), self._generation)
            self.buckets[bucket][name] = stored
        return jsonify(self._resource(bucket, stored))

    def _find(self, bucket: str, name: str) -> StoredObject | Response:
        if bucket not in self.buckets:
            return google_error(404, "The specified bucket does not exist.")
        stored = self.buckets[bucket].get(name)
        if stored is None:
            return google_error(404, f"No such object: {bucket}/{name}")
        return stored

    def _resource(self, bucket: str, stored: StoredObject) -> dict[str, Any]:
        path = f"b/{bucket}/o/{quote(stored.name, safe='')}"
        return {
            "kind": "storage#object",
            "id": f"{bucket}/{stored.name}/{stored.generation}",
            "selfLink": f"{request.url_root}storage/v1/{path}",
            "mediaLink": f"{request.url_root}download/storage/v1/{path}"
                         f"?generation={stored.generation}&alt=media",
            "name": stored.name, "bucket": bucket,
            "generation": str(stored.generation), "metageneration": "1",
            "contentType": stored.content_type, "size": str(len(stored.data)),
            "md5Hash": md5_base64(stored.data), "crc32c": crc32c_base64(stored.data),
            "etag": base64.b64encode(str(stored.generation).encode()).decode(),
            "storageClass": "STANDARD", "timeCreated": stored.created, "updated": stored.created,
            **({"metadata": stored.metadata} if stored.metadata else {}),
        }


def _checksum_mismatch(data: bytes, metadata: dict[str, Any], hash_header: str) -> str:
    """GCS refuses an upload whose declared md5Hash/crc32c (in the metadata, or an
    `x-goog-hash: crc32c=...,md5=...` header on the final chunk) differs from the bytes."""
    declared = {k: metadata[k] for k in ("md5Hash", "crc32c") if k in metadata}
    for item in filter(None, hash_header.split(",")):
        algorithm, _, value = item.strip().partition("=")
        declared[{"md5": "md5Hash"}.get(algorithm, algorithm)] = value
    actual = {"md5Hash": md5_base64(data), "crc32c": crc32c_base64(data)}
    wrong = [k for k, v in declared.items() if k in actual and actual[k] != v]
    return f"Provided {wrong[0]} does not match the data" if wrong else ""
