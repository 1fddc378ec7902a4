"""The documents behind the ERPNext stand-in: doctypes with their fields and child tables,
naming series, mandatory fields and link validation, Frappe filters, and the docstatus and
`status` an invoice or order moves through."""

from datetime import date
from typing import Any

from mailroom.standins.records import RecordStore, compare

DOCTYPES = {
    "Supplier": ("supplier_name", "tax_id", "email_id", "supplier_type", "supplier_group", "disabled"),
    "Customer": ("customer_name", "tax_id", "email_id", "customer_type", "disabled"),
    "Purchase Invoice": ("supplier", "bill_no", "bill_date", "due_date", "posting_date", "currency",
                         "company", "is_return", "remarks", "items", "status", "net_total",
                         "total_taxes_and_charges", "grand_total"),
    "Sales Order": ("customer", "po_no", "po_date", "transaction_date", "delivery_date", "currency",
                    "company", "items", "status", "net_total", "total_taxes_and_charges", "grand_total"),
    "Purchase Invoice Item": ("item_code", "item_name", "description", "qty", "rate", "amount", "uom",
                              "conversion_factor", "expense_account", "item_tax_template"),
    "Item Tax Template": ("title", "company", "taxes"),  # taxes: [{tax_type, tax_rate}]
    "Item": ("item_name", "disabled"),
    "Account": ("account_name", "company"),
    "Company": ("company_name", "default_currency"),
    "Currency": ("currency_name", "enabled"),
    "File": ("file_name", "file_url", "attached_to_doctype", "attached_to_name", "is_private",
             "file_size", "content"),
}
DOCTYPES["Sales Order Item"] = DOCTYPES["Purchase Invoice Item"] + ("delivery_date",)
_STANDARD = ("name", "doctype", "docstatus", "owner", "creation", "modified", "parent", "parenttype", "idx")
CHILDREN = {"Purchase Invoice": "Purchase Invoice Item", "Sales Order": "Sales Order Item"}
LINKS = {"supplier": "Supplier", "customer": "Customer", "currency": "Currency", "company": "Company",
         "item_code": "Item", "expense_account": "Account", "item_tax_template": "Item Tax Template"}
SERIES = {"Purchase Invoice": "ACC-PINV-{year}-{n:05d}", "Sales Order": "SAL-ORD-{year}-{n:05d}"}
_TITLE = {"Supplier": "supplier_name", "Customer": "customer_name", "Item": "item_name",
          "Company": "company_name", "Currency": "currency_name", "Item Tax Template": "title"}


class FrappeError(Exception):
    def __init__(self, status: int, exc_type: str, message: str) -> None:
        super().__init__(message)
        self.status, self.exc_type, self.message = status, exc_type, message


class DocStore:
    def __init__(self) -> None:
        self.store = RecordStore({doctype: fields + _STANDARD for doctype, fields in DOCTYPES.items()},
                                 empty=None)
        self.check_supplier_invoice_uniqueness = True  # Accounts Settings, on in most setups
        self._series: dict[str, int] = {}  # tabSeries: a deleted document's number is not reused

    def query(self, doctype: str, filters: Any, fields: list[str]) -> list[dict[str, Any]]:
        terms = self._terms(doctype, filters)
        self._fields(doctype, fields)
        rows = self.store.select(self._known(doctype), lambda row: all(_matches(row, *term) for term in terms))
        return [{field: row[field] for field in fields} for row in rows]

    def full(self, doctype: str, name: str) -> dict[str, Any]:
        row = self._row(doctype, name)
        doc = _without_id(row)
        if doctype in CHILDREN:
            doc["items"] = [_without_id(self._row(CHILDREN[doctype], child)) for child in row["items"]]
        return doc

    def insert(self, doctype: str, doc: dict[str, Any]) -> dict[str, Any]:
        known = self._known(doctype)
        values = {key: value for key, value in doc.items() if key in self.store.schema[known] and key != "items"}
        self._validate(doctype, values, doc.get("items", []))
        values |= {"doctype": doctype, "docstatus": 0, "name": values.get("name") or self._name(doctype, values)}
        if any(row["name"] == values["name"] for row in self.store.tables[doctype].values()):
            raise FrappeError(409, "DuplicateEntryError", f"{doctype} {values['name']} already exists")
        with self.store.transaction():
            children = [self._child(doctype, values["name"], index, item) for index, item in enumerate(doc.get("items", []), 1)]
            if doctype in CHILDREN:
                values |= {"items": children, "status": "Draft", **self._totals(doc.get("items", []))}
            self.store.insert(doctype, values)
        return self.full(doctype, values["name"])

    def update(self, doctype: str, name: str, changes: dict[str, Any]) -> dict[str, Any]:
        row = self._row(doctype, name)
        target = changes.get("docstatus", row["docstatus"])
        if (row["docstatus"], target) not in ((0, 0), (0, 1), (1, 2)) and target != row["docstatus"]:
            raise FrappeError(417, "ValidationError", f"Cannot change docstatus from {row['docstatus']} to {target}")
        if row["docstatus"] != 0 and set(changes) - {"docstatus"}:
            raise FrappeError(417, "UpdateAfterSubmitError", f"Not allowed to change fields after submission of {name}")
        allowed = {key: value for key, value in changes.items() if key in self.store.schema[doctype] and key != "items"}
        self.store.update(doctype, row["id"], allowed)
        if target != row["docstatus"]:
            self.set_status(doctype, name, _status_after(doctype, row, target))
        return self.full(doctype, name)

    def delete(self, doctype: str, name: str) -> None:
        row = self._row(doctype, name)
        if row["docstatus"] == 1:
            raise FrappeError(417, "ValidationError", "Submitted Record cannot be deleted. You must Cancel it first.")
        with self.store.transaction():
            for child in row.get("items") or []:
                del self.store.tables[CHILDREN[doctype]][self._row(CHILDREN[doctype], child)["id"]]
            for file in self.store.select("File", lambda f: (f["attached_to_doctype"], f["attached_to_name"]) == (doctype, name)):
                del self.store.tables["File"][file["id"]]
            del self.store.tables[doctype][row["id"]]

    def set_status(self, doctype: str, name: str, status: str) -> None:
        self.store.update(doctype, self._row(doctype, name)["id"], {"status": status})

    def _validate(self, doctype: str, values: dict[str, Any], items: list[dict[str, Any]]) -> None:
        party = {"Purchase Invoice": "supplier", "Sales Order": "customer"}.get(doctype)
        missing = [party] if party and not values.get(party) else []
        missing += ["items"] if doctype in CHILDREN and not items else []
        for index, item in enumerate(items, 1):
            if doctype == "Sales Order" and not item.get("item_code"):
                missing.append(f"items[{index}].item_code")
            if not item.get("item_code") and not (item.get("item_name") and item.get("uom")):
                missing.append(f"items[{index}].item_name/uom")
        if missing:
            raise FrappeError(417, "MandatoryError", f"[{doctype}, new-{doctype.lower().replace(' ', '-')}]: {', '.join(missing)}")
        for field, value in [*values.items(), *((k, v) for item in items for k, v in item.items())]:
            if field in LINKS and value and not self._find(LINKS[field], value):
                raise FrappeError(417, "LinkValidationError", f"Could not find {LINKS[field]}: {value}")
        if doctype == "Purchase Invoice" and self.check_supplier_invoice_uniqueness and values.get("bill_no"):
            for row in self.store.tables[doctype].values():
                if (row["supplier"], row["bill_no"]) == (values.get("supplier"), values["bill_no"]) and row["docstatus"] != 2:
                    raise FrappeError(417, "ValidationError", f"Supplier Invoice No exists in Purchase Invoice {row['name']}")

    def _child(self, parent_type: str, parent: str, index: int, item: dict[str, Any]) -> str:
        child_type = CHILDREN[parent_type]
        values = {key: value for key, value in item.items() if key in self.store.schema[child_type]}
        name = f"{parent}-{index}"
        amount = round(float(item.get("qty", 0)) * float(item.get("rate", 0)), 2)
        self.store.insert(child_type, values | {"name": name, "parent": parent, "parenttype": parent_type,
                                                "idx": index, "doctype": child_type, "docstatus": 0, "amount": amount})
        return name

    def _totals(self, items: list[dict[str, Any]]) -> dict[str, float]:
        net = sum(float(i.get("qty", 0)) * float(i.get("rate", 0)) for i in items)
        tax = sum(float(i.get("qty", 0)) * float(i.get("rate", 0)) * self._rate(i.get("item_tax_template")) / 100 for i in items)
        return {"net_total": round(net, 2), "total_taxes_and_charges": round(tax, 2), "grand_total": round(net + tax, 2)}

    def _rate(self, template: str | None) -> float:
        found = self._find("Item Tax Template", template) if template else None
        return sum(float(tax["tax_rate"]) for tax in found["taxes"] or []) if found else 0.0

    def _name(self, doctype: str, values: dict[str, Any]) -> str:
        if doctype in SERIES:
            self._series[doctype] = self._series.get(doctype, 0) + 1
            return SERIES[doctype].format(year=date.today().year, n=self._series[doctype])
        return str(values.get(_TITLE.get(doctype, "name")) or f"{doctype}-{len(self.store.tables[doctype]) + 1}")

    def _find(self, doctype: str, name: str) -> dict[str, Any] | None:
        return next((row for row in self.store.tables[doctype].values() if row["name"] == name), None)

    def _row(self, doctype: str, name: str) -> dict[str, Any]:
        found = self._find(self._known(doctype), name)
        if found is None:
            raise FrappeError(404, "DoesNotExistError", f"{doctype} {name} not found")
        return found

    def _known(self, doctype: str) -> str:
        if doctype not in DOCTYPES:
            raise FrappeError(404, "DoesNotExistError", f"DocType {doctype} not found")
        return doctype

    def _fields(self, doctype: str, fields: list[str]) -> None:
        for field in fields:
            if field not in self.store.schema[self._known(doctype)]:
                raise FrappeError(417, "DataError", f"Field not permitted in query: {field}")

    def _terms(self, doctype: str, filters: Any) -> list[tuple[str, str, Any]]:
        """[[field, op, value]], [[doctype, field, op, value]] or {field: value | [op, value]}."""
        if isinstance(filters, dict):
            filters = [[k, *(v if isinstance(v, list) else ["=", v])] for k, v in filters.items()]
        terms = [tuple(term[-3:]) for term in filters]
        self._fields(doctype, [term[0] for term in terms])
        return terms  # type: ignore[return-value]


def _without_id(row: dict[str, Any]) -> dict[str, Any]:
    """The store's integer id is the stand-in's own; Frappe documents are known by `name`."""
    return {key: value for key, value in row.items() if key != "id"}


def _matches(row: dict[str, Any], field: str, operator: str, value: Any) -> bool:
    """MariaDB compares text without regard to case; Frappe's `like` takes the pattern as given."""
    have = row[field]
    if operator in ("like", "not like"):
        return compare(have, "=ilike", value) != (operator == "not like")
    if operator in ("in", "not in") and isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if operator in ("=", "!=") and isinstance(have, str) and isinstance(value, str):
        have, value = have.casefold(), value.casefold()
    return compare(have, operator, value)


def _status_after(doctype: str, row: dict[str, Any], docstatus: int) -> str:
    if docstatus == 2:
        return "Cancelled"
    if doctype == "Sales Order":
        return "To Deliver and Bill"
    return "Return" if row["is_return"] else "Unpaid"
