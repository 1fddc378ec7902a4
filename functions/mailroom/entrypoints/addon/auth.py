"""Who is asking: the add-on (its system id token, audience = the exact URL of the route) on
behalf of which configured user (the user id token, audience = the add-on's OAuth client).
Either token missing, expired, for another audience, from another issuer or account: refused."""

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


def user_of(settings: AddonSettings, email: str) -> User | None:
    """Approvers review too; anyone else is nobody to the add-on."""
    if email in settings.approvers:
        return User(email, approver=True, limit=settings.approvers[email])
    return User(email) if email in settings.reviewers else None


class AddonAuth:
    def __init__(self, settings: AddonSettings, certs_url: str, request: object = None) -> None:
        self.settings = settings
        certs = request or CachingRequest()  # one certificate cache for every verifier
        base = settings.url.rstrip("/")
        self._system = {route: TokenVerifier(OidcPolicy(f"{base}/{route}", frozenset({settings.service_account}),
                                                        certs_url), certs)
                        for route in ROUTES}
        people = frozenset(settings.reviewers) | frozenset(settings.approvers)
        self._user = TokenVerifier(OidcPolicy(settings.oauth_client_id, people, certs_url), certs)

    def user(self, route: str, event: AddonEvent, authorization: str | None = None) -> User:
        system = event.system_id_token.get_secret_value() if event.system_id_token else _bearer(authorization)
        if route not in self._system or not system or event.user_id_token is None:
            raise Unauthorized("missing add-on or user id token")
        self._system[route].verify(system)
        claims = self._user.verify(event.user_id_token.get_secret_value())
        found = user_of(self.settings, str(claims["email"]))
        if found is None:  # unreachable while the verifier's accounts are exactly these people
            raise Unauthorized("not a configured reviewer or approver")
        return found


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""
