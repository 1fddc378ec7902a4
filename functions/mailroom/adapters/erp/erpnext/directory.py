"""Supplier or Customer search for `resolve_partner`: by `tax_id`, `email_id` and name."""

from mailroom.adapters.erp.erpnext.client import FrappeClient
from mailroom.domain.models import ErpPosting


class FrappeParties:
    """ERPNext's party id is its `name` (the supplier or customer name unless renamed)."""

    def __init__(self, frappe: FrappeClient, doctype: str) -> None:
        self._frappe, self._doctype = frappe, doctype
        self._name_field = "supplier_name" if doctype == "Supplier" else "customer_name"

    def by_vat(self, pattern: str) -> list[tuple[str, str]]:
        return [(row["name"], row["tax_id"]) for row in self._frappe.list(
            self._doctype, [["tax_id", "like", pattern]], ["name", "tax_id"], 50)]

    def by_email_domain(self, domain: str) -> list[str]:
        return [row["name"] for row in self._frappe.list(self._doctype, [["email_id", "like", f"%@{domain}"]], ["name"], 50)]

    def by_name(self, name: str) -> list[str]:
        return [row["name"] for row in self._frappe.list(self._doctype, [[self._name_field, "=", name]], ["name"], 50)]

    def create(self, posting: ErpPosting) -> str:
        kind = "supplier_type" if self._doctype == "Supplier" else "customer_type"
        return self._frappe.insert(self._doctype, {self._name_field: posting.partner_name,
                                                   "tax_id": posting.partner_vat_id, kind: "Company"})["name"]
