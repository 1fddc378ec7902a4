"""Every connector under test as a `World`: the connector, pointed at its stand-in through its
real client transport, and what the other side can do to it (pay, cancel, lose a response, send
a 429/503 storm), so one test body runs against every connector."""

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import pytest

from mailroom.adapters.erp.erpnext.client import FrappeClient
from mailroom.adapters.erp.erpnext.connector import ErpNextErp
from mailroom.adapters.erp.odoo.client import OdooClient
from mailroom.adapters.erp.odoo.connector import OdooErp
from mailroom.adapters.local.ledger import LocalLedger
from mailroom.domain.erp_mapping import ErpMapping
from mailroom.domain.models import DocumentType, ErpPosting, ErpRecord, LineItem
from mailroom.ports import Erp, OriginalFile
from mailroom.standins.erpnext import ErpNextStandIn
from mailroom.standins.odoo import OdooStandIn
from mailroom.standins.server import StandIn, serving

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


class Switchboard:
    """One loopback server for the whole session, serving whichever stand-in a test plugs in:
    starting and stopping a server per test would cost more than the tests (werkzeug's
    shutdown polls every half second)."""

    def __init__(self) -> None:
        self.url = ""
        self._target: StandIn | None = None

    def app(self, environ: dict, start_response: object) -> Iterable[bytes]:
        assert self._target is not None, "no stand-in is plugged in"
        return self._target.app(environ, start_response)  # type: ignore[arg-type]

    def plug(self, standin: StandIn) -> str:
        self._target = standin
        return self.url


@pytest.fixture(scope="session")
def board() -> Iterator[Switchboard]:
    switchboard = Switchboard()
    with serving(switchboard) as url:  # type: ignore[arg-type]
        switchboard.url = url
        yield switchboard


class World(Protocol):
    """The connector and the ERP's side. `can_fail` is False for the embedded ledger, which has
    no network to lose a response on."""

    name: str
    can_fail: bool
    erp: Erp

    def count(self) -> int: ...
    def pay(self, record: ErpRecord) -> None: ...
    def cancel(self, record: ErpRecord) -> None: ...
    def lose_next_create(self) -> None: ...
    def storm(self, *codes: int) -> None: ...
    def attachments(self, record: ErpRecord) -> list[str]: ...


class LocalWorld:
    name, can_fail = "local", False

    def __init__(self, path: Path) -> None:
        self.erp = self.ledger = LocalLedger(path)

    def count(self) -> int:
        return len(self.ledger.entries())

    def pay(self, record: ErpRecord) -> None:
        self.ledger.mark_paid(record.erp_id)

    def cancel(self, record: ErpRecord) -> None:
        self.ledger.cancel(record.erp_id)

    def lose_next_create(self) -> None:
        pass  # nothing between the ledger and its caller can lose an answer

    def storm(self, *codes: int) -> None:
        raise AssertionError("the embedded ledger has no network for a storm to hit")

    def attachments(self, record: ErpRecord) -> list[str]:
        return []


class OdooWorld:
    can_fail = True

    def __init__(self, board: Switchboard, protocol: str) -> None:
        self.name, self.protocol = f"odoo-{protocol}", protocol
        self.standin = OdooStandIn()
        s = self.standin
        s.add("res.currency", name="EUR")
        s.add("res.currency", name="USD", active=False)
        s.add("res.company", name="ACME Holding")
        self.partner = s.add("res.partner", name="ACME GmbH", vat="DE 136 695 976", is_company=True,
                             email="billing@acme.de", supplier_rank=1)
        s.add("res.partner", name="Jane at ACME", parent_id=self.partner, email="jane@acme.de")
        s.add("res.partner", name="Muster AG", is_company=True, email="info@muster.ch")
        self.tax19 = s.add("account.tax", name="19% Vorsteuer", amount=19.0, amount_type="percent", type_tax_use="purchase")
        self.tax7 = s.add("account.tax", name="7% Vorsteuer", amount=7.0, amount_type="percent", type_tax_use="purchase")
        self.sale_tax19 = s.add("account.tax", name="19% USt", amount=19.0, amount_type="percent", type_tax_use="sale")
        self.account = s.add("account.account", code="600000", name="Expenses")
        self.product = s.add("product.product", name="Services")
        self.url = board.plug(s)
        self.erp = self.connector()

    def mapping(self, **changes: object) -> ErpMapping:
        values = {"taxes": {19: str(self.tax19)}, "sale_taxes": {19: str(self.sale_tax19)},
                  "product": str(self.product), "expense_account": str(self.account)}
        return ErpMapping.model_validate(values | changes)

    def connector(self, mapping: ErpMapping | None = None, **options: object) -> OdooErp:
        client = OdooClient(self.url, "acme", "api@acme.test", "odoo-key", protocol=self.protocol, timeout=5)  # type: ignore[arg-type]
        return OdooErp(client, mapping or self.mapping(), url=self.url, **options)  # type: ignore[arg-type]

    def count(self) -> int:
        return len(self.standin.records("account.move")) + len(self.standin.records("sale.order"))

    def _id(self, record: ErpRecord) -> tuple[str, int]:
        model, _, record_id = record.erp_id.partition(",")
        return model, int(record_id)

    def pay(self, record: ErpRecord) -> None:
        _, move = self._id(record)
        self.standin.confirm(move)
        self.standin.pay(move)

    def cancel(self, record: ErpRecord) -> None:
        self.standin.cancel(*self._id(record))

    def lose_next_create(self) -> None:
        self.standin.lose_responses.append("create")

    def storm(self, *codes: int) -> None:
        self.standin.faults.script.extend(codes)

    def attachments(self, record: ErpRecord) -> list[str]:
        model, record_id = self._id(record)
        return [a["name"] for a in self.standin.records("ir.attachment", res_model=model, res_id=record_id)]


class ErpNextWorld:
    name, can_fail = "erpnext", True

    def __init__(self, board: Switchboard) -> None:
        self.standin = s = ErpNextStandIn()
        s.add("Currency", name="EUR", currency_name="Euro", enabled=1)
        s.add("Currency", name="USD", currency_name="US Dollar", enabled=0)
        s.add("Company", company_name="ACME Holding", default_currency="EUR")
        s.add("Account", name="6000 - Expenses - AH", account_name="Expenses", company="ACME Holding")
        s.add("Item", name="SERVICES", item_name="Services")
        for title, rate in (("DE VAT 19%", 19), ("DE VAT 7%", 7), ("DE VAT 19% Sales", 19)):
            s.add("Item Tax Template", name=title, title=title, taxes=[{"tax_type": "VAT - AH", "tax_rate": rate}])
        s.add("Supplier", supplier_name="ACME GmbH", tax_id="DE 136 695 976", email_id="billing@acme.de")
        s.add("Supplier", supplier_name="Muster AG", email_id="info@muster.ch")
        s.add("Customer", customer_name="ACME GmbH", tax_id="DE136695976", email_id="buying@acme.de")
        self.url = board.plug(s)
        self.erp = self.connector()

    def mapping(self, **changes: object) -> ErpMapping:
        values = {"taxes": {19: "DE VAT 19%"}, "sale_taxes": {19: "DE VAT 19% Sales"},
                  "product": "SERVICES", "expense_account": "6000 - Expenses - AH"}
        return ErpMapping.model_validate(values | changes)

    def connector(self, mapping: ErpMapping | None = None, **options: object) -> ErpNextErp:
        client = FrappeClient(self.url, "erpnext-key", "erpnext-secret", timeout=5)
        return ErpNextErp(client, mapping or self.mapping(), **options)  # type: ignore[arg-type]

    def count(self) -> int:
        return len(self.standin.records("Purchase Invoice")) + len(self.standin.records("Sales Order"))

    def pay(self, record: ErpRecord) -> None:
        self.standin.submit("Purchase Invoice", record.number)
        self.standin.pay(record.number)

    def cancel(self, record: ErpRecord) -> None:
        self.standin.cancel(record.erp_id.partition("|")[0], record.number)

    def lose_next_create(self) -> None:
        self.standin.lose_responses.append("insert")

    def storm(self, *codes: int) -> None:
        self.standin.faults.script.extend(codes)

    def attachments(self, record: ErpRecord) -> list[str]:
        return [f["file_name"] for f in self.standin.records("File") if f["attached_to_name"] == record.number]


def make_world(name: str, board: Switchboard, tmp_path: Path) -> World:
    if name == "local":
        return LocalWorld(tmp_path / "ledger.sqlite")
    if name == "erpnext":
        return ErpNextWorld(board)
    return OdooWorld(board, name.removeprefix("odoo-"))


EVERY_CONNECTOR = ["local", "odoo-xmlrpc", "odoo-jsonrpc", "erpnext"]
REMOTE_CONNECTORS = EVERY_CONNECTOR[1:]


@pytest.fixture(params=EVERY_CONNECTOR)
def world(request: pytest.FixtureRequest, board: Switchboard, tmp_path: Path) -> World:
    return make_world(request.param, board, tmp_path)


@pytest.fixture(params=REMOTE_CONNECTORS)
def remote(request: pytest.FixtureRequest, board: Switchboard, tmp_path: Path) -> World:
    return make_world(request.param, board, tmp_path)


@pytest.fixture
def odoo(board: Switchboard) -> OdooWorld:
    return OdooWorld(board, "xmlrpc")


@pytest.fixture
def erpnext(board: Switchboard) -> ErpNextWorld:
    return ErpNextWorld(board)
