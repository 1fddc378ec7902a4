"""`WebhookErp`: each approved document as one canonical JSON (document, fields, lines, links)
POSTed, signed, to the receiver; status comes back through a signed callback
(`verify_status_callback`), so this connector does not poll.

The receiver makes it exactly once: it must treat a repeated `Idempotency-Key` as the same
posting (Zapier/Make/n8n: a "find or create" step on the key; NetSuite: an external id). It may
answer {"erp_id", "number", "state", "link"}; without an answer the key is the id."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import Field, ValidationError

from mailroom.adapters.erp.base import ErpConnector
from mailroom.adapters.erp.webhook.client import WebhookClient
from mailroom.adapters.erp.webhook.signing import HEADER, TOLERANCE_S, verify
from mailroom.domain.erp_mapping import ErpMapping, lines_for
from mailroom.domain.errors import PermanentError
from mailroom.domain.models import ErpPosting, ErpRecord
from mailroom.ports import ErpCapabilities, OriginalFile

PAYLOAD_VERSION = 1


class WebhookErp(ErpConnector):
    capabilities = ErpCapabilities(attachments=False, native_duplicate_check=False, status_polling=False)

    def __init__(self, client: WebhookClient, mapping: ErpMapping) -> None:
        self._client, self._mapping = client, mapping

    def post(self, posting: ErpPosting, attachment: OriginalFile | None = None) -> ErpRecord:
        answer = self._client.send(canonical(posting, self._mapping), posting.idempotency_key)
        try:
            return ErpRecord.model_validate({"erp_id": f"webhook:{posting.idempotency_key}",
                                             "number": posting.reference, "state": "posted"} | answer)
        except ValidationError as exc:
            raise PermanentError(f"the webhook answered something that is not a record: {exc}") from exc

    def find(self, idempotency_key: str) -> ErpRecord | None:
        """A webhook cannot be asked; the receiver's idempotency makes a repeated post safe."""
        return None

    def status(self, erp_id: str) -> ErpRecord:
        raise PermanentError("the webhook receiver reports status by callback; it cannot be polled")

    def check(self, mapping: ErpMapping) -> list[str]:
        """Ids in the mapping belong to the system behind the webhook, which cannot be asked."""
        return []

    def rollback(self, erp_id: str) -> None:
        raise PermanentError("the system behind the webhook owns its records: undo it there")


def canonical(posting: ErpPosting, mapping: ErpMapping) -> dict[str, Any]:
    """Amounts as strings, so no float rounding on the way. Tax ids appear when the mapping has
    a tax table (an unmapped rate is then an error, as with any ERP)."""
    fields = posting.model_dump(mode="json", exclude={"idempotency_key", "document_type", "lines",
                                                       "source_link", "thread_link"})
    lines = []
    for line in lines_for(posting):
        assert line.tax_rate is not None
        sale = posting.document_type == "purchase_order"
        taxes = mapping.taxes_for(line.tax_rate, sale=sale) if (mapping.sale_taxes if sale else mapping.taxes) else []
        lines.append(line.model_dump(mode="json") | {"tax_ids": taxes})
    return {
        "version": PAYLOAD_VERSION,
        "document": {"id": posting.idempotency_key, "type": posting.document_type, "reference": posting.reference},
        "fields": fields | {"currency": mapping.currency_for(posting.currency),
                            "partner_id": mapping.partner_override(posting),
                            "company": mapping.company_for(posting.recipient)},
        "lines": lines,
        "links": {"original": posting.source_link, "thread": posting.thread_link},
    }


@dataclass(frozen=True)
class StatusReport:
    idempotency_key: str  # the document id the posting carried
    record: ErpRecord


def verify_status_callback(headers: Mapping[str, str], body: bytes, secret: str, *,
                           tolerance_s: int = TOLERANCE_S, now: float | None = None) -> StatusReport:
    """Check a status callback's signature and read it:
    {"idempotency_key", "erp_id", "number", "state": draft|posted|paid|cancelled, "link"}.
    Raises SignatureError (a PermanentError) for anything not signed with `secret`."""
    header = next((value for name, value in headers.items() if name.lower() == HEADER.lower()), None)
    verify(header, body, secret, tolerance_s=tolerance_s, now=now)
    try:
        report = _CallbackBody.model_validate_json(body)
    except ValidationError as exc:
        raise PermanentError(f"the status callback is not a status report: {exc}") from exc
    return StatusReport(report.idempotency_key, ErpRecord(**report.model_dump(exclude={"idempotency_key"})))


class _CallbackBody(ErpRecord):
    idempotency_key: str = Field(min_length=1)
