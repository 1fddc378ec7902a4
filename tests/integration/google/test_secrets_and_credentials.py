"""Secret Manager through the real client (REST transport) against the stand-in, and the
credentials built from what it holds."""

import json

import pytest
from google.api_core.client_options import ClientOptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import secretmanager

from mailroom.adapters.google import scopes
from mailroom.adapters.google.credentials import delegated_gmail, oauth_user
from mailroom.adapters.google.secrets import SecretManagerSecrets
from mailroom.domain.errors import PermanentError, TransientError
from mailroom.standins.secret_manager import SecretManagerStandIn
from mailroom.standins.server import Faults, serving

TOKEN = {"refresh_token": "1//r3fr3sh-SECRET", "client_id": "id.apps.googleusercontent.com",
         "client_secret": "cl13nt-SECRET", "token_uri": "https://oauth2.googleapis.com/token"}
NAME = "projects/p/secrets/gmail-oauth/versions/latest"


@pytest.fixture
def stand_in():
    return SecretManagerStandIn({"projects/p/secrets/gmail-oauth": json.dumps(TOKEN).encode(),
                                 "projects/p/secrets/not-json": b"hunter2-SECRET"})


@pytest.fixture
def secrets(stand_in):
    with serving(stand_in) as url:
        client = secretmanager.SecretManagerServiceClient(
            credentials=AnonymousCredentials(), transport="rest",
            client_options=ClientOptions(api_endpoint=url))
        yield SecretManagerSecrets(client)


def test_a_secret_is_read_once_and_cached(secrets, stand_in):
    assert json.loads(secrets(NAME)) == TOKEN
    assert json.loads(secrets(NAME)) == TOKEN
    assert stand_in.requests["versions.access"] == 1


def test_a_corrupted_payload_is_refused_as_transient(secrets, stand_in):
    stand_in.corrupt = True
    with pytest.raises(TransientError, match="checksum"):
        secrets(NAME)


def test_a_missing_secret_is_permanent_and_names_only_the_secret(secrets):
    with pytest.raises(PermanentError, match="projects/p/secrets/absent"):
        secrets("projects/p/secrets/absent/versions/latest")


def test_throttling_is_transient():
    stand_in = SecretManagerStandIn({"projects/p/secrets/s": b"x"}, faults=Faults(script=[429] * 10))
    with serving(stand_in) as url:
        client = secretmanager.SecretManagerServiceClient(
            credentials=AnonymousCredentials(), transport="rest",
            client_options=ClientOptions(api_endpoint=url))
        with pytest.raises(TransientError):
            SecretManagerSecrets(client)("projects/p/secrets/s/versions/1")


def test_oauth_credentials_come_from_the_secret_with_the_gmail_scope(secrets):
    credentials = oauth_user(NAME, secrets, scopes.GMAIL)
    assert credentials.refresh_token == TOKEN["refresh_token"]
    assert tuple(credentials.scopes) == scopes.GMAIL


def test_a_secret_that_is_not_token_json_never_shows_its_value(secrets):
    with pytest.raises(PermanentError) as caught:
        oauth_user("projects/p/secrets/not-json/versions/latest", secrets, scopes.GMAIL)
    assert "hunter2" not in str(caught.value) and caught.value.__cause__ is None


def test_delegation_needs_the_service_account():
    with pytest.raises(PermanentError, match="DELEGATION_SERVICE_ACCOUNT"):
        delegated_gmail("", "ap@example.com")


def test_delegation_impersonates_the_account_for_the_mailbox(monkeypatch):
    monkeypatch.setattr("google.auth.default", lambda scopes=None: (AnonymousCredentials(), "p"))
    credentials = delegated_gmail("dwd@p.iam.gserviceaccount.com", "ap@example.com")
    assert credentials.service_account_email == "dwd@p.iam.gserviceaccount.com"
    assert credentials._subject == "ap@example.com"
    assert credentials._target_scopes == list(scopes.GMAIL)
