"""The connector comes from configuration: each name builds its connector from the settings,
imports its client only when chosen, and says which variables are missing."""

import subprocess
import sys

import pytest
from pydantic import SecretStr

from mailroom.adapters.erp.erpnext.connector import ErpNextErp
from mailroom.adapters.erp.odoo.connector import OdooErp
from mailroom.adapters.erp.registry import connector_for
from mailroom.adapters.erp.settings import ErpNextSettings, ErpSettings, OdooSettings, WebhookSettings
from mailroom.adapters.erp.webhook.connector import WebhookErp
from mailroom.adapters.local.ledger import LocalLedger
from mailroom.domain.erp_mapping import ErpMapping
from mailroom.domain.errors import PermanentError


def test_each_name_builds_its_connector(tmp_path):
    settings = ErpSettings(
        ledger_path=tmp_path / "ledger.sqlite",
        odoo=OdooSettings(url="https://acme.odoo.com", db="acme", login="api@acme.com", api_key=SecretStr("k")),
        erpnext=ErpNextSettings(url="https://acme.frappe.cloud", api_key=SecretStr("k"), api_secret=SecretStr("s")),
        webhook=WebhookSettings(url="https://hooks.example/x", secret=SecretStr("s")),
    )
    built = {name: type(connector_for(name, settings, ErpMapping())) for name in ("local", "odoo", "erpnext", "webhook")}

    assert built == {"local": LocalLedger, "odoo": OdooErp, "erpnext": ErpNextErp, "webhook": WebhookErp}


def test_settings_come_from_mailroom_erp_variables(monkeypatch):
    monkeypatch.setenv("MAILROOM_ERP__CONNECTOR", "odoo")
    monkeypatch.setenv("MAILROOM_ERP__ODOO__PROTOCOL", "jsonrpc")
    monkeypatch.setenv("MAILROOM_ERP__ODOO__API_KEY", "secret-key")

    settings = ErpSettings()

    assert (settings.connector, settings.odoo.protocol) == ("odoo", "jsonrpc")
    assert settings.odoo.api_key.get_secret_value() == "secret-key" and "secret-key" not in repr(settings)


def test_an_unknown_name_or_missing_settings_say_what_to_set():
    with pytest.raises(PermanentError, match="no ERP connector 'sap': choose one of local, odoo, erpnext, webhook"):
        connector_for("sap", ErpSettings(), ErpMapping())
    with pytest.raises(PermanentError, match="MAILROOM_ERP__ERPNEXT__API_KEY, MAILROOM_ERP__ERPNEXT__API_SECRET"):
        connector_for("erpnext", ErpSettings(erpnext=ErpNextSettings(url="https://x")), ErpMapping())


def test_choosing_a_connector_imports_only_its_own_client(tmp_path):
    probe = ("import sys; from mailroom.adapters.erp.registry import connector_for;"
             "from mailroom.adapters.erp.settings import ErpSettings;"
             "from mailroom.domain.erp_mapping import ErpMapping;"
             "connector_for('local', ErpSettings(ledger_path=sys.argv[1]), ErpMapping());"
             "print(sorted(m for m in sys.modules if m.startswith('mailroom.adapters.erp.')))")
    loaded = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "ledger.sqlite")], capture_output=True, text=True, check=True).stdout

    assert "odoo" not in loaded and "erpnext" not in loaded and "webhook" not in loaded
