"""What can go wrong with a real ERP, for Odoo (both transports) and ERPNext alike: partners that
cannot be found, taxes that are not mapped, proxies under load, refusals with the ERP's reason."""

from decimal import Decimal

import pytest

from mailroom.domain.errors import PermanentError, TransientError
from mailroom.domain.models import LineItem

from tests.integration.erp.conftest import PDF, World, posting


def test_an_unknown_partner_is_a_permanent_error_saying_what_to_do(remote: World):
    with pytest.raises(PermanentError, match=r"no (Odoo|ERPNext) partner matches 'Nobody Ltd'.*create it"):
        remote.erp.post(posting(partner="Nobody Ltd", vat="FR40303265045", sender="ap@gmail.com"))
    assert remote.count() == 0


def test_the_partner_is_found_by_vat_id_however_it_was_typed(remote: World):
    record = remote.erp.post(posting(partner="ACME (typo) GmbH", vat="de 136.695.976", sender=""))

    assert remote.count() == 1 and record.erp_id


def test_a_vat_id_of_another_country_with_the_same_digits_is_not_a_match(remote: World):
    with pytest.raises(PermanentError, match="no .* partner matches"):
        remote.erp.post(posting(partner="Other SA", vat="AT136695976", sender=""))


def test_the_partner_is_found_by_mail_domain_then_by_exact_name(remote: World):
    by_domain = remote.erp.post(posting("doc-1", "F-1", partner="Whoever", vat=None, sender="Ann <ann@acme.de>"))
    by_name = remote.erp.post(posting("doc-2", "F-2", partner="muster ag", vat=None, sender="x@gmail.com"))

    assert by_domain.erp_id != by_name.erp_id and remote.count() == 2


def test_a_partner_is_created_only_when_the_mapping_allows_it(remote: World):
    erp = remote.connector(remote.mapping(create_partners=True))  # type: ignore[attr-defined]

    erp.post(posting(partner="Brand New BV", vat="NL123456789B01", sender="bills@brandnew.nl"))
    again = remote.connector(remote.mapping())  # type: ignore[attr-defined]
    again.post(posting("doc-2", "F-2", partner="Brand New BV", vat="NL123456789B01"))

    assert remote.count() == 2  # the second found the partner the first one made


def test_a_tax_rate_that_is_not_mapped_is_a_permanent_error(remote: World):
    with pytest.raises(PermanentError, match="no ERP tax is mapped for 7 %"):
        remote.erp.post(posting(tax="7.00"))
    assert remote.count() == 0


def test_line_rates_are_mapped_line_by_line(remote: World):
    lines = [LineItem(description="Consulting", quantity=Decimal(2), unit_price=Decimal(40), net_amount=Decimal(80), tax_rate=Decimal(19)),
             LineItem(description="Books", quantity=Decimal(1), unit_price=Decimal(20), net_amount=Decimal(20), tax_rate=Decimal(5))]

    with pytest.raises(PermanentError, match="no ERP tax is mapped for 5 %"):
        remote.erp.post(posting(lines=lines))


def test_an_inactive_currency_is_a_permanent_error(remote: World):
    with pytest.raises(PermanentError, match="currency USD is not"):
        remote.erp.post(posting().model_copy(update={"currency": "usd"}))


def test_a_429_503_storm_is_transient_and_the_retry_succeeds(remote: World):
    remote.storm(429, 503, 503)
    outcomes = []
    for _ in range(4):  # what the queue does: redeliver until it goes through
        try:
            outcomes.append(remote.erp.post(posting(), PDF).erp_id)
        except TransientError as exc:
            outcomes.append(type(exc).__name__)

    assert outcomes[:3] == ["TransientError"] * 3 and outcomes[3]
    assert remote.count() == 1 and remote.attachments(remote.erp.find("doc-1")) == ["ACME-F-1.pdf"]


def test_a_storm_in_the_middle_of_a_posting_leaves_one_record(remote: World):
    for failing_call in range(1, 8):
        remote.storm(*([0] * failing_call), 503)
        try:
            remote.erp.post(posting(), PDF)
        except TransientError:
            pass
    record = remote.erp.post(posting(), PDF)

    assert remote.count() == 1 and remote.attachments(record) == ["ACME-F-1.pdf"]
