"""`OdooErp`: vendor bills and refunds as `account.move`, customer orders as `sale.order`.

Exactly once: the record's note carries our key, written in the same `create` call, so a retry
after a lost response finds the first record (`find`) before anything else; a record of the same
partner, type and reference without our key is a re-sent document and is refused."""

import base64
from html import escape
from typing import Any

from mailroom.adapters.erp.base import KEY_TAG, ErpConnector, key_tag, note_for
from mailroom.adapters.erp.odoo.check import missing_in_odoo
from mailroom.adapters.erp.odoo.client import OdooClient
from mailroom.adapters.erp.odoo.directory import OdooPartners
from mailroom.adapters.erp.partners import resolve_partner
from mailroom.domain.erp_mapping import ErpMapping, lines_for
from mailroom.domain.errors import NotFoundError, PermanentError
from mailroom.domain.models import ErpPosting, ErpRecord, ErpState
from mailroom.ports import ErpCapabilities, OriginalFile

MOVE_TYPES = {"invoice": "in_invoice", "credit_note": "in_refund"}
# (model, the field our note goes in): bills keep it in `narration`, orders in `note`.
MODELS = (("account.move", "narration"), ("sale.order", "note"))
SUPPORTED_VERSIONS = range(16, 19)
_PAID = frozenset({"paid", "in_payment"})  # in_payment: paid, the bank statement not matched yet


class OdooErp(ErpConnector):
    capabilities = ErpCapabilities(attachments=True)

    def __init__(self, client: OdooClient, mapping: ErpMapping, *, url: str,
                 post_bills: bool = False) -> None:
        self._odoo, self._mapping, self._url, self._post_bills = client, mapping, url.rstrip("/"), post_bills
        self._version_checked = False

    def post(self, posting: ErpPosting, attachment: OriginalFile | None = None) -> ErpRecord:
        found = self._find(posting.idempotency_key)
        model, record_id = found if found else self._create(posting)
        if attachment is not None:
            self._attach(model, record_id, attachment)
        if self._post_bills and model == "account.move" and self._read(model, record_id)["state"] == "draft":
            self._odoo.execute(model, "action_post", [record_id])
        return self._record(model, record_id)

    def find(self, idempotency_key: str) -> ErpRecord | None:
        found = self._find(idempotency_key)
        return self._record(*found) if found else None

    def status(self, erp_id: str) -> ErpRecord:
        return self._record(*_parse(erp_id))

    def rollback(self, erp_id: str) -> None:
        model, record_id = _parse(erp_id)
        note = dict(MODELS)[model]
        rows = self._odoo.execute(model, "search_read", [["id", "=", record_id]], fields=["state", note])
        if not rows:
            return  # deleted already
        if KEY_TAG not in (rows[0][note] or ""):
            raise PermanentError(f"Odoo {model} {record_id} was not made by mailroom: left alone")
        if rows[0]["state"] != "draft":
            raise PermanentError(f"Odoo {model} {record_id} is {rows[0]['state']}, not a draft: reverse or cancel it in Odoo")
        self._odoo.execute(model, "unlink", [record_id])

    def check(self, mapping: ErpMapping) -> list[str]:
        return missing_in_odoo(self._odoo, mapping)

    def _find(self, key: str) -> tuple[str, int] | None:
        tag = key_tag(key)
        for model, note in MODELS:
            for row in self._odoo.execute(model, "search_read", [[note, "ilike", tag]], fields=[note]):
                if tag in (row[note] or ""):  # ilike treats _ as a wildcard: confirm exactly
                    return model, row["id"]
        return None

    def _create(self, posting: ErpPosting) -> tuple[str, int]:
        self._check_version()
        partner = _odoo_id(resolve_partner(posting, self._mapping, OdooPartners(self._odoo), "Odoo"), "partner")
        if posting.document_type == "purchase_order":
            return "sale.order", self._create_order(posting, partner)
        if posting.document_type not in MOVE_TYPES:
            raise PermanentError(f"Odoo takes invoices, credit notes and purchase orders, not '{posting.document_type}'")
        move_type = MOVE_TYPES[posting.document_type]
        clash = self._odoo.execute("account.move", "search_read", [
            ["partner_id", "=", partner], ["move_type", "=", move_type],
            ["ref", "=", posting.reference], ["state", "!=", "cancel"]], fields=["name"], limit=1)
        if clash:
            raise PermanentError(f"this {posting.document_type} is already in Odoo as {clash[0]['name']}")
        values = {"move_type": move_type, "partner_id": partner, "ref": posting.reference,
                  "invoice_date": _date(posting.issue_date), "invoice_date_due": _date(posting.due_date),
                  "currency_id": self._currency(posting.currency), "narration": _html(note_for(posting)),
                  "invoice_line_ids": [(0, 0, line) for line in self._lines(posting, sale=False)]}
        return "account.move", self._odoo.execute("account.move", "create", self._routed(values, posting))

    def _create_order(self, posting: ErpPosting, partner: int) -> int:
        if not self._mapping.product:
            raise PermanentError("Odoo order lines need a product: set `product` in the ERP mapping")
        values = {"partner_id": partner, "client_order_ref": posting.reference,
                  "date_order": _date(posting.issue_date), "note": _html(note_for(posting)),
                  "order_line": [(0, 0, _order_line(line)) for line in self._lines(posting, sale=True)]}
        return self._odoo.execute("sale.order", "create", self._routed(values, posting))

    def _lines(self, posting: ErpPosting, *, sale: bool) -> list[dict[str, Any]]:
        lines = []
        for line in lines_for(posting):
            assert line.quantity is not None and line.unit_price is not None and line.tax_rate is not None
            taxes = [_odoo_id(tax, "tax") for tax in self._mapping.taxes_for(line.tax_rate, sale=sale)]
            values: dict[str, Any] = {"name": line.description, "quantity": float(line.quantity),
                                      "price_unit": float(line.unit_price), "tax_ids": [(6, 0, taxes)]}
            if self._mapping.expense_account and not sale:
                values["account_id"] = _odoo_id(self._mapping.expense_account, "account")
            if self._mapping.product:
                values["product_id"] = _odoo_id(self._mapping.product, "product")
            lines.append(values)
        return lines

    def _routed(self, values: dict[str, Any], posting: ErpPosting) -> dict[str, Any]:
        company = self._mapping.company_for(posting.recipient)
        return values | ({"company_id": _odoo_id(company, "company")} if company else {})

    def _currency(self, code: str) -> int:
        iso = self._mapping.currency_for(code)
        found = self._odoo.execute("res.currency", "search", [["name", "=", iso]], limit=1)
        if not found:
            raise PermanentError(f"currency {iso} is not active in Odoo: activate it under Accounting → Currencies")
        return found[0]

    def _attach(self, model: str, record_id: int, original: OriginalFile) -> None:
        """Once per file name, so the retry that finds the record adds what the lost one did not."""
        where = [["res_model", "=", model], ["res_id", "=", record_id], ["name", "=", original.filename]]
        if self._odoo.execute("ir.attachment", "search_count", where):
            return
        self._odoo.execute("ir.attachment", "create", {
            "name": original.filename, "res_model": model, "res_id": record_id,
            "mimetype": original.content_type, "datas": base64.b64encode(original.content).decode()})

    def _check_version(self) -> None:
        if self._version_checked:
            return
        major = str(self._odoo.version()["server_version_info"][0]).rpartition("~")[2]
        if not major.isdigit() or int(major) not in SUPPORTED_VERSIONS:
            raise PermanentError(f"Odoo {major} is not supported (16 to 18 are)")
        self._version_checked = True

    def _read(self, model: str, record_id: int) -> dict[str, Any]:
        fields = ["name", "state"] + (["payment_state"] if model == "account.move" else [])
        rows = self._odoo.execute(model, "read", [record_id], fields=fields)
        if not rows:
            raise NotFoundError(f"Odoo has no {model} {record_id} (deleted?)")
        return rows[0]

    def _record(self, model: str, record_id: int) -> ErpRecord:
        row = self._read(model, record_id)
        number = row["name"] if row["name"] not in (False, "/") else f"draft {record_id}"
        return ErpRecord(erp_id=f"{model},{record_id}", number=number, state=_state(row),
                         link=f"{self._url}/web#id={record_id}&model={model}&view_type=form")


def _parse(erp_id: str) -> tuple[str, int]:
    model, _, record_id = erp_id.rpartition(",")
    if model not in dict(MODELS) or not record_id.isdigit():
        raise NotFoundError(f"'{erp_id}' is not an Odoo record id made by mailroom")
    return model, int(record_id)


def _state(row: dict[str, Any]) -> ErpState:
    if row["state"] == "cancel" or row.get("payment_state") == "reversed":
        return "cancelled"
    if row.get("payment_state") in _PAID:
        return "paid"
    return "draft" if row["state"] in ("draft", "sent") else "posted"


def _order_line(line: dict[str, Any]) -> dict[str, Any]:
    """sale.order.line calls its taxes `tax_id` (16–18) and its quantity `product_uom_qty`."""
    values = {key: value for key, value in line.items() if key not in ("tax_ids", "quantity")}
    return values | {"tax_id": line["tax_ids"], "product_uom_qty": line["quantity"]}


def _odoo_id(value: str, what: str) -> int:
    if not value.strip().isdigit():
        raise PermanentError(f"the ERP mapping gives the Odoo {what} as '{value}': Odoo ids are numbers")
    return int(value)


def _html(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())


def _date(value: object) -> str | bool:
    return value.isoformat() if value else False  # type: ignore[attr-defined]
