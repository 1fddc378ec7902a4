"""Google's token signer, locally: an RSA key whose certificate is served at
`/oauth2/v1/certs` (the shape of https://www.googleapis.com/oauth2/v1/certs: key id → PEM
certificate) and a `mint()` that signs OIDC id tokens as Google would for a service account."""

import datetime as dt
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import jsonify
from google.auth import crypt, jwt

from mailroom.standins.server import StandIn

KEY_ID = "standin-key-1"


def _key_and_certificate() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "standin.googleapis.test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return pem_key, certificate.public_bytes(serialization.Encoding.PEM)


class GoogleIdentityStandIn(StandIn):
    def __init__(self, **kwargs) -> None:
        pem_key, self.certificate = _key_and_certificate()
        self._signer = crypt.RSASigner.from_string(pem_key, key_id=KEY_ID)
        super().__init__(**kwargs)

    def routes(self) -> None:
        self.app.add_url_rule("/oauth2/v1/certs", "certs", self._certs)

    def _certs(self):
        response = jsonify({KEY_ID: self.certificate.decode()})
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    def mint(self, audience: str, email: str, *, issuer: str = "https://accounts.google.com",
             expires_in: int = 3600, email_verified: bool = True, signer=None) -> str:
        now = int(time.time())
        claims = {"iss": issuer, "aud": audience, "email": email, "email_verified": email_verified,
                  "sub": "1234567890", "iat": now - 5, "exp": now + expires_in}
        return jwt.encode(signer or self._signer, claims).decode()
