"""`mailroom erp check` against the live (stand-in) ERP: what the mapping names but the ERP
lacks is listed, and the exit code says whether anything is."""

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mailroom.domain.errors import PermanentError
from mailroom.entrypoints.cli.app import app

from tests.integration.erp.conftest import ErpNextWorld, OdooWorld


def check(tmp_path: Path, mapping: dict, monkeypatch: pytest.MonkeyPatch, **env: str):
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(mapping))
    for name, value in env.items():
        monkeypatch.setenv(f"MAILROOM_ERP__{name.upper()}", value)
    return CliRunner().invoke(app, ["erp", "check", "--mapping", str(path)])


def odoo_env(odoo: OdooWorld) -> dict[str, str]:
    return {"connector": "odoo", "odoo__url": odoo.url, "odoo__db": "acme",
            "odoo__login": "api@acme.test", "odoo__api_key": "odoo-key"}


def test_odoo_lists_every_missing_or_mismatched_entry(odoo: OdooWorld, tmp_path, monkeypatch):
    mapping = {"version": 1, "partners": {"ACME GmbH": str(odoo.partner), "Gone Ltd": "999"},
               "taxes": {19: str(odoo.tax19), 7: str(odoo.tax19), 5: "998"},
               "sale_taxes": {19: str(odoo.tax7)}, "expense_account": "997",
               "product": str(odoo.product), "currencies": {"allowed": ["EUR", "USD"]}}

    result = check(tmp_path, mapping, monkeypatch, **odoo_env(odoo))

    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert "missing partner 999 does not exist in Odoo (res.partner)" in lines
    assert "missing purchase tax 998 does not exist in Odoo (account.tax)" in lines
    assert f"missing tax {odoo.tax19} is 19.0 %, but the mapping uses it for 7 %" in lines
    assert f"missing tax {odoo.tax7} (mapped for 19 %) is a purchase tax, not a sale tax" in lines
    assert "missing account 997 does not exist in Odoo (account.account)" in lines
    assert f"missing tax {odoo.tax7} is 7.0 %, but the mapping uses it for 19 %" in lines
    assert "missing currency USD is not active in Odoo" in lines
    assert len(lines) == 7


def test_a_mapping_odoo_fully_has_passes(odoo: OdooWorld, tmp_path, monkeypatch):
    mapping = {"partners": {"ACME GmbH": str(odoo.partner)}, "taxes": {19: str(odoo.tax19)},
               "sale_taxes": {19: str(odoo.sale_tax19)}, "expense_account": str(odoo.account)}

    result = check(tmp_path, mapping, monkeypatch, **odoo_env(odoo))

    assert result.exit_code == 0 and result.output.startswith("ok odoo has the 1 partners, 2 taxes")


def test_erpnext_lists_names_it_does_not_have(erpnext: ErpNextWorld, tmp_path, monkeypatch):
    mapping = {"partners": {"ACME": "ACME GmbH", "X": "Nobody GmbH"}, "taxes": {19: "DE VAT 19%", 7: "DE VAT 7% typo"},
               "product": "SERVICES", "companies": [{"recipient": "@acme.nl", "company": "ACME NL"}],
               "currencies": {"allowed": ["EUR", "USD"]}}

    result = check(tmp_path, mapping, monkeypatch, connector="erpnext", erpnext__url=erpnext.url,
                   erpnext__api_key="erpnext-key", erpnext__api_secret="erpnext-secret")

    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert [" ".join(line.split()) for line in result.output.splitlines()] == [
        "missing partner 'Nobody GmbH' does not exist in ERPNext (Supplier)",
        "missing purchase tax 'DE VAT 7% typo' does not exist in ERPNext (Item Tax Template)",
        "missing company 'ACME NL' does not exist in ERPNext (Company)",
        "missing currency USD is not enabled in ERPNext",
    ]


def test_a_broken_mapping_or_missing_settings_fail_before_any_call(tmp_path, monkeypatch):
    result = check(tmp_path, {"version": 1, "taxs": {}}, monkeypatch, connector="odoo")
    assert isinstance(result.exception, PermanentError) and "is invalid" in str(result.exception)

    result = check(tmp_path, {"version": 1}, monkeypatch, connector="odoo")
    assert isinstance(result.exception, PermanentError)
    assert "needs MAILROOM_ERP__ODOO__URL" in str(result.exception)
