"""`mailroom erp check` for Odoo: every id the mapping names must exist, and be what the mapping
says it is (a 19 % purchase tax, not a 7 % sales tax)."""

from decimal import Decimal
from typing import Any

from mailroom.adapters.erp.odoo.client import OdooClient
from mailroom.domain.erp_mapping import ErpMapping


def missing_in_odoo(odoo: OdooClient, mapping: ErpMapping) -> list[str]:
    problems = _missing(odoo, "res.partner", "partner", mapping.partners.values())
    problems += _missing(odoo, "account.account", "account", [mapping.expense_account])
    problems += _missing(odoo, "product.product", "product", [mapping.product])
    companies = [route.company for route in mapping.companies] + [mapping.default_company]
    problems += _missing(odoo, "res.company", "company", companies)
    for use, table in (("purchase", mapping.taxes), ("sale", mapping.sale_taxes)):
        problems += _tax_problems(odoo, use, table)
    for code in mapping.currencies.allowed:
        if not odoo.execute("res.currency", "search", [["name", "=", code.upper()]], limit=1):
            problems.append(f"currency {code.upper()} is not active in Odoo")
    return problems


def _missing(odoo: OdooClient, model: str, what: str, wanted: Any) -> list[str]:
    ids = {value for value in wanted if value}
    numeric = {int(value) for value in ids if value.isdigit()}
    problems = [f"{what} '{value}' is not an Odoo id (a number)" for value in sorted(ids) if not value.isdigit()]
    if numeric:
        found = set(odoo.execute(model, "search", [["id", "in", sorted(numeric)]]))
        problems += [f"{what} {value} does not exist in Odoo ({model})" for value in sorted(numeric - found)]
    return problems


def _tax_problems(odoo: OdooClient, use: str, table: dict[Decimal, str]) -> list[str]:
    problems = _missing(odoo, "account.tax", f"{use} tax", table.values())
    pairs = [(rate, int(tax)) for rate, tax in table.items() if tax.isdigit()]
    if not pairs:
        return problems
    # search_read, not read: read fails on the first id that does not exist (reported above)
    rows = {row["id"]: row for row in odoo.execute(
        "account.tax", "search_read", [["id", "in", sorted({tax for _, tax in pairs})]],
        fields=["amount", "amount_type", "type_tax_use"])}
    for rate, tax in pairs:  # one tax may be mapped for several rates: check each use
        if (row := rows.get(tax)) is None:
            continue
        if row["type_tax_use"] != use:
            problems.append(f"tax {tax} (mapped for {rate} %) is a {row['type_tax_use']} tax, not a {use} tax")
        if row["amount_type"] == "percent" and Decimal(str(row["amount"])) != rate:
            problems.append(f"tax {tax} is {row['amount']} %, but the mapping uses it for {rate} %")
    return problems
