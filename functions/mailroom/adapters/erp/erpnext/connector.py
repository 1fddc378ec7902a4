"""`ErpNextErp`: vendor bills and credit notes as Purchase Invoices (a credit note is a return:
`is_return` with negative quantities), customer orders as Sales Orders.

Exactly once: a Purchase Invoice's `remarks` carry our key, written by the insert itself, so a
retry after a lost response finds it; another one of the same supplier and `bill_no` is a
re-sent bill and is refused. A Sales Order has no free-text field to carry the key, so the
customer's PO number is its identity: an open order of the same customer and `po_no` is the
one made the first time."""

from typing import Any

from mailroom.adapters.erp.base import KEY_TAG, ErpConnector, key_tag, note_for
from mailroom.adapters.erp.erpnext.check import missing_in_erpnext
from mailroom.adapters.erp.erpnext.client import FrappeClient
from mailroom.adapters.erp.erpnext.directory import FrappeParties
from mailroom.adapters.erp.partners import resolve_partner
from mailroom.domain.erp_mapping import ErpMapping, lines_for
from mailroom.domain.errors import NotFoundError, PermanentError
from mailroom.domain.models import ErpPosting, ErpRecord, ErpState
from mailroom.ports import ErpCapabilities, OriginalFile

INVOICE, ORDER = "Purchase Invoice", "Sales Order"
_OPEN = ["docstatus", "!=", 2]  # 2 is cancelled: a corrected document may take its place


class ErpNextErp(ErpConnector):
    capabilities = ErpCapabilities(attachments=True)

    def __init__(self, client: FrappeClient, mapping: ErpMapping, *, submit: bool = False) -> None:
        self._frappe, self._mapping, self._submit = client, mapping, submit

    def post(self, posting: ErpPosting, attachment: OriginalFile | None = None) -> ErpRecord:
        if posting.document_type == "purchase_order":
            doctype, doc = ORDER, self._order(posting)
        else:
            doctype, doc = INVOICE, self._find_invoice(posting.idempotency_key) or self._invoice(posting)
        if attachment is not None:
            self._attach(doctype, doc["name"], attachment)
        if self._submit and doc["docstatus"] == 0:
            doc = self._frappe.update(doctype, doc["name"], {"docstatus": 1})
        return self._record(doctype, doc)

    def find(self, idempotency_key: str) -> ErpRecord | None:
        found = self._find_invoice(idempotency_key)
        return self._record(INVOICE, found) if found else None

    def status(self, erp_id: str) -> ErpRecord:
        doctype, name = _parse(erp_id)
        return self._record(doctype, self._frappe.get(doctype, name))

    def rollback(self, erp_id: str) -> None:
        """An invoice must carry our key; an order cannot (no field for it), its draft state is
        the guard."""
        doctype, name = _parse(erp_id)
        try:
            doc = self._frappe.get(doctype, name)
        except NotFoundError:
            return  # deleted already
        if doctype == INVOICE and KEY_TAG not in (doc.get("remarks") or ""):
            raise PermanentError(f"ERPNext {doctype} {name} was not made by mailroom: left alone")
        if doc["docstatus"] != 0:
            raise PermanentError(f"ERPNext {doctype} {name} is submitted, not a draft: cancel it in ERPNext")
        self._frappe.delete(doctype, name)

    def check(self, mapping: ErpMapping) -> list[str]:
        return missing_in_erpnext(self._frappe, mapping)

    def _find_invoice(self, key: str) -> dict[str, Any] | None:
        tag = key_tag(key)
        for row in self._frappe.list(INVOICE, [["remarks", "like", f"%{tag}%"]], ["name", "remarks"]):
            if tag in (row["remarks"] or ""):  # LIKE treats _ as a wildcard: confirm exactly
                return self._frappe.get(INVOICE, row["name"])
        return None

    def _invoice(self, posting: ErpPosting) -> dict[str, Any]:
        supplier = resolve_partner(posting, self._mapping, FrappeParties(self._frappe, "Supplier"), "ERPNext")
        sign = -1 if posting.document_type == "credit_note" else 1
        same = [["supplier", "=", supplier], ["bill_no", "=", posting.reference], ["is_return", "=", int(sign < 0)], _OPEN]
        if clash := self._frappe.list(INVOICE, same, ["name"], 1):
            raise PermanentError(f"this {posting.document_type} is already in ERPNext as {clash[0]['name']}")
        doc = {"supplier": supplier, "bill_no": posting.reference, "bill_date": _date(posting.issue_date),
               "due_date": _date(posting.due_date), "is_return": int(sign < 0), "remarks": note_for(posting),
               "items": self._items(posting, sale=False, sign=sign)}
        return self._frappe.insert(INVOICE, self._common(doc, posting))

    def _order(self, posting: ErpPosting) -> dict[str, Any]:
        customer = resolve_partner(posting, self._mapping, FrappeParties(self._frappe, "Customer"), "ERPNext")
        same = self._frappe.list(ORDER, [["customer", "=", customer], ["po_no", "=", posting.reference], _OPEN], ["name"], 1)
        if same:
            return self._frappe.get(ORDER, same[0]["name"])
        if not self._mapping.product:
            raise PermanentError("ERPNext order lines need an item: set `product` in the ERP mapping")
        delivery = _date(posting.due_date or posting.issue_date)
        doc = {"customer": customer, "po_no": posting.reference, "po_date": _date(posting.issue_date),
               "transaction_date": _date(posting.issue_date), "delivery_date": delivery,
               "items": [item | {"delivery_date": delivery} for item in self._items(posting, sale=True, sign=1)]}
        return self._frappe.insert(ORDER, self._common(doc, posting))

    def _items(self, posting: ErpPosting, *, sale: bool, sign: int) -> list[dict[str, Any]]:
        items = []
        for line in lines_for(posting):
            assert line.quantity is not None and line.unit_price is not None and line.tax_rate is not None
            item: dict[str, Any] = {"item_name": line.description[:140], "description": line.description,
                                    "qty": float(line.quantity) * sign, "rate": float(line.unit_price)}
            item |= {"item_code": self._mapping.product} if self._mapping.product else {"uom": "Nos", "conversion_factor": 1}
            if self._mapping.expense_account and not sale:
                item["expense_account"] = self._mapping.expense_account
            if templates := self._mapping.taxes_for(line.tax_rate, sale=sale):
                item["item_tax_template"] = templates[0]  # one rate per line, so one template
            items.append(item)
        return items

    def _common(self, doc: dict[str, Any], posting: ErpPosting) -> dict[str, Any]:
        iso = self._mapping.currency_for(posting.currency)
        if not self._frappe.list("Currency", [["name", "=", iso], ["enabled", "=", 1]], ["name"], 1):
            raise PermanentError(f"currency {iso} is not enabled in ERPNext")
        company = self._mapping.company_for(posting.recipient)
        return doc | {"currency": iso} | ({"company": company} if company else {})

    def _attach(self, doctype: str, name: str, original: OriginalFile) -> None:
        """Once per file name, so the retry that finds the document adds what the lost one did not."""
        where = [["attached_to_doctype", "=", doctype], ["attached_to_name", "=", name],
                 ["file_name", "=", original.filename]]
        if not self._frappe.list("File", where, ["name"], 1):
            self._frappe.upload(doctype, name, original)

    def _record(self, doctype: str, doc: dict[str, Any]) -> ErpRecord:
        return ErpRecord(erp_id=f"{doctype}|{doc['name']}", number=doc["name"], state=_state(doc),
                         link=self._frappe.link(doctype, doc["name"]))


def _parse(erp_id: str) -> tuple[str, str]:
    doctype, _, name = erp_id.partition("|")
    if doctype not in (INVOICE, ORDER) or not name:
        raise NotFoundError(f"'{erp_id}' is not an ERPNext document made by mailroom")
    return doctype, name


def _state(doc: dict[str, Any]) -> ErpState:
    """docstatus 0 draft, 1 submitted, 2 cancelled; a submitted invoice's `status` says if it is paid."""
    if doc["docstatus"] == 2 or doc.get("status") == "Cancelled":
        return "cancelled"
    if doc["docstatus"] == 0:
        return "draft"
    return "paid" if doc.get("status") == "Paid" else "posted"


def _date(value: object) -> str | None:
    return value.isoformat() if value else None  # type: ignore[attr-defined]
