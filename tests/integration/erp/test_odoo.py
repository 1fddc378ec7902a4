"""Odoo specifics: the account.move and sale.order Odoo receives, faults as Odoo sends them,
versions, and the narration that leads back to the mail."""

import base64
import xmlrpc.client

import pytest

from mailroom.adapters.erp.odoo.client import OdooClient
from mailroom.domain.errors import PermanentError

from tests.integration.erp.conftest import PDF, OdooWorld, posting


def test_a_vendor_bill_has_the_fields_taxes_and_links_odoo_expects(odoo: OdooWorld):
    record = odoo.erp.post(posting(), PDF)

    [move] = odoo.standin.records("account.move")
    assert (move["move_type"], move["partner_id"], move["ref"]) == ("in_invoice", odoo.partner, "F-1")
    assert (move["invoice_date"], move["invoice_date_due"], move["state"]) == ("2026-01-31", "2026-02-28", "draft")
    assert (move["amount_untaxed"], move["amount_tax"], move["amount_total"]) == (100.0, 19.0, 119.0)
    [line] = odoo.standin.records("account.move.line", move_id=move["id"])
    assert line["tax_ids"] == [odoo.tax19] and line["account_id"] == odoo.account
    assert "https://archive.example/doc-1.pdf" in move["narration"]
    assert "https://mail.google.com/mail/u/ap@example.com/#all/t-1" in move["narration"]
    [attachment] = odoo.standin.records("ir.attachment", res_id=move["id"])
    assert base64.b64decode(attachment["datas"]) == PDF.content and attachment["res_model"] == "account.move"
    assert record.link == f"{odoo.url}/web#id={move['id']}&model=account.move&view_type=form"


def test_a_credit_note_is_an_in_refund(odoo: OdooWorld):
    odoo.erp.post(posting(document_type="credit_note"))

    assert [m["move_type"] for m in odoo.standin.records("account.move")] == ["in_refund"]


def test_a_customer_po_becomes_a_sale_order_with_client_order_ref(odoo: OdooWorld):
    record = odoo.erp.post(posting(reference="PO-77", document_type="purchase_order"), PDF)

    [order] = odoo.standin.records("sale.order")
    [line] = odoo.standin.records("sale.order.line", order_id=order["id"])
    assert order["client_order_ref"] == "PO-77" and order["partner_id"] == odoo.partner
    assert line["tax_id"] == [odoo.sale_tax19] and line["product_id"] == odoo.product
    assert record.number == order["name"] and record.state == "draft"
    assert odoo.attachments(record) == ["ACME-F-1.pdf"]


def test_post_bills_confirms_the_bill_and_reports_its_number(odoo: OdooWorld):
    record = odoo.connector(post_bills=True).post(posting())

    assert (record.number, record.state) == ("BILL/2026/00001", "posted")


def test_a_bill_in_payment_counts_as_paid_and_a_reversed_one_as_cancelled(odoo: OdooWorld):
    paid = odoo.erp.post(posting("doc-1", "F-1"))
    reversed_ = odoo.erp.post(posting("doc-2", "F-2"))
    odoo.standin.confirm(int(paid.erp_id.partition(",")[2]))
    odoo.standin.pay(int(paid.erp_id.partition(",")[2]), "in_payment")
    odoo.standin.pay(int(reversed_.erp_id.partition(",")[2]), "reversed")

    assert odoo.erp.status(paid.erp_id).state == "paid"
    assert odoo.erp.status(reversed_.erp_id).state == "cancelled"


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_an_access_error_is_permanent_with_odoos_message(odoo: OdooWorld, protocol: str):
    odoo.standin.models.denied.add(("account.move", "create"))
    odoo.protocol = protocol

    with pytest.raises(PermanentError, match=r"AccessError.*not allowed to create 'account.move'"):
        odoo.connector().post(posting())


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_a_wrong_api_key_is_a_permanent_error_naming_the_login(odoo: OdooWorld, protocol: str):
    client = OdooClient(odoo.url, "acme", "api@acme.test", "wrong", protocol=protocol)  # type: ignore[arg-type]

    with pytest.raises(PermanentError, match="refused the login api@acme.test"):
        client.execute("res.partner", "search", [])


def test_an_unknown_field_fault_carries_odoos_traceback_and_is_read_from_it(odoo: OdooWorld):
    proxy = xmlrpc.client.ServerProxy(f"{odoo.url}/xmlrpc/2/object")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        proxy.execute_kw("acme", 2, "odoo-key", "res.partner", "search_read", [[["vatt", "=", "x"]]])
    assert fault.value.faultCode == 1 and "Traceback" in fault.value.faultString
    assert "ValueError: Invalid field 'vatt' on model 'res.partner'" in fault.value.faultString

    client = OdooClient(odoo.url, "acme", "api@acme.test", "odoo-key")
    with pytest.raises(PermanentError, match=r"\(ValueError\): Invalid field 'vatt' on model 'res.partner'"):
        client.execute("res.partner", "search_read", [["vatt", "=", "x"]])


def test_a_mapped_tax_that_does_not_exist_is_refused_by_odoo(odoo: OdooWorld):
    erp = odoo.connector(odoo.mapping(taxes={19: "999"}))

    with pytest.raises(PermanentError, match=r"(?s)does not exist.*account.tax\(999,\)"):
        erp.post(posting())
    assert odoo.count() == 0


@pytest.mark.parametrize(("version", "supported"), [(15, False), (16, True), (18, True)])
def test_odoo_16_to_18_are_supported(version: int, supported: bool, odoo: OdooWorld):
    odoo.standin.version = version
    if supported:
        assert odoo.erp.post(posting()).erp_id
    else:
        with pytest.raises(PermanentError, match="Odoo 15 is not supported"):
            odoo.erp.post(posting())


def test_domains_combine_with_polish_operators(odoo: OdooWorld):
    client = OdooClient(odoo.url, "acme", "api@acme.test", "odoo-key", protocol="jsonrpc")
    either = ["|", ["name", "=ilike", "muster ag"], ["vat", "ilike", "136"]]

    assert len(client.execute("res.partner", "search", either)) == 2
    assert client.execute("res.partner", "search", ["!", ["parent_id", "=", False]]) == [odoo.partner + 1]
    assert client.execute("res.partner", "search_count", [["parent_id", "=", odoo.partner]]) == 1
