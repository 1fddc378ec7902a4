"""ERPNext specifics: the Purchase Invoice and Sales Order Frappe receives, file uploads,
submission, and Frappe's error bodies."""

import pytest
import requests

from mailroom.adapters.erp.erpnext.client import FrappeClient
from mailroom.domain.errors import NotFoundError, PermanentError, TransientError

from tests.integration.erp.conftest import PDF, ErpNextWorld, posting


def test_a_purchase_invoice_has_the_fields_frappe_expects(erpnext: ErpNextWorld):
    record = erpnext.erp.post(posting(), PDF)

    [invoice] = erpnext.standin.records("Purchase Invoice")
    assert (invoice["supplier"], invoice["bill_no"], invoice["bill_date"], invoice["due_date"]) == (
        "ACME GmbH", "F-1", "2026-01-31", "2026-02-28")
    assert (invoice["docstatus"], invoice["status"], invoice["grand_total"]) == (0, "Draft", 119.0)
    [item] = invoice["items"]
    assert (item["item_code"], item["qty"], item["rate"], item["item_tax_template"]) == ("SERVICES", 1.0, 100.0, "DE VAT 19%")
    assert "https://mail.google.com/mail/u/ap@example.com/#all/t-1" in invoice["remarks"]
    [file] = erpnext.standin.records("File")
    assert (file["attached_to_doctype"], file["is_private"], file["file_url"]) == (
        "Purchase Invoice", 1, "/private/files/ACME-F-1.pdf")
    assert record.link == f"{erpnext.url}/app/purchase-invoice/{invoice['name']}"


def test_a_credit_note_is_a_return_with_negative_quantities(erpnext: ErpNextWorld):
    erpnext.erp.post(posting(document_type="credit_note"))

    [invoice] = erpnext.standin.records("Purchase Invoice")
    assert invoice["is_return"] == 1 and invoice["items"][0]["qty"] == -1.0


def test_a_customer_po_is_a_sales_order_found_again_by_its_po_number(erpnext: ErpNextWorld):
    erpnext.standin.lose_responses.append("insert")
    with pytest.raises(TransientError):
        erpnext.erp.post(posting(reference="PO-77", document_type="purchase_order"))

    record = erpnext.erp.post(posting(reference="PO-77", document_type="purchase_order"))

    [order] = erpnext.standin.records("Sales Order")
    assert (order["customer"], order["po_no"], order["delivery_date"]) == ("ACME GmbH", "PO-77", "2026-02-28")
    assert order["items"][0]["item_tax_template"] == "DE VAT 19% Sales" and record.number == order["name"]


def test_submit_makes_an_unpaid_invoice_and_paid_reads_back(erpnext: ErpNextWorld):
    record = erpnext.connector(submit=True).post(posting())
    assert record.state == "posted"

    erpnext.standin.pay(record.number)

    assert erpnext.erp.status(record.erp_id).state == "paid"


def test_an_unknown_item_tax_template_is_refused_with_frappes_message(erpnext: ErpNextWorld):
    erp = erpnext.connector(erpnext.mapping(taxes={19: "VAT 19 typo"}))

    with pytest.raises(PermanentError, match=r"\(LinkValidationError\): Could not find Item Tax Template: VAT 19 typo"):
        erp.post(posting())
    assert erpnext.count() == 0


def test_errors_are_frappe_shaped_and_read_by_status(erpnext: ErpNextWorld):
    answer = requests.get(f"{erpnext.url}/api/resource/Purchase Invoice/NOPE",
                          headers={"Authorization": "token erpnext-key:erpnext-secret"}, timeout=5)
    assert answer.status_code == 404 and answer.json()["exc_type"] == "DoesNotExistError"
    assert "_server_messages" in answer.json()

    with pytest.raises(PermanentError, match="DoesNotExistError"):
        erpnext.erp.status("Purchase Invoice|NOPE")
    with pytest.raises(NotFoundError):
        erpnext.erp.status("nonsense")


def test_a_wrong_token_and_a_missing_permission_are_permanent(erpnext: ErpNextWorld):
    with pytest.raises(PermanentError, match="AuthenticationError"):
        FrappeClient(erpnext.url, "erpnext-key", "wrong").list("Supplier", [], ["name"])
    erpnext.standin.denied.add(("Purchase Invoice", "insert"))
    with pytest.raises(PermanentError, match="PermissionError.*Insufficient Permission for Purchase Invoice"):
        erpnext.erp.post(posting())


def test_frappe_filters_take_like_patterns_in_and_dict_forms(erpnext: ErpNextWorld):
    client = FrappeClient(erpnext.url, "erpnext-key", "erpnext-secret")

    assert client.list("Supplier", [["email_id", "like", "%@ACME.de"]], ["name"]) == [{"name": "ACME GmbH"}]
    assert len(client.list("Supplier", [["Supplier", "name", "in", ["ACME GmbH", "Muster AG"]]], ["name"])) == 2
    assert client.list("Currency", {"enabled": 1}, ["name"]) == [{"name": "EUR"}]
    with pytest.raises(PermanentError, match="Field not permitted in query: vat"):
        client.list("Supplier", [["vat", "=", "x"]], ["name"])
