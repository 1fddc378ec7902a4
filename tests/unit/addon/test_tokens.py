"""A request is served only with the add-on's token for exactly this route's URL and a user
token naming a configured reviewer or approver. Anything else: 401, nothing read or done, and
no token in any log line."""

import logging

import pytest

from mailroom.domain.status import Status
from tests.unit.addon.conftest import ADDON_ACCOUNT, BASE, CLIENT_ID, REVIEWER, event


@pytest.fixture
def needs_review(client, in_state):
    services = in_state("needs_review")
    return client, services, services.sheet.rows()[0].key


SYSTEM = {  # case → how the add-on's system id token is wrong
    "missing": lambda idt: "",
    "expired": lambda idt: idt.mint(f"{BASE}/action", ADDON_ACCOUNT, expires_in=-600),
    "wrong audience: another route": lambda idt: idt.mint(f"{BASE}/home", ADDON_ACCOUNT),
    "wrong audience: another host": lambda idt: idt.mint("https://evil.example/action", ADDON_ACCOUNT),
    "wrong issuer": lambda idt: idt.mint(f"{BASE}/action", ADDON_ACCOUNT, issuer="https://evil.example"),
    "wrong account": lambda idt: idt.mint(f"{BASE}/action", "intruder@p.iam.gserviceaccount.com"),
    "a user's token instead": lambda idt: idt.mint(CLIENT_ID, REVIEWER.email),
}
USER = {  # case → how the user id token is wrong
    "missing": lambda idt: "",
    "expired": lambda idt: idt.mint(CLIENT_ID, REVIEWER.email, expires_in=-600),
    "wrong audience": lambda idt: idt.mint("other-client", REVIEWER.email),
    "wrong issuer": lambda idt: idt.mint(CLIENT_ID, REVIEWER.email, issuer="https://evil.example"),
    "not a reviewer": lambda idt: idt.mint(CLIENT_ID, "mallory@acme.example"),
    "unverified email": lambda idt: idt.mint(CLIENT_ID, REVIEWER.email, email_verified=False),
}


def refused(client, services, key, body, caplog, headers=None) -> None:
    before = (services.sheet.get(key), len(services.state.audit_log()), list(services.publisher.published))
    with caplog.at_level(logging.DEBUG):
        answer = client.post("/action", json=body, headers=headers or {})
    assert answer.status_code == 401 and answer.get_json() == {"error": "unauthorized"}
    assert (services.sheet.get(key), len(services.state.audit_log()), services.publisher.published) == before
    assert services.sheet.get(key).status == Status.NEEDS_REVIEW
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for secret in filter(None, [body["authorizationEventObject"][k] for k in body["authorizationEventObject"]]):
        assert secret not in logged
    assert "SECRET" not in logged


@pytest.mark.parametrize("case", SYSTEM)
def test_a_bad_system_token_is_refused_and_nothing_is_done(needs_review, identity, caplog, case):
    client, services, key = needs_review
    body = event(identity, "action", do="approve", key=key, system=SYSTEM[case](identity))
    refused(client, services, key, body, caplog)


@pytest.mark.parametrize("case", USER)
def test_a_bad_user_token_is_refused_and_nothing_is_done(needs_review, identity, caplog, case):
    client, services, key = needs_review
    body = event(identity, "action", do="approve", key=key, user_token=USER[case](identity))
    refused(client, services, key, body, caplog)


def test_the_add_ons_bearer_header_does_not_stand_in_for_the_user(needs_review, identity, caplog):
    client, services, key = needs_review
    body = event(identity, "action", do="approve", key=key, system="")
    del body["authorizationEventObject"]["userIdToken"]
    header = {"Authorization": f"Bearer {identity.mint(f'{BASE}/action', ADDON_ACCOUNT)}"}
    refused(client, services, key, body, caplog, header)


def test_the_bearer_header_is_checked_like_the_event_token(needs_review, identity):
    client, services, key = needs_review
    body = event(identity, "action", do="approve", key=key, system="")
    header = {"Authorization": f"Bearer {identity.mint(f'{BASE}/action', ADDON_ACCOUNT)}"}
    assert client.post("/action", json=body, headers=header).status_code == 200


def test_the_same_request_with_good_tokens_is_served(needs_review, identity, caplog):
    client, services, key = needs_review
    with caplog.at_level(logging.DEBUG):
        answer = client.post("/action", json=event(identity, "action", do="approve", key=key))
    assert answer.status_code == 200 and services.sheet.get(key).status == Status.APPROVED
    assert "SECRET" not in " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)


def test_an_unconfigured_add_on_refuses_everything(client, identity, monkeypatch):
    from mailroom.entrypoints.addon import app
    from mailroom.entrypoints.cloud import wiring

    monkeypatch.delenv("MAILROOM_ADDON__SERVICE_ACCOUNT")
    wiring.reload_settings()
    app.addon.cache_clear()
    assert client.post("/home", json=event(identity, "home", message_id=None)).status_code == 401


def test_an_unknown_route_is_refused(client, identity):
    assert client.post("/admin", json=event(identity, "admin")).status_code == 401


def test_a_configured_address_matches_whatever_its_case(client, identity, monkeypatch, in_state):
    from mailroom.entrypoints.addon import app
    from mailroom.entrypoints.cloud import wiring

    monkeypatch.setenv("MAILROOM_ADDON__REVIEWERS", '["Rita@ACME.example"]')
    wiring.reload_settings()
    app.addon.cache_clear()
    in_state("needs_review")
    assert client.post("/home", json=event(identity, "home", message_id=None)).status_code == 200
