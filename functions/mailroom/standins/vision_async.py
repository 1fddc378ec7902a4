"""`files:asyncBatchAnnotate` for the Vision stand-in, with the long-running operation polled at
`GET v1/operations/{id}`.

Input is read from, and output written to, `storage`: an in-memory Cloud Storage of
"gs://bucket/name" → bytes that a test fills and inspects. As the real service does, every page
of each file is read, results land as JSON files named `<prefix>output-<first>-to-<last>.json`
of `batchSize` pages each (default 20, 1..100), and the operation reports `done` only once all
are written (state CREATED, then RUNNING, then DONE). Output names sort lexically out of page
order from page 10 on, which is what a reader of them must get right.
"""

import json
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Response, jsonify

from mailroom.standins.server import google_error

FILE_TYPES = {"application/pdf", "image/tiff", "image/gif"}
_API = "type.googleapis.com/google.cloud.vision.v1."
_STATES = {"CREATED": 1, "RUNNING": 2, "DONE": 3}

# (file request, its bytes, int enums?) → an AnnotateFileResponse of all its pages
ReadFile = Callable[[dict, bytes, bool, str], dict]


class AsyncBatches:
    def __init__(self, read_file: ReadFile) -> None:
        self.storage: dict[str, bytes] = {}
        self._read_file = read_file
        self._operations: dict[str, dict] = {}
        self._lock = threading.Lock()

    def start(self, items: list[dict], int_enums: bool) -> Response:
        """The new operation; the files are read on a thread of their own."""
        for item in items:
            problem = _invalid(item)
            if problem:
                return google_error(400, problem)
        name = f"operations/{uuid.uuid4().hex}"
        now = _now()
        operation = {"name": name, "done": False,
                     "metadata": {"@type": _API + "OperationMetadata", "createTime": now,
                                  "updateTime": now, "state": _state("CREATED", int_enums)}}
        with self._lock:
            self._operations[name] = operation
        worker = threading.Thread(target=self._run, args=(name, items, int_enums), daemon=True,
                                  name="vision-async")
        worker.start()
        return jsonify(operation)

    def get(self, name: str) -> dict | None:
        with self._lock:
            operation = self._operations.get(name)
            return json.loads(json.dumps(operation)) if operation else None

    def _run(self, name: str, items: list[dict], int_enums: bool) -> None:
        self._update(name, state=_state("RUNNING", int_enums))
        outputs = []
        for item in items:
            source = item["inputConfig"]["gcsSource"]["uri"]
            content = self.storage.get(source)
            if content is None:
                self._finish(name, int_enums, error={"code": 5, "message": f"{source} not found"})
                return
            result = self._read_file(item, content, int_enums, source)
            output = item["outputConfig"]
            self._write(output, item["inputConfig"], result)
            outputs.append({"outputConfig": output})
        self._finish(name, int_enums, response={"@type": _API + "AsyncBatchAnnotateFilesResponse",
                                                "responses": outputs})

    def _write(self, output: dict, input_config: dict, result: dict) -> None:
        prefix = output["gcsDestination"]["uri"]
        size = int(output.get("batchSize") or 20)
        pages = result.get("responses") or [{"error": result.get("error")}]
        for start in range(0, len(pages), size):
            shard = pages[start:start + size]
            numbers = [p.get("context", {}).get("pageNumber", start + 1) for p in shard]
            key = f"{prefix}output-{numbers[0]}-to-{numbers[-1]}.json"
            body = {"inputConfig": input_config, "responses": shard}
            self.storage[key] = json.dumps(body).encode()

    def _finish(self, name: str, int_enums: bool, **outcome: dict) -> None:
        self._update(name, state=_state("DONE", int_enums), done=True, **outcome)

    def _update(self, name: str, *, state: str | int, **fields: object) -> None:
        with self._lock:
            operation = self._operations[name]
            operation["metadata"].update(state=state, updateTime=_now())
            operation.update(fields)


def _invalid(item: dict) -> str:
    config, output = item.get("inputConfig") or {}, item.get("outputConfig") or {}
    if not (config.get("gcsSource") or {}).get("uri"):
        return "inputConfig.gcsSource is required: async requests take no inline content."
    if config.get("mimeType") not in FILE_TYPES:
        return f"Unsupported input file format {config.get('mimeType')!r}."
    if not (output.get("gcsDestination") or {}).get("uri"):
        return "outputConfig.gcsDestination is required."
    if not 1 <= int(output.get("batchSize") or 20) <= 100:
        return "outputConfig.batchSize must be between 1 and 100."
    return ""


def _state(name: str, int_enums: bool) -> str | int:
    return _STATES[name] if int_enums else name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
