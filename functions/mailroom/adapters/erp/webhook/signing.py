"""Stripe-style request signatures, the same both ways (our postings, their status callbacks):

    X-Mailroom-Signature: t=1767225600,v1=<hex HMAC-SHA256(secret, "1767225600." + body)>

The timestamp is inside the MAC, so a captured request cannot be replayed after `tolerance_s`;
comparison is constant-time; several v1 entries are accepted so a secret can be rotated."""

import hashlib
import hmac
import time

from mailroom.domain.errors import PermanentError

HEADER = "X-Mailroom-Signature"
TOLERANCE_S = 300


class SignatureError(PermanentError):
    """The request is not from who holds the secret, or is too old: refuse, never retry."""


def signature(body: bytes, secret: str, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(header: str | None, body: bytes, secret: str, *, tolerance_s: int = TOLERANCE_S,
           now: float | None = None) -> None:
    if not secret:
        raise SignatureError("no webhook secret is configured: refusing unsigned callbacks")
    parts = [part.partition("=") for part in (header or "").split(",")]
    timestamps = [value for key, _, value in parts if key.strip() == "t"]
    macs = [value for key, _, value in parts if key.strip() == "v1"]
    if len(timestamps) != 1 or not timestamps[0].isdigit() or not macs:
        raise SignatureError(f"missing or malformed {HEADER} header")
    timestamp = int(timestamps[0])
    if abs((time.time() if now is None else now) - timestamp) > tolerance_s:
        raise SignatureError(f"signature timestamp is more than {tolerance_s} s away from now")
    expected = signature(body, secret, timestamp).partition(",v1=")[2]
    if not any(hmac.compare_digest(expected, mac.strip()) for mac in macs):
        raise SignatureError("signature does not match the body")
