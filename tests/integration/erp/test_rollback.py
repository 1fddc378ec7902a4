"""Rolling back deletes a draft mailroom made, with its lines and file, and never touches a
posted entry or a record someone else made."""

import pytest

from mailroom.adapters.erp.webhook.client import WebhookClient
from mailroom.adapters.erp.webhook.connector import WebhookErp
from mailroom.domain.erp_mapping import ErpMapping
from mailroom.domain.errors import PermanentError

from tests.integration.erp.conftest import PDF, ErpNextWorld, OdooWorld, World, posting


def test_a_draft_is_deleted_with_its_file_and_a_repeat_is_harmless(remote: World):
    record = remote.erp.post(posting(), PDF)

    remote.erp.rollback(record.erp_id)  # type: ignore[attr-defined]
    remote.erp.rollback(record.erp_id)  # type: ignore[attr-defined]

    assert remote.count() == 0 and remote.erp.find("doc-1") is None
    assert remote.attachments(record) == []
    assert remote.erp.post(posting(), PDF).erp_id != record.erp_id  # may be posted afresh


def test_a_posted_entry_is_never_rolled_back(remote: World):
    record = remote.erp.post(posting())
    remote.pay(record)  # confirmed (and paid) in the ERP

    with pytest.raises(PermanentError, match="not a draft"):
        remote.erp.rollback(record.erp_id)  # type: ignore[attr-defined]
    assert remote.count() == 1


def test_an_odoo_draft_someone_else_made_is_left_alone(odoo: OdooWorld):
    move = odoo.standin.add("account.move", move_type="in_invoice", partner_id=odoo.partner, ref="HAND-1")

    with pytest.raises(PermanentError, match="not made by mailroom"):
        odoo.erp.rollback(f"account.move,{move}")
    assert odoo.count() == 1


def test_an_erpnext_draft_someone_else_made_is_left_alone(erpnext: ErpNextWorld):
    invoice = erpnext.standin.add("Purchase Invoice", supplier="ACME GmbH", bill_no="HAND-1",
                                  items=[{"item_code": "SERVICES", "qty": 1, "rate": 10}])

    with pytest.raises(PermanentError, match="not made by mailroom"):
        erpnext.erp.rollback(f"Purchase Invoice|{invoice}")  # type: ignore[attr-defined]
    assert erpnext.count() == 1


def test_the_webhook_cannot_roll_back():
    erp = WebhookErp(WebhookClient("http://127.0.0.1:9/hook", "s"), ErpMapping())
    with pytest.raises(PermanentError, match="undo it there"):
        erp.rollback("vendorbill:1")
