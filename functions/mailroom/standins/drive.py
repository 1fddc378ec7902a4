"""A Drive v3 stand-in: the files.list / create / get calls an archive makes, with the three
upload protocols under `/upload/drive/v3/files`, folders, appProperties and their limits.

With `shared_drive=True` the archive lives in a shared drive, and the stand-in does what
Drive does to a client that forgets to say it supports them: files it asks for by id are
"not found", and its searches leave them out.

Routing: googleapiclient sends media uploads to https://www.googleapis.com/upload/... even
when `api_endpoint` names another host, and this stand-in speaks plain HTTP on loopback. So
the client gets `RoutedHttp`, an httplib2.Http that swaps that origin for the stand-in's. The
real client still builds every URL, body and header; only the host it connects to changes."""

import hashlib
import itertools
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httplib2
from flask import Response, jsonify, make_response, request

from mailroom.standins.drive_query import QueryError, parse_query, select
from mailroom.standins.media import StorageStandIn, UploadSession, md5_base64
from mailroom.standins.server import Faults, google_error

FOLDER = "application/vnd.google-apps.folder"
GOOGLEAPIS = "https://www.googleapis.com"
_DEFAULT_FIELDS = "kind,id,name,mimeType"  # what Drive v3 returns when `fields` is not given
_PROPERTY_BYTES, _PROPERTIES_PER_APP = 124, 30


@dataclass
class DriveFile:
    id: str
    name: str
    mime_type: str
    parents: list[str]
    app_properties: dict[str, str] = field(default_factory=dict)
    description: str = ""
    data: bytes | None = None
    created: str = ""
    sequence: int = 0  # creation order, strict where createdTime ties within a millisecond

    def resource(self) -> dict[str, Any]:
        view = "drive/folders/{}" if self.mime_type == FOLDER else "file/d/{}/view?usp=drivesdk"
        body: dict[str, Any] = {
            "kind": "drive#file", "id": self.id, "name": self.name, "mimeType": self.mime_type,
            "parents": self.parents, "trashed": False, "createdTime": self.created,
            "modifiedTime": self.created, "appProperties": self.app_properties,
            "webViewLink": "https://drive.google.com/" + view.format(self.id),
        }
        if self.description:
            body["description"] = self.description
        if self.data is not None:
            body.update(size=str(len(self.data)), md5Checksum=md5_base64(self.data),
                        sha256Checksum=hashlib.sha256(self.data).hexdigest())
        return body


class DriveStandIn(StorageStandIn):
    def __init__(self, *, shared_drive: bool = False, faults: Faults | None = None,
                 lost: Faults | None = None) -> None:
        self.shared_drive = shared_drive
        self.files: dict[str, DriveFile] = {}
        self._order = itertools.count()
        self.root_id = self._add({"name": "mailroom archive", "mimeType": FOLDER}, None).id
        super().__init__(faults=faults, lost=lost)

    def routes(self) -> None:
        self.app.get("/drive/v3/files")(self.list_files)
        self.app.post("/drive/v3/files")(self.create_metadata)
        self.app.get("/drive/v3/files/<file_id>")(self.get_file)
        self.app.post("/upload/drive/v3/files")(self.upload)
        self.app.put("/upload/drive/v3/files")(self.upload_chunk)

    def documents(self) -> list[DriveFile]:
        return [f for f in self.files.values() if f.mime_type != FOLDER]

    def folders(self) -> list[DriveFile]:
        return [f for f in self.files.values() if f.mime_type == FOLDER and f.id != self.root_id]

    # --- routes -------------------------------------------------------------------------

    def list_files(self) -> Response:
        try:
            matches = parse_query(request.args.get("q", ""))
        except QueryError as exc:
            return google_error(400, str(exc), reason="invalid")
        order = request.args.get("orderBy", "createdTime")
        if order not in ("createdTime", "name"):  # the stand-in sorts by these only
            return google_error(400, f"Invalid Value: orderBy {order}", reason="invalid")
        visible = self._allowed("includeItemsFromAllDrives") and self._allowed("supportsAllDrives")
        files = sorted(self.files.values(), key=lambda f: f.sequence if order == "createdTime"
                       else f.name)
        found = [r for r in (f.resource() for f in files) if visible and matches(r)]
        start = int(request.args.get("pageToken") or 0)
        size = int(request.args.get("pageSize", 100))
        body: dict[str, Any] = {"kind": "drive#fileList", "incompleteSearch": False,
                                "files": found[start:start + size]}
        if start + size < len(found):
            body["nextPageToken"] = str(start + size)
        fields = request.args.get("fields", f"kind,incompleteSearch,files({_DEFAULT_FIELDS})")
        return jsonify(select(body, fields))

    def create_metadata(self) -> Response:
        return self._create(request.get_json(silent=True) or {}, None, dict(request.args))

    def get_file(self, file_id: str) -> Response:
        file = self.files.get(file_id)
        if file is None or not self._allowed("supportsAllDrives"):
            return google_error(404, f"File not found: {file_id}.", reason="notFound")
        if request.args.get("alt") != "media":
            return jsonify(select(file.resource(), request.args.get("fields", _DEFAULT_FIELDS)))
        if file.data is None:
            return google_error(403, "Only files with binary content can be downloaded.",
                                reason="fileNotDownloadable")
        response = make_response(file.data)
        response.headers["Content-Type"] = file.mime_type
        return response

    def upload(self) -> Response:
        return self.receive_upload(
            lambda metadata, content_type, data: self._create(
                {"mimeType": content_type, **metadata}, data, dict(request.args)),
            {})

    def finish_upload(self, session: UploadSession, data: bytes) -> Response:
        return self._create({"mimeType": session.content_type, **session.metadata}, data,
                            session.params)

    # --- storage ------------------------------------------------------------------------

    def _create(self, metadata: dict[str, Any], data: bytes | None,
                params: dict[str, str]) -> Response:
        problem = _invalid_properties(metadata.get("appProperties") or {})
        if problem:
            return google_error(400, problem, reason="invalid")
        parents = metadata.get("parents") or [self.root_id]
        parent = self.files.get(parents[0])
        if len(parents) != 1 or parent is None or parent.mime_type != FOLDER or (
                self.shared_drive and params.get("supportsAllDrives") != "true"):
            return google_error(404, f"File not found: {parents[0]}.", reason="notFound")
        with self.lock:
            file = self._add({**metadata, "parents": parents}, data)
        return jsonify(select(file.resource(), params.get("fields", _DEFAULT_FIELDS)))

    def _add(self, metadata: dict[str, Any], data: bytes | None) -> DriveFile:
        file = DriveFile(
            id="1" + secrets.token_urlsafe(24)[:32], name=metadata.get("name", "Untitled"),
            mime_type=metadata.get("mimeType") or "application/octet-stream",
            parents=list(metadata.get("parents") or []),
            app_properties=dict(metadata.get("appProperties") or {}),
            description=metadata.get("description", ""), data=data,
            created=time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
            sequence=next(self._order),
        )
        self.files[file.id] = file
        return file

    def _allowed(self, flag: str) -> bool:
        return not self.shared_drive or request.args.get(flag) == "true"


def _invalid_properties(properties: dict[str, str]) -> str:
    if len(properties) > _PROPERTIES_PER_APP:
        return f"A file can have at most {_PROPERTIES_PER_APP} private properties per app."
    for key, value in properties.items():
        if len(key.encode()) + len(str(value).encode()) > _PROPERTY_BYTES:
            return f"The property {key} exceeds {_PROPERTY_BYTES} bytes (key and value, UTF-8)."
    return ""


class RoutedHttp(httplib2.Http):
    """An httplib2.Http that connects to `base_url` whatever googleapis.com URL it is given."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self.redirect_codes = self.redirect_codes - {308}  # resumable "incomplete", as build() does
        self._base_url = base_url

    def request(self, uri: str, *args: Any, **kwargs: Any) -> Any:
        if uri.startswith(GOOGLEAPIS):
            uri = self._base_url + uri[len(GOOGLEAPIS):]
        return super().request(uri, *args, **kwargs)
