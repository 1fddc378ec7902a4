"""Builds each Google client from the settings: real endpoints with the right credentials, or
the local stand-ins (settings.google.endpoints) with anonymous ones. Imports are inside each
function so a Cloud Function pays only for the clients it uses."""

from typing import Any

from mailroom.adapters.google import credentials, scopes
from mailroom.config import GoogleSettings
from mailroom.domain.errors import PermanentError

GMAIL_BATCH_URI = "https://gmail.googleapis.com/batch/gmail/v1"


def _anonymous():  # type: ignore[no-untyped-def]
    from google.auth.credentials import AnonymousCredentials

    return AnonymousCredentials()


def secret_reader(google: GoogleSettings):  # type: ignore[no-untyped-def]
    from google.cloud import secretmanager

    from mailroom.adapters.google.secrets import SecretManagerSecrets

    return SecretManagerSecrets(secretmanager.SecretManagerServiceClient())


def gmail_service(google: GoogleSettings, user: str) -> tuple[Any, str]:
    """(the Gmail Resource acting as `user`, its batch URI). Each request gets its own httplib2
    connection: httplib2 is not thread-safe, and gunicorn (or the dev stack) serves on threads."""
    import httplib2
    from googleapiclient import discovery, http

    endpoint = google.endpoints.gmail.rstrip("/")
    if endpoint:
        def connection() -> Any:
            return httplib2.Http()
        options: dict[str, Any] = {"client_options": {"api_endpoint": endpoint + "/"}}
        batch_uri = endpoint + "/batch/gmail/v1"
    else:
        import google_auth_httplib2

        creds = _gmail_credentials(google, user)

        def connection() -> Any:
            return google_auth_httplib2.AuthorizedHttp(creds, http=httplib2.Http())
        options, batch_uri = {}, GMAIL_BATCH_URI

    def per_request(_http, *args, **kwargs):  # type: ignore[no-untyped-def]
        return http.HttpRequest(connection(), *args, **kwargs)

    service = discovery.build("gmail", "v1", static_discovery=True, requestBuilder=per_request,
                              http=connection(), **options)
    return service, batch_uri


def _gmail_credentials(google: GoogleSettings, user: str) -> Any:
    if google.gmail_auth == "delegation":
        return credentials.delegated_gmail(google.delegation_service_account, user)
    return credentials.oauth_user(google.oauth_token_secret, secret_reader(google), scopes.GMAIL)


def drive_service(google: GoogleSettings) -> Any:
    from googleapiclient import discovery

    if google.endpoints.drive:
        # Drive uploads ignore api_endpoint (docs/google-apis.md §0): route at the http layer.
        from mailroom.standins.drive import RoutedHttp

        return discovery.build("drive", "v3", http=RoutedHttp(google.endpoints.drive.rstrip("/")),
                               static_discovery=True)
    return discovery.build("drive", "v3", static_discovery=True,
                           credentials=credentials.application_default(scopes.DRIVE))


def storage_client(google: GoogleSettings) -> Any:
    from google.cloud import storage

    if google.endpoints.storage:
        return storage.Client(project=google.project or "local", credentials=_anonymous(),
                              client_options={"api_endpoint": google.endpoints.storage})
    return storage.Client(project=google.project or None)


def vision_client(google: GoogleSettings) -> Any:
    from google.cloud import vision

    if google.endpoints.vision:
        return vision.ImageAnnotatorClient(credentials=_anonymous(), transport="rest",
                                           client_options={"api_endpoint": google.endpoints.vision})
    return vision.ImageAnnotatorClient()


def sheets_spreadsheet(google: GoogleSettings) -> Any:
    from mailroom.adapters.google.sheets_client import open_spreadsheet, sheets_client

    return open_spreadsheet(sheets_client(google.endpoints.sheets or None), google.spreadsheet_id)


def pubsub_publisher_client(google: GoogleSettings) -> Any:
    from google.cloud import pubsub_v1

    return _pubsub_client(pubsub_v1.PublisherClient, google)


def pubsub_subscriber_client(google: GoogleSettings) -> Any:
    from google.cloud import pubsub_v1

    return _pubsub_client(pubsub_v1.SubscriberClient, google)


def _pubsub_client(client_class: Any, google: GoogleSettings) -> Any:
    if google.endpoints.pubsub:
        # The stand-in speaks the REST API only (the default transport is gRPC).
        return client_class(credentials=_anonymous(), transport="rest",
                            client_options={"api_endpoint": google.endpoints.pubsub})
    from google.auth.exceptions import DefaultCredentialsError

    try:
        return client_class()
    except DefaultCredentialsError as exc:  # on an operator's machine (`mailroom dlq`)
        raise PermanentError("no Google credentials for Pub/Sub: run `gcloud auth"
                             " application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS"
                             ) from exc
