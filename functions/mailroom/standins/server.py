"""The plumbing every stand-in shares: a Flask app served on a loopback port in a thread,
request counting, and fault injection with Google's error bodies."""

import random
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.serving import WSGIRequestHandler, make_server

# The `status` and `errors[].reason` Google's JSON APIs send with each HTTP code.
_STATUS = {
    400: ("INVALID_ARGUMENT", "invalidArgument"),
    401: ("UNAUTHENTICATED", "authError"),
    403: ("PERMISSION_DENIED", "forbidden"),
    404: ("NOT_FOUND", "notFound"),
    409: ("ABORTED", "aborted"),
    412: ("FAILED_PRECONDITION", "conditionNotMet"),
    429: ("RESOURCE_EXHAUSTED", "rateLimitExceeded"),
    500: ("INTERNAL", "backendError"),
    503: ("UNAVAILABLE", "backendError"),
}


def google_error(code: int, message: str, reason: str | None = None) -> Response:
    """An error response shaped like Google's: {"error": {code, message, errors[], status}}."""
    status, default_reason = _STATUS.get(code, ("UNKNOWN", "unknown"))
    body = {
        "error": {
            "code": code,
            "message": message,
            "errors": [{"domain": "global", "reason": reason or default_reason, "message": message}],
            "status": status,
        }
    }
    response = jsonify(body)
    response.status_code = code
    return response


@dataclass
class Faults:
    """Fails a share of requests transiently (429 or 503), reproducibly from `seed`.

    `script` takes precedence: a list of status codes returned by the next requests, in order
    (0 lets one through), for tests that need one exact failure at one exact point."""

    rate: float = 0.0
    seed: int = 0
    script: list[int] = field(default_factory=list)
    injected: int = 0

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()

    def next_failure(self) -> int | None:
        with self._lock:
            if self.script:
                code = self.script.pop(0)
                return code or None
            if self.rate and self._random.random() < self.rate:
                return self._random.choice((429, 503))
            return None

    def respond(self) -> Response | None:
        code = self.next_failure()
        if code is None:
            return None
        self.injected += 1
        return google_error(code, "injected fault: try again later")


class StandIn:
    """Base of a stand-in: owns the Flask app, counts requests by `name` and injects faults
    before a route runs. Subclasses add routes in `routes()`."""

    def __init__(self, *, faults: Faults | None = None) -> None:
        self.faults = faults or Faults()
        self.requests: Counter[str] = Counter()  # by endpoint name
        self.app = Flask(type(self).__name__)
        self.app.before_request(self._before)
        self.routes()

    def routes(self) -> None:
        raise NotImplementedError

    def _before(self) -> Response | None:
        self.requests[request.endpoint or request.path] += 1
        return self.faults.respond()

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: object, **kwargs: object) -> None:
        pass  # the counters say what was called; one line per request would drown test output


@contextmanager
def serving(stand_in: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve a stand-in (anything with a Flask `app`) or a Flask app itself (a function's) on a
    free loopback port for the duration; yields its base URL (`http://127.0.0.1:PORT`, no
    trailing slash)."""
    app = stand_in if isinstance(stand_in, Flask) else stand_in.app
    server = make_server(host, 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name=type(stand_in).__name__, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
