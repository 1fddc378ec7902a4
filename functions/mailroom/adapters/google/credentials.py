"""Credentials for each Google API, chosen by the settings.

GCP APIs (Storage, Vision, Secret Manager) use Application Default Credentials: the function's
own service account. Gmail is a Workspace user's mailbox, reached one of two ways:
- "delegation": keyless domain-wide delegation. The runtime account signs a JWT for the
  delegated service account through IAM signJwt (it needs roles/iam.serviceAccountTokenCreator
  on it), with `subject` = the mailbox. No key file exists anywhere.
- "oauth": a user's refresh token, kept in Secret Manager as the JSON google-auth writes
  (`Credentials.to_json()`), read at first use and never logged."""

import json
from collections.abc import Callable, Sequence

import google.auth
from google.auth import impersonated_credentials
from google.auth.credentials import Credentials
from google.oauth2.credentials import Credentials as UserCredentials

from mailroom.adapters.google import scopes
from mailroom.domain.errors import PermanentError

SecretReader = Callable[[str], bytes]


def application_default(scope_list: Sequence[str] = scopes.CLOUD) -> Credentials:
    credentials, _ = google.auth.default(scopes=list(scope_list))
    return credentials


def delegated_gmail(service_account: str, user: str) -> Credentials:
    """Keyless domain-wide delegation: act as `user` through `service_account`."""
    if not service_account:
        raise PermanentError("gmail auth 'delegation' needs MAILROOM_GOOGLE__DELEGATION_SERVICE_ACCOUNT")
    return impersonated_credentials.Credentials(
        source_credentials=application_default(),
        target_principal=service_account,
        target_scopes=list(scopes.GMAIL),
        subject=user,
    )


def oauth_user(secret_name: str, read_secret: SecretReader, scope_list: Sequence[str]) -> Credentials:
    """A user's OAuth refresh token from Secret Manager (`projects/P/secrets/S/versions/V`)."""
    try:
        info = json.loads(read_secret(secret_name))
    except ValueError:
        # Never echo the payload: it is a credential.
        raise PermanentError(f"secret {secret_name} does not hold OAuth token JSON") from None
    return UserCredentials.from_authorized_user_info(info, scopes=list(scope_list))
