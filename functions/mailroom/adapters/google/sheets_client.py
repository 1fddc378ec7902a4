"""The gspread client the staging sheet uses: Application Default Credentials with the
`spreadsheets` and `drive.file` scopes (drive.file: mailroom sees only the files it created or
was given), or, for tests and the local stack, the same client pointed at a Sheets stand-in.

gspread builds its URLs from module constants (`gspread.urls`, copied into `http_client` at
import), so the endpoint is changed in the transport instead: a requests adapter mounted for
https://sheets.googleapis.com/ rewrites each prepared request to the stand-in's base URL. The
real gspread still builds every request; only where it is sent changes."""

from typing import Any

import google.auth
import gspread
from google.auth.credentials import AnonymousCredentials
from google.auth.transport.requests import AuthorizedSession
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter

SCOPES = (
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive.file",
)
GOOGLE_SHEETS = "https://sheets.googleapis.com/"


class EndpointAdapter(HTTPAdapter):
    """Sends what was meant for https://sheets.googleapis.com/ to `endpoint` instead."""

    def __init__(self, endpoint: str) -> None:
        super().__init__()
        self.endpoint = endpoint.rstrip("/") + "/"

    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        request.url = self.endpoint + (request.url or "").removeprefix(GOOGLE_SHEETS)
        return super().send(request, *args, **kwargs)


def sheets_client(endpoint: str | None = None, timeout: float = 60.0) -> gspread.Client:
    """`endpoint` (e.g. http://127.0.0.1:8123) sends every call to a stand-in, unauthenticated."""
    if endpoint:
        session = AuthorizedSession(AnonymousCredentials())
        session.mount(GOOGLE_SHEETS, EndpointAdapter(endpoint))
    else:
        credentials, _ = google.auth.default(scopes=SCOPES)
        session = AuthorizedSession(credentials)
    client = gspread.Client(auth=None, session=session)  # type: ignore[arg-type]  # a session needs no auth
    client.set_timeout(timeout)  # gspread waits forever by default
    return client
