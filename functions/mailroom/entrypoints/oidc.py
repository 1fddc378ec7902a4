"""Verifies the Google-signed OIDC id tokens that every HTTP entry point demands: Pub/Sub push,
Cloud Scheduler, the Sheet's Apps Script notifier (ScriptApp.getIdentityToken) and the Gmail
add-on's `authorizationEventObject.systemIdToken`.

A token passes only if Google signed it (keys from the certs URL, cached as long as Google's
Cache-Control allows), it has not expired, its issuer is Google's, its audience is exactly the
configured URL of this endpoint, and it names one of the expected service accounts with a
verified email. The token itself is never logged or echoed back."""

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_ISSUERS = frozenset({"accounts.google.com", "https://accounts.google.com"})


class Unauthorized(Exception):
    """The request is not from who it claims to be; answer 401 and do nothing."""


@dataclass(frozen=True)
class OidcPolicy:
    audience: str  # the exact public URL of the endpoint
    service_accounts: frozenset[str]  # emails allowed to call it
    certs_url: str = GOOGLE_CERTS_URL


def bearer_token(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("missing bearer token")
    return token.strip()


class TokenVerifier:
    def __init__(self, policy: OidcPolicy, request: Any = None) -> None:
        if not policy.audience or not policy.service_accounts:
            # Fail closed: an endpoint without a configured audience would accept any token.
            raise ValueError("an OIDC policy needs the endpoint URL and the allowed accounts")
        self.policy = policy
        self._request = request

    def verify(self, token: str) -> Mapping[str, Any]:
        from google.auth import exceptions
        from google.oauth2 import id_token

        try:
            claims = id_token.verify_token(
                token, self._http(), audience=self.policy.audience,
                certs_url=self.policy.certs_url, clock_skew_in_seconds=10)
        except (ValueError, exceptions.GoogleAuthError) as exc:
            raise Unauthorized(f"invalid token: {type(exc).__name__}") from None
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise Unauthorized("token not issued by Google")
        if not claims.get("email_verified") or claims.get("email") not in self.policy.service_accounts:
            raise Unauthorized("token is not from an allowed service account")
        return claims

    def _http(self) -> Any:
        if self._request is None:
            self._request = CachingRequest()
        return self._request


class CachingRequest:
    """A google-auth transport Request that keeps GET responses (the signing certs) for the
    max-age Google sends, so a warm instance verifies without a network round trip."""

    def __init__(self, inner: Any = None) -> None:
        if inner is None:
            from google.auth.transport.requests import Request

            inner = Request()
        self._inner = inner
        self._cache: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def __call__(self, url: str, method: str = "GET", **kwargs: Any) -> Any:
        if method != "GET":
            return self._inner(url, method=method, **kwargs)
        with self._lock:
            hit = self._cache.get(url)
            if hit and hit[0] > time.monotonic():
                return hit[1]
        response = self._inner(url, method=method, **kwargs)
        if response.status == 200 and (max_age := _max_age(response.headers)):
            with self._lock:
                self._cache[url] = (time.monotonic() + max_age, response)
        return response


def _max_age(headers: Mapping[str, str]) -> int:
    for part in headers.get("cache-control", headers.get("Cache-Control", "")).split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age" and value.isdigit():
            return int(value)
    return 0
