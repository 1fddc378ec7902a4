"""Google's batch endpoint: a multipart/mixed POST whose parts are `application/http` requests.
Each part is dispatched through the same Flask app (so it is counted, charged and can fail on
its own), and the answers go back as parts of one 200 response, whatever each part's status."""

import uuid
from collections.abc import Callable
from email.parser import BytesParser, Parser
from urllib.parse import urlsplit

from flask import Flask, Response, request

from mailroom.standins.server import google_error

MAX_PARTS = 100  # Gmail's limit per batch (Google advises at most 50)

# Marks a request as one part of a batch, for the stand-in's fault injection.
BATCH_PART = "mailroom.batch_part"


def batch_view(app: Flask, on_batch: Callable[[int], None]) -> Callable[[], Response]:
    """The view for `/batch` and `/batch/gmail/v1`; `on_batch(size)` records each batch."""

    def view() -> Response:
        content_type = request.headers.get("Content-Type", "")
        if not content_type.startswith("multipart/mixed"):
            return google_error(400, "Batch requests must be multipart/mixed")
        envelope = BytesParser().parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.get_data())
        parts = envelope.get_payload() if envelope.is_multipart() else []
        if not parts or len(parts) > MAX_PARTS:
            return google_error(400, f"A batch holds 1 to {MAX_PARTS} requests, not {len(parts)}")
        on_batch(len(parts))
        client = app.test_client()
        answers = [(part["Content-ID"] or "", _dispatch(client, part.get_payload()))
                   for part in parts]
        boundary = f"batch_{uuid.uuid4().hex}"
        return Response(_envelope(answers, boundary), status=200,
                        content_type=f"multipart/mixed; boundary={boundary}")

    return view


def _dispatch(client, http_request: str) -> Response:
    request_line, _, rest = http_request.lstrip().partition("\n")
    method, target, _version = request_line.strip().split(" ", 2)
    head, body = _split_head(rest)
    headers = Parser().parsestr(head, headersonly=True)
    url = urlsplit(target)
    return client.open(
        url.path, method=method, query_string=url.query, data=body.encode(),
        headers={k: v for k, v in headers.items() if k.lower() not in ("host", "content-length")},
        environ_overrides={BATCH_PART: True},
    )


def _split_head(text: str) -> tuple[str, str]:
    """Headers and body of an HTTP message written with CRLF or bare LF line ends."""
    for separator in ("\r\n\r\n", "\n\n"):
        if separator in text:
            head, body = text.split(separator, 1)
            return head, body
    return text, ""


def _envelope(answers: list[tuple[str, Response]], boundary: str) -> str:
    chunks = []
    for content_id, answer in answers:
        # Google answers part <X> with Content-ID <response-X>; clients rely on the shape.
        response_id = f"<response-{content_id.strip('<>')}>" if content_id else ""
        chunks.append(
            f"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: {response_id}\r\n\r\n"
            f"HTTP/1.1 {answer.status}\r\n"
            f"Content-Type: {answer.content_type or 'application/json; charset=UTF-8'}\r\n\r\n"
            f"{answer.get_data(as_text=True)}\r\n"
        )
    return "".join(chunks) + f"--{boundary}--\r\n"
