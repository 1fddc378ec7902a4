from mailroom.domain.extraction.candidates import Candidate, choose
from mailroom.domain.extraction.checks import check_dates, check_identifiers, check_lines
from mailroom.domain.extraction.totals import resolve_totals
from mailroom.domain.models import LineItem

BOX = (0.1, 0.1, 0.2, 0.12)


def _c(value: str, score: float = 0.85, y: float = 0.1, why: str = "label") -> Candidate:
    return Candidate(value, score, why, 1, (0.1, y, 0.2, y + 0.02))


def test_totals_that_add_up_become_confident() -> None:
    chosen, checks = resolve_totals({
        "net_total": [_c("100.00"), _c("95.00", 0.8)],
        "tax_total": [_c("19.00"), _c("16.00", 0.8, y=0.3)],
        "grand_total": [_c("119.00")],
    })
    assert {n: c.value for n, c in chosen.items()} == {"net_total": "100.00", "tax_total": "19.00", "grand_total": "119.00"}
    assert all(c.score >= 0.9 for c in chosen.values())
    assert checks[0].ok and "net 100.00 + VAT 19.00 = grand 119.00" in chosen["net_total"].why


def test_vat_printed_per_rate_is_added_up() -> None:
    chosen, _ = resolve_totals({
        "net_total": [_c("467.80")],
        "tax_total": [_c("23.77", y=0.4), _c("31.91", y=0.5)],
        "grand_total": [_c("523.48")],
    })
    assert chosen["tax_total"].value == "55.68"
    assert "sum of VAT lines" in chosen["tax_total"].why


def test_totals_that_do_not_add_up_stay_below_auto_approval() -> None:
    chosen, checks = resolve_totals({
        "net_total": [_c("100.00", 0.9)], "tax_total": [_c("19.00", 0.9)], "grand_total": [_c("120.00", 0.9)],
    })
    assert all(c.score <= 0.7 for c in chosen.values())
    assert checks and not checks[0].ok


def test_a_close_rival_lowers_confidence_and_is_named() -> None:
    best = choose([_c("A-1", 0.9), _c("B-2", 0.85, y=0.5, why="other label")])
    assert best is not None and best.value == "A-1" and best.score < 0.9
    assert "rival value 'B-2'" in best.why


def test_agreement_between_places_raises_confidence() -> None:
    best = choose([_c("DE136695976", 0.85), _c("DE136695976", 0.8, y=0.9)])
    assert best is not None and best.score > 0.85 and "found in 2 places" in best.why


def test_due_date_before_issue_date_is_capped() -> None:
    fields = {"issue_date": _c("2026-01-31", 0.9), "due_date": _c("2026-01-01", 0.9)}
    (check,) = check_dates(fields)
    assert not check.ok and fields["due_date"].score <= 0.6


def test_checksums_are_checked_and_reported() -> None:
    fields = {"seller_vat_id": _c("DE136695976", 0.9), "iban": _c("FR7612542547256985425874698", 0.9)}
    checks = {c.name: c.ok for c in check_identifiers(fields)}
    assert checks == {"seller_vat_id_checksum": True, "iban_checksum": False}
    assert fields["iban"].score <= 0.6 and fields["seller_vat_id"].score == 0.9


def test_the_same_vat_id_for_both_parties_is_a_conflict() -> None:
    fields = {"seller_vat_id": _c("DE136695976", 0.9), "buyer_vat_id": _c("DE136695976", 0.9)}
    assert not {c.name: c.ok for c in check_identifiers(fields)}["parties_distinct"]
    assert fields["seller_vat_id"].score <= 0.6 and fields["buyer_vat_id"].score <= 0.6


def test_line_amounts_that_add_up_confirm_the_net_total() -> None:
    fields = {"net_total": _c("30.00", 0.8)}
    lines = [LineItem(description="a", net_amount=10), LineItem(description="b", net_amount=20)]
    (check,) = check_lines(fields, lines)
    assert check.ok and fields["net_total"].score > 0.8
    fields = {"net_total": _c("31.00", 0.8)}
    (check,) = check_lines(fields, lines)
    assert not check.ok and fields["net_total"].score == 0.8
