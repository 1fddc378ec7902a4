"""The webhook connector against a receiver that honours the idempotency key: signed canonical
JSON, urllib3 retries through storms and lost responses, and verified status callbacks."""

import time
from decimal import Decimal

import pytest

from mailroom.adapters.erp.webhook.client import WebhookClient
from mailroom.adapters.erp.webhook.connector import WebhookErp, verify_status_callback
from mailroom.adapters.erp.webhook.signing import HEADER, SignatureError, signature, verify
from mailroom.domain.erp_mapping import ErpMapping
from mailroom.domain.errors import PermanentError, TransientError
from mailroom.standins.webhook_receiver import WebhookReceiver

from tests.integration.erp.conftest import Switchboard, posting

SECRET = "whsec_test"


@pytest.fixture
def receiver(board: Switchboard) -> tuple[WebhookReceiver, str]:
    standin = WebhookReceiver(SECRET)
    return standin, f"{board.plug(standin)}/hook"


def webhook(url: str, retries: int = 3, mapping: ErpMapping | None = None) -> WebhookErp:
    # backoff 0: the retries are real, the sleeping between them is not what is under test
    return WebhookErp(WebhookClient(url, SECRET, retries=retries, backoff_s=0, timeout=5),
                      mapping or ErpMapping(taxes={Decimal(19): "VAT19"}))


def test_a_posting_is_one_signed_canonical_json(receiver):
    standin, url = receiver
    record = webhook(url).post(posting())

    [payload] = standin.deliveries
    assert payload["document"] == {"id": "doc-1", "type": "invoice", "reference": "F-1"}
    assert payload["fields"]["grand_total"] == "119.00" and payload["fields"]["partner_vat_id"] == "DE136695976"
    assert payload["lines"] == [{"description": "F-1", "quantity": "1", "unit_price": "100.00",
                                 "net_amount": "100.00", "tax_rate": "19.00", "tax_ids": ["VAT19"]}]
    assert payload["links"] == {"original": "https://archive.example/doc-1.pdf",
                                "thread": "https://mail.google.com/mail/u/ap@example.com/#all/t-1"}
    assert (record.erp_id, record.number, record.state) == ("vendorbill:1", "VB00001", "posted")


def test_a_lost_response_is_retried_with_the_same_key_and_gives_one_record(receiver):
    standin, url = receiver
    standin.lose_responses = 1

    record = webhook(url).post(posting())

    assert len(standin.deliveries) == 2 and len(standin.records) == 1
    assert webhook(url).post(posting()) == record and len(standin.records) == 1


def test_a_storm_within_the_retries_is_ridden_out_and_a_longer_one_is_transient(receiver):
    standin, url = receiver
    standin.faults.script.extend([429, 503])
    assert webhook(url, retries=3).post(posting("doc-1")).number == "VB00001"

    standin.faults.script.extend([503] * 5)
    with pytest.raises(TransientError, match="503"):
        webhook(url, retries=2).post(posting("doc-2", "F-2"))
    assert webhook(url, retries=2).post(posting("doc-2", "F-2")).number == "VB00002"


def test_a_refusal_is_permanent_with_the_receivers_reason(receiver):
    standin, url = receiver
    standin.refuse = "vendor ACME is on hold"

    with pytest.raises(PermanentError, match="422.*vendor ACME is on hold"):
        webhook(url).post(posting())


def test_a_wrong_secret_is_refused_by_the_receiver(receiver):
    _, url = receiver
    wrong = WebhookErp(WebhookClient(url, "not-the-secret", retries=0), ErpMapping())

    with pytest.raises(PermanentError, match="401"):
        wrong.post(posting())


def test_the_webhook_does_not_poll_and_takes_any_tax_without_a_tax_table(receiver):
    standin, url = receiver
    erp = webhook(url, mapping=ErpMapping())

    erp.post(posting(tax="7.00"))

    assert standin.deliveries[0]["lines"][0]["tax_ids"] == []
    assert not erp.capabilities.status_polling and erp.find("doc-1") is None


def test_a_status_callback_is_verified_and_read(receiver):
    standin, url = receiver
    record = webhook(url).post(posting())
    headers, body = standin.callback_for("doc-1", "paid")

    report = verify_status_callback({k.lower(): v for k, v in headers.items()}, body, SECRET)

    assert report.idempotency_key == "doc-1"
    assert report.record == record.model_copy(update={"state": "paid"})


def test_tampered_stale_or_unsigned_callbacks_are_refused(receiver):
    standin, url = receiver
    webhook(url).post(posting())
    headers, body = standin.callback_for("doc-1", "paid")
    stale_headers, stale_body = standin.callback_for("doc-1", "paid", at=int(time.time()) - 3600)

    with pytest.raises(SignatureError, match="does not match"):
        verify_status_callback(headers, body.replace(b"paid", b"cancelled"), SECRET)
    with pytest.raises(SignatureError, match="300 s"):
        verify_status_callback(stale_headers, stale_body, SECRET)
    with pytest.raises(SignatureError, match="missing"):
        verify_status_callback({}, body, SECRET)
    with pytest.raises(PermanentError, match="not a status report"):
        bad = b'{"state": "gone"}'
        verify_status_callback({HEADER: signature(bad, SECRET, int(time.time()))}, bad, SECRET)


def test_a_signature_with_an_old_and_a_new_secret_passes_during_rotation():
    body, now = b'{"a":1}', 1_767_225_600
    old = signature(body, "old", now).partition(",v1=")[2]
    header = f"{signature(body, 'new', now)},v1={old}"

    verify(header, body, "old", now=now)
    verify(header, body, "new", now=now)
    with pytest.raises(SignatureError):
        verify(header, body, "other", now=now)
