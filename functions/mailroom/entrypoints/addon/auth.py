"""Who is asking: the add-on (its system id token, audience = the exact URL of the route) on
behalf of which configured user (the user id token, audience = the add-on's OAuth client).
Either token missing, expired, for another audience, from another issuer or account: refused."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from mailroom.config import AddonSettings
from mailroom.entrypoints.addon.event import AddonEvent
from mailroom.entrypoints.oidc import CachingRequest, OidcPolicy, TokenVerifier, Unauthorized

ROUTES = ("home", "message", "action")


@dataclass(frozen=True)
class User:
    email: str
    approver: bool = False
    limit: Decimal | None = None  # an approver's largest grand total; None: no limit

    def may_post(self, amount: Decimal | None) -> bool:
        if not self.approver:
            return False
        return self.limit is None or (amount is not None and amount <= self.limit)


def user_of(approvers: Mapping[str, Decimal | None], email: str) -> User:
    """The role of a verified reviewer or approver (approvers review too)."""
    if email in approvers:
        return User(email, approver=True, limit=approvers[email])
    return User(email)


class AddonAuth:
    def __init__(self, settings: AddonSettings, certs_url: str, request: object = None) -> None:
        certs = request or CachingRequest()  # one certificate cache for every verifier
        base = settings.url.rstrip("/")
        self._system = {route: TokenVerifier(OidcPolicy(f"{base}/{route}", frozenset({settings.service_account}),
                                                        certs_url), certs)
                        for route in ROUTES}
        # Google's tokens carry the address in lower case; settings may be typed otherwise.
        self._approvers = {email.lower(): limit for email, limit in settings.approvers.items()}
        people = frozenset(email.lower() for email in settings.reviewers) | frozenset(self._approvers)
        self._user = TokenVerifier(OidcPolicy(settings.oauth_client_id, people, certs_url), certs)

    def user(self, route: str, event: AddonEvent, authorization: str | None = None) -> User:
        system = event.system_id_token.get_secret_value() if event.system_id_token else _bearer(authorization)
        if route not in self._system or not system or event.user_id_token is None:
            raise Unauthorized("missing add-on or user id token")
        self._system[route].verify(system)
        # Its accounts are exactly the configured people: anyone else is refused here.
        claims = self._user.verify(event.user_id_token.get_secret_value())
        return user_of(self._approvers, str(claims["email"]))


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
