"""`mailroom erp check` for ERPNext: every name the mapping uses must exist as its doctype."""

from mailroom.adapters.erp.erpnext.client import FrappeClient
from mailroom.domain.erp_mapping import ErpMapping


def missing_in_erpnext(frappe: FrappeClient, mapping: ErpMapping) -> list[str]:
    wanted = [
        ("Supplier", "partner", list(mapping.partners.values())),
        ("Item Tax Template", "purchase tax", list(mapping.taxes.values())),
        ("Item Tax Template", "sale tax", list(mapping.sale_taxes.values())),
        ("Account", "account", [mapping.expense_account]),
        ("Item", "item", [mapping.product]),
        ("Company", "company", [route.company for route in mapping.companies] + [mapping.default_company]),
    ]
    problems = []
    for doctype, what, names in wanted:
        unique = sorted({name for name in names if name})
        if not unique:
            continue
        found = {row["name"] for row in frappe.list(doctype, [["name", "in", unique]], ["name"], len(unique))}
        problems += [f"{what} '{name}' does not exist in ERPNext ({doctype})" for name in unique if name not in found]
    currencies = [code.upper() for code in mapping.currencies.allowed]
    if currencies:
        enabled = {row["name"] for row in frappe.list(
            "Currency", [["name", "in", currencies], ["enabled", "=", 1]], ["name"], len(currencies))}
        problems += [f"currency {code} is not enabled in ERPNext" for code in currencies if code not in enabled]
    return problems
