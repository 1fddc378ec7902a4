"""The ERP mapping's rules, without an ERP: overrides, tax rates, company routing, currencies,
and the lines a posting becomes."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from mailroom.domain.erp_mapping import ErpMapping, lines_for
from mailroom.domain.errors import PermanentError
from mailroom.domain.models import ErpPosting, LineItem

MAPPING = ErpMapping.model_validate({
    "version": 1,
    "partners": {"DE 136 695 976": "42", "Muster AG": "17"},
    "taxes": {19: "T19", 7: "T7", 0: "T0"},
    "sale_taxes": {19: "S19"},
    "companies": [{"recipient": "ap@acme.nl", "company": "NL"}, {"recipient": "@acme.de", "company": "DE"}],
    "default_company": "HQ",
    "currencies": {"allowed": ["EUR", "RON"], "aliases": {"lei": "RON"}},
})


def posting(**changes: object) -> ErpPosting:
    values = {"idempotency_key": "k", "document_type": "invoice", "partner_name": "ACME GmbH",
              "partner_vat_id": "DE136695976", "reference": "F-1", "currency": "EUR",
              "net_total": Decimal("100.00"), "tax_total": Decimal("19.00"), "grand_total": Decimal("119.00")}
    return ErpPosting.model_validate(values | changes)


def test_a_vendor_is_overridden_by_vat_id_or_name_however_typed():
    assert MAPPING.partner_override(posting()) == "42"
    assert MAPPING.partner_override(posting(partner_vat_id=None, partner_name="MUSTER  A.G.")) == "17"
    assert MAPPING.partner_override(posting(partner_vat_id="FR1", partner_name="Other")) is None


def test_a_rate_derived_from_rounded_totals_finds_its_tax():
    assert MAPPING.tax_for(Decimal("18.99")) == "T19"
    assert MAPPING.tax_for(Decimal("19"), sale=True) == "S19"
    with pytest.raises(PermanentError, match=r"no ERP tax is mapped for 9 %.*`taxes`"):
        MAPPING.tax_for(Decimal("9"))
    with pytest.raises(PermanentError, match="`sale_taxes`"):
        MAPPING.tax_for(Decimal("7"), sale=True)


def test_untaxed_lines_need_a_tax_only_when_zero_is_mapped():
    assert MAPPING.taxes_for(Decimal(0)) == ["T0"]
    assert MAPPING.taxes_for(Decimal(0), sale=True) == []


def test_the_recipient_routes_to_a_company_by_address_then_domain_then_default():
    assert MAPPING.company_for("AP@acme.nl") == "NL"
    assert MAPPING.company_for("invoices@acme.de") == "DE"
    assert MAPPING.company_for("someone@else.com") == "HQ"


def test_currencies_go_through_aliases_and_the_allowed_list():
    assert MAPPING.currency_for(" lei ") == "RON"
    with pytest.raises(PermanentError, match="USD is not allowed"):
        MAPPING.currency_for("usd")
    assert ErpMapping().currency_for("usd") == "USD"


def test_an_unknown_key_or_version_is_a_validation_error():
    with pytest.raises(ValidationError):
        ErpMapping.model_validate({"version": 2})
    with pytest.raises(ValidationError):
        ErpMapping.model_validate({"taxs": {19: "T19"}})


def test_without_complete_lines_a_posting_is_one_line_at_the_implied_rate():
    [line] = lines_for(posting(lines=[LineItem(description="no amount")]))

    assert (line.description, line.quantity, line.net_amount, line.tax_rate) == ("F-1", 1, Decimal("100.00"), Decimal("19.00"))
    [untaxed] = lines_for(posting(net_total=None, tax_total=None))
    assert (untaxed.net_amount, untaxed.tax_rate) == (Decimal("119.00"), 0)


def test_the_documents_own_lines_are_completed_not_replaced():
    lines = [LineItem(description="A", quantity=Decimal(2), net_amount=Decimal(60)),
             LineItem(description="B", net_amount=Decimal(40), tax_rate=Decimal(7))]

    first, second = lines_for(posting(lines=lines))

    assert (first.unit_price, first.tax_rate) == (Decimal(30), Decimal("19.00"))
    assert (second.quantity, second.unit_price, second.tax_rate) == (1, Decimal(40), Decimal(7))


def test_tax_without_a_net_amount_cannot_imply_a_rate():
    with pytest.raises(PermanentError, match="no net amount"):
        lines_for(posting(net_total=Decimal(0), tax_total=Decimal(19), grand_total=Decimal(19)))
