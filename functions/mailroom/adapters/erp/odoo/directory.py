"""res.partner search for `resolve_partner`: matches are reported as their company (the
commercial partner), so a contact's mail address finds the vendor it works for."""

from typing import Any

from mailroom.adapters.erp.odoo.client import OdooClient
from mailroom.domain.models import ErpPosting


class OdooPartners:
    def __init__(self, odoo: OdooClient) -> None:
        self._odoo = odoo

    def _companies(self, domain: list[Any]) -> list[dict[str, Any]]:
        return self._odoo.execute("res.partner", "search_read", domain, fields=["vat", "commercial_partner_id"])

    def by_vat(self, pattern: str) -> list[tuple[str, str]]:
        return [(str(row["commercial_partner_id"][0]), row["vat"]) for row in self._companies([["vat", "=ilike", pattern]])]

    def by_email_domain(self, domain: str) -> list[str]:
        return [str(row["commercial_partner_id"][0]) for row in self._companies([["email", "=ilike", f"%@{_like(domain)}"]])]

    def by_name(self, name: str) -> list[str]:
        return [str(row["commercial_partner_id"][0]) for row in self._companies([["name", "=ilike", _like(name)]])]

    def create(self, posting: ErpPosting) -> str:
        rank = "customer_rank" if posting.document_type == "purchase_order" else "supplier_rank"
        return str(self._odoo.execute("res.partner", "create", {
            "name": posting.partner_name, "vat": posting.partner_vat_id or False,
            "is_company": True, rank: 1}))


def _like(text: str) -> str:
    """Exact text for =ilike: LIKE's own wildcards escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
