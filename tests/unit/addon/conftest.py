"""Documents in every state the sidebar must show, made by the real stages on the fake ports,
and the Card v1 schema every answer is checked against."""

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from google.apps.card_v1 import types as card_types

from mailroom.domain.commands import PostApproved, ProcessDocument, SyncErpStatus
from mailroom.entrypoints.addon.auth import User
from mailroom.entrypoints.addon.present import View
from mailroom.service_layer import review
from mailroom.service_layer.handlers import handle
from mailroom.service_layer.services import Services
from tests.integration.test_oidc import identity  # noqa: F401  (the fixture: Google's signer, locally)
from tests.unit.conftest import CLEAN, mail, pump
from tests.unit.test_pipeline_stages import deliver

SCHEMA = json.loads((Path(__file__).parents[2] / "fixtures" / "addon" / "card_v1.schema.json").read_text())
ACTION_URL = "https://addon.example.run.app/action"
REVIEWER = User("rita@acme.example")
APPROVER = User("alan@acme.example", approver=True, limit=Decimal("500"))


def view(user: User = REVIEWER) -> View:
    return View(ACTION_URL, "https://docs.google.com/spreadsheets/d/SHEET", user, threshold=0.9)


def check_response(body: dict) -> None:
    """Valid for the hand-written schema, and every card parses as google-apps-card's Card
    type too (which refuses unknown fields): two independent readings of Card v1."""
    jsonschema.validate(body, SCHEMA)
    action = body.get("renderActions", body)["action"]
    for navigation in action["navigations"]:
        for card in navigation.values():
            card_types.Card.from_json(json.dumps(card))


def _needs_review(services: Services) -> None:
    deliver(services, "m1", mail(("a.pdf", (CLEAN + ";conf=0.55").encode())))


def _clean(services: Services) -> None:
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode())))


def _approve(services: Services) -> None:
    review.approve(services, services.sheet.rows()[0].key, REVIEWER.email)


def _ingest_only(services: Services) -> None:
    """Archive the mail and record its documents, but read none: what a click sees mid-way."""
    published = services.publisher.published  # type: ignore[attr-defined]
    while published and not isinstance(published[0], ProcessDocument):
        handle(published.pop(0), services)


def _paid(services: Services) -> None:
    services.erp.set_state("1", "paid")  # type: ignore[attr-defined]
    handle(SyncErpStatus(), services)


# state → the steps that bring a fresh mail there
STATES: dict[str, list[Callable[[Services], None]]] = {
    "extracting": [_clean, _ingest_only],
    "needs_review": [_needs_review, pump],
    "approved": [_clean, pump, _approve],
    "posted": [_clean, pump, _approve, lambda s: handle(PostApproved(), s)],
    "paid": [_clean, pump, _approve, lambda s: handle(PostApproved(), s), _paid],
    "error": [lambda s: deliver(s, "m1", mail(("a.pdf", b"%BROKEN"))), pump],
    "duplicate": [_clean, pump, lambda s: deliver(s, "m2", mail(("a.pdf", CLEAN.encode()), subject="Again")),
                  pump],
    "on_hold": [_needs_review, pump, lambda s: review.hold(s, s.sheet.rows()[0].key, REVIEWER.email)],
}


@pytest.fixture
def in_state(services) -> Callable[[str], Services]:
    def make(state: str) -> Services:
        for step in STATES[state]:
            step(services)
        return services
    return make


# The deployed function, driven through Functions Framework with real-shaped event JSON.
MAIN = str(Path(__file__).parents[3] / "functions" / "main.py")
BASE = "https://addon.example.run.app"
ADDON_ACCOUNT = "service-123@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
CLIENT_ID = "123-addon.apps.googleusercontent.com"


@pytest.fixture
def client(identity, services, monkeypatch):
    import functions_framework

    from mailroom.entrypoints.addon import app
    from mailroom.entrypoints.cloud import wiring

    for name, value in {"URL": BASE, "SERVICE_ACCOUNT": ADDON_ACCOUNT, "OAUTH_CLIENT_ID": CLIENT_ID,
                        "REVIEWERS": json.dumps([REVIEWER.email]),
                        "APPROVERS": json.dumps({APPROVER.email: str(APPROVER.limit)}),
                        "SHEET_URL": "https://docs.google.com/spreadsheets/d/SHEET"}.items():
        monkeypatch.setenv(f"MAILROOM_ADDON__{name}", value)
    monkeypatch.setenv("MAILROOM_CLOUD__CERTS_URL", identity.certs_url)
    wiring.reload_settings()
    app.addon.cache_clear()
    wiring.override(services)
    yield functions_framework.create_app("addon", MAIN).test_client()
    wiring.override(None)
    wiring.reload_settings()
    app.addon.cache_clear()


def event(identity, route: str, *, user: str = REVIEWER.email, message_id: str | None = "m1",
          form: dict[str, str] | None = None, system: str | None = None, user_token: str | None = None,
          **parameters: str) -> dict:
    """What Gmail POSTs: tokens minted as Google would for the add-on and for the user."""
    body: dict = {
        "commonEventObject": {"hostApp": "GMAIL", "platform": "WEB", "userLocale": "en-GB"},
        "authorizationEventObject": {
            "systemIdToken": identity.mint(f"{BASE}/{route}", ADDON_ACCOUNT) if system is None else system,
            "userIdToken": identity.mint(CLIENT_ID, user) if user_token is None else user_token,
            "userOAuthToken": "ya29.user-oauth-SECRET"},
    }
    if message_id:
        body["gmail"] = {"messageId": message_id, "threadId": message_id, "accessToken": "gmail-access-SECRET"}
    if parameters:
        body["commonEventObject"]["parameters"] = parameters
        body["commonEventObject"]["invokedFunction"] = f"{BASE}/{route}"
    if form:
        body["commonEventObject"]["formInputs"] = {k: {"stringInputs": {"value": [v]}} for k, v in form.items()}
    return body
