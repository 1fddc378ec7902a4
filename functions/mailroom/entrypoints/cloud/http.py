"""HTTP entry points: authenticate, act, answer in JSON. Every request must carry a Google
OIDC token for exactly this endpoint's URL from an allowed service account; anything else gets
401 and nothing is done."""

import logging
from collections.abc import Callable
from functools import cache
from typing import Any

from mailroom.domain.errors import PermanentError, TransientError
from mailroom.entrypoints.oidc import OidcPolicy, TokenVerifier, Unauthorized, bearer_token

log = logging.getLogger(__name__)

Answer = tuple[dict[str, Any], int, dict[str, str]]
_JSON = {"Content-Type": "application/json"}


@cache
def verifier(endpoint: str) -> TokenVerifier:
    from mailroom.entrypoints.cloud.wiring import settings

    cloud = settings().cloud
    return TokenVerifier(OidcPolicy(
        audience=cloud.endpoint_urls.get(endpoint, ""),
        service_accounts=frozenset(cloud.callers.get(endpoint, ())),
        certs_url=cloud.certs_url,
    ))


def authenticated(endpoint: str, authorization: str | None, action: Callable[[], Any]) -> Answer:
    try:
        claims = verifier(endpoint).verify(bearer_token(authorization))
    except (Unauthorized, ValueError) as exc:
        return refused(endpoint, str(exc))
    log.info("authenticated", extra={"endpoint": endpoint, "caller": claims.get("email")})
    return answered(endpoint, action)


def refused(endpoint: str, reason: str) -> Answer:
    log.warning("refused", extra={"endpoint": endpoint, "reason": reason})
    return {"error": "unauthorized"}, 401, {**_JSON, "WWW-Authenticate": "Bearer"}


def answered(endpoint: str, action: Callable[[], Any]) -> Answer:
    """Run an authenticated request's action; the outcome as JSON and an HTTP status."""
    try:
        return {"ok": True, "result": action()}, 200, _JSON
    except TransientError as exc:
        # 503 makes Cloud Scheduler and the Apps Script notifier try again later.
        log.warning("transient failure", extra={"endpoint": endpoint, "reason": str(exc)})
        return {"error": str(exc), "retry": True}, 503, {**_JSON, "Retry-After": "30"}
    except PermanentError as exc:
        log.error("permanent failure", extra={"endpoint": endpoint, "reason": str(exc)})
        return {"error": str(exc), "retry": False}, 422, _JSON
