"""Sending one signed POST. Retries are urllib3's `Retry` mounted on the requests session:
connection errors, lost responses (read errors) and 429/5xx are retried with exponential
backoff (`backoff_s` × 2^n, honouring Retry-After). POST is normally never retried; here it is,
because every attempt carries the same `Idempotency-Key`, so the receiver can answer a repeat
with the result of the first."""

import json
import time
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from mailroom.adapters.erp.base import Throttle, http_error
from mailroom.adapters.erp.webhook.signing import HEADER, signature
from mailroom.domain.errors import PermanentError, TransientError

RETRIED_STATUSES = (429, 500, 502, 503, 504)


class WebhookClient:
    def __init__(self, url: str, secret: str, *, retries: int = 5, backoff_s: float = 1.0,
                 timeout: float = 30.0, throttle: Throttle | None = None) -> None:
        if not url or not secret:
            raise PermanentError("the webhook connector needs a URL and a signing secret")
        self._url, self._secret, self._timeout = url, secret, timeout
        self._throttle = throttle or Throttle()  # paces postings; urllib3's retries keep their own backoff
        retry = Retry(total=retries, backoff_factor=backoff_s, status_forcelist=RETRIED_STATUSES,
                      allowed_methods=frozenset({"POST"}), respect_retry_after_header=True,
                      raise_on_status=False)
        self._session = requests.Session()
        self._session.mount("http://", HTTPAdapter(max_retries=retry))
        self._session.mount("https://", HTTPAdapter(max_retries=retry))

    def send(self, payload: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        """The receiver's JSON answer, or {} when it answers without one."""
        body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        self._throttle.wait()
        headers = {"Content-Type": "application/json", "Idempotency-Key": idempotency_key,
                   HEADER: signature(body, self._secret, int(time.time()))}
        try:
            response = self._session.post(self._url, data=body, headers=headers, timeout=self._timeout)
        except requests.RequestException as exc:  # retries used up on connection or read errors
            raise TransientError(f"the webhook at {self._url} did not answer: {exc}") from exc
        if not response.ok:
            raise http_error(response.status_code, f"the webhook refused it: {response.status_code} {response.text[:300]}")
        try:
            answer = response.json()
        except ValueError:
            return {}
        return answer if isinstance(answer, dict) else {}
