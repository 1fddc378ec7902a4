"""Token verification for the HTTP entry points: only a Google-signed, unexpired token for
exactly this endpoint from an allowed service account passes."""

import pytest
from google.auth import crypt
from google.auth.transport.requests import Request

from mailroom.entrypoints.oidc import (
    CachingRequest,
    OidcPolicy,
    TokenVerifier,
    Unauthorized,
    bearer_token,
)
from mailroom.standins.google_identity import GoogleIdentityStandIn, _key_and_certificate
from mailroom.standins.server import serving

URL = "https://europe-west1-p.cloudfunctions.net/on_review"
CALLER = "scheduler@p.iam.gserviceaccount.com"


@pytest.fixture(scope="module")
def identity():
    stand_in = GoogleIdentityStandIn()
    with serving(stand_in) as url:
        stand_in.certs_url = f"{url}/oauth2/v1/certs"
        yield stand_in


@pytest.fixture
def verifier(identity):
    return TokenVerifier(OidcPolicy(URL, frozenset({CALLER}), identity.certs_url),
                         CachingRequest(Request()))


def test_a_valid_token_passes_and_gives_its_claims(identity, verifier):
    claims = verifier.verify(identity.mint(URL, CALLER))
    assert claims["email"] == CALLER and claims["aud"] == URL


@pytest.mark.parametrize("case, token_args", [
    ("expired", {"expires_in": -600}),
    ("wrong audience", {"audience": URL + "/other"}),
    ("audience of another function", {"audience": URL.replace("on_review", "post_sweep")}),
    ("wrong issuer", {"issuer": "https://evil.example"}),
    ("wrong service account", {"email": "intruder@p.iam.gserviceaccount.com"}),
    ("unverified email", {"email_verified": False}),
])
def test_a_bad_token_is_refused(identity, verifier, case, token_args):
    args = {"audience": URL, "email": CALLER} | token_args
    token = identity.mint(args.pop("audience"), args.pop("email"), **args)
    with pytest.raises(Unauthorized):
        verifier.verify(token)


def test_a_token_signed_by_another_key_is_refused(identity, verifier):
    pem_key, _ = _key_and_certificate()
    forged = identity.mint(URL, CALLER, signer=crypt.RSASigner.from_string(pem_key, key_id="standin-key-1"))
    with pytest.raises(Unauthorized):
        verifier.verify(forged)


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer ", "bearer"])
def test_a_missing_bearer_token_is_refused(header):
    with pytest.raises(Unauthorized):
        bearer_token(header)


def test_garbage_is_refused_without_echoing_it(verifier):
    with pytest.raises(Unauthorized) as caught:
        verifier.verify("not.a.jwt-SECRETISH")
    assert "SECRETISH" not in str(caught.value)


def test_the_certificates_are_fetched_once_while_google_says_they_are_fresh(identity, verifier):
    before = identity.requests["certs"]
    for _ in range(3):
        verifier.verify(identity.mint(URL, CALLER))
    assert identity.requests["certs"] - before <= 1


def test_a_policy_without_audience_or_accounts_fails_closed():
    with pytest.raises(ValueError):
        TokenVerifier(OidcPolicy("", frozenset({CALLER})))
    with pytest.raises(ValueError):
        TokenVerifier(OidcPolicy(URL, frozenset()))

