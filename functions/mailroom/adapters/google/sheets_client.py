"""The gspread client the staging sheet uses: Application Default Credentials with the
`spreadsheets` and `drive.file` scopes (drive.file: mailroom sees only the files it created or
was given), or, for tests and the local stack, the same client pointed at a Sheets stand-in.

gspread builds its URLs from module constants (`gspread.urls`, copied into `http_client` at
import), so the endpoint is changed in the transport instead: a requests adapter mounted for
https://sheets.googleapis.com/ rewrites each prepared request to the stand-in's base URL. The
real gspread still builds every request; only where it is sent changes."""

from typing import Any

import gspread
from google.auth.credentials import AnonymousCredentials
from google.auth.exceptions import DefaultCredentialsError
from google.auth.transport.requests import AuthorizedSession
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter

from mailroom.adapters.google import credentials, scopes
from mailroom.adapters.google.sheets_calls import DEFAULT_BACKOFF, Backoff, call
from mailroom.domain.errors import PermanentError

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
        try:
            session = AuthorizedSession(
                credentials.application_default(scopes.SHEETS + scopes.DRIVE)
            )
        except DefaultCredentialsError as exc:
            raise PermanentError(
                f"no Google credentials ({exc}): run `gcloud auth application-default login`, "
                "or set GOOGLE_APPLICATION_CREDENTIALS"
            ) from exc
    client = gspread.Client(auth=None, session=session)  # type: ignore[arg-type]  # a session needs no auth
    client.set_timeout(timeout)  # gspread waits forever by default
    return client


def open_spreadsheet(
    client: gspread.Client, spreadsheet_id: str, backoff: Backoff = DEFAULT_BACKOFF
) -> gspread.Spreadsheet:
    """The spreadsheet (one metadata GET), failures translated: gspread's own open_by_key
    raises exceptions of its own for 403 and 404."""
    return call(
        f"open spreadsheet {spreadsheet_id}",
        lambda: gspread.Spreadsheet(client.http_client, {"id": spreadsheet_id}),
        backoff,
    )
