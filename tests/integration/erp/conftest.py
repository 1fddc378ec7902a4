"""Stand-ins served on loopback with a small chart of accounts, and connectors pointed at them."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from mailroom.adapters.erp.erpnext.client import FrappeClient
from mailroom.adapters.erp.erpnext.connector import ErpNextErp
from mailroom.adapters.erp.odoo.client import OdooClient
from mailroom.adapters.erp.odoo.connector import OdooErp
from mailroom.domain.erp_mapping import ErpMapping
from mailroom.domain.models import DocumentType, ErpPosting, LineItem
from mailroom.ports import OriginalFile
from mailroom.standins.erpnext import ErpNextStandIn
from mailroom.standins.odoo import OdooStandIn
from mailroom.standins.server import serving

PDF = OriginalFile("ACME-F-1.pdf", b"%PDF-1.7 the original", "application/pdf")


def posting(key: str = "doc-1", reference: str = "F-1", *, document_type: DocumentType = "invoice",
            partner: str = "ACME GmbH", vat: str | None = "DE136695976", tax: str = "19.00",
            sender: str = "billing@acme.de", lines: list[LineItem] | None = None) -> ErpPosting:
    net = Decimal("100.00")
    return ErpPosting(
        idempotency_key=key, document_type=document_type, partner_name=partner, partner_vat_id=vat,
        reference=reference, issue_date=date(2026, 1, 31), due_date=date(2026, 2, 28),
        currency="EUR", net_total=net, tax_total=Decimal(tax), grand_total=net + Decimal(tax),
        lines=lines or [], source_link="https://archive.example/doc-1.pdf",
        thread_link="https://mail.google.com/mail/u/ap@example.com/#all/t-1", sender=sender,
        recipient="ap@example.com",
    )


@dataclass
class OdooWorld:
    standin: OdooStandIn
    url: str
    partner: int
    tax19: int
    product: int

    def connector(self, protocol: str = "xmlrpc", mapping: ErpMapping | None = None, **options: object) -> OdooErp:
        client = OdooClient(self.url, "acme", "api@acme.test", "odoo-key", protocol=protocol, timeout=5)  # type: ignore[arg-type]
        return OdooErp(client, mapping or self.mapping(), url=self.url, **options)  # type: ignore[arg-type]

    def mapping(self, **changes: object) -> ErpMapping:
        values = {"taxes": {Decimal(19): str(self.tax19)}, "sale_taxes": {}, "product": str(self.product)}
        return ErpMapping.model_validate(values | changes)


def odoo_chart(standin: OdooStandIn) -> tuple[int, int, int]:
    standin.add("res.currency", name="EUR")
    standin.add("res.currency", name="USD", active=False)
    standin.add("res.company", name="ACME Holding")
    partner = standin.add("res.partner", name="ACME GmbH", vat="DE 136 695 976", is_company=True,
                          email="billing@acme.de", supplier_rank=1)
    standin.add("res.partner", name="Jane at ACME", parent_id=partner, email="jane@acme.de")
    standin.add("res.partner", name="Muster AG", is_company=True, email="info@muster.ch")
    tax19 = standin.add("account.tax", name="19% Vorsteuer", amount=19.0, amount_type="percent", type_tax_use="purchase")
    standin.add("account.tax", name="7% Vorsteuer", amount=7.0, amount_type="percent", type_tax_use="purchase")
    standin.add("account.account", code="600000", name="Expenses")
    product = standin.add("product.product", name="Services")
    return partner, tax19, product


@pytest.fixture
def odoo() -> Iterator[OdooWorld]:
    standin = OdooStandIn()
    partner, tax19, product = odoo_chart(standin)
    with serving(standin) as url:
        yield OdooWorld(standin, url, partner, tax19, product)


@dataclass
class ErpNextWorld:
    standin: ErpNextStandIn
    url: str

    def connector(self, mapping: ErpMapping | None = None, **options: object) -> ErpNextErp:
        client = FrappeClient(self.url, "erpnext-key", "erpnext-secret", timeout=5)
        return ErpNextErp(client, mapping or self.mapping(), **options)  # type: ignore[arg-type]

    def mapping(self, **changes: object) -> ErpMapping:
        values = {"taxes": {Decimal(19): "DE VAT 19%"}, "sale_taxes": {Decimal(19): "DE VAT 19% Sales"},
                  "product": "SERVICES", "expense_account": "6000 - Expenses - AH"}
        return ErpMapping.model_validate(values | changes)


def erpnext_chart(standin: ErpNextStandIn) -> None:
    standin.add("Currency", name="EUR", currency_name="Euro", enabled=1)
    standin.add("Currency", name="USD", currency_name="US Dollar", enabled=0)
    standin.add("Company", company_name="ACME Holding", default_currency="EUR")
    standin.add("Account", name="6000 - Expenses - AH", account_name="Expenses", company="ACME Holding")
    standin.add("Item", name="SERVICES", item_name="Services")
    for title, rate in (("DE VAT 19%", 19), ("DE VAT 7%", 7), ("DE VAT 19% Sales", 19)):
        standin.add("Item Tax Template", name=title, title=title, taxes=[{"tax_type": "VAT - AH", "tax_rate": rate}])
    standin.add("Supplier", supplier_name="ACME GmbH", tax_id="DE 136 695 976", email_id="billing@acme.de")
    standin.add("Supplier", supplier_name="Muster AG", email_id="info@muster.ch")
    standin.add("Customer", customer_name="ACME GmbH", tax_id="DE136695976", email_id="buying@acme.de")


@pytest.fixture
def erpnext() -> Iterator[ErpNextWorld]:
    standin = ErpNextStandIn()
    erpnext_chart(standin)
    with serving(standin) as url:
        yield ErpNextWorld(standin, url)
