"""Arithmetic and date checks on what an e-invoice says. They report and never alter: the XML is
the legal document, so a failed check sends it to a person instead of "fixing" a value."""

from decimal import Decimal

from mailroom.domain.models import Check, ExtractedField, LineItem


def consistency(
    fields: dict[str, ExtractedField], lines: list[LineItem], line_total: ExtractedField | None,
) -> list[Check]:
    found = [lines_sum(fields, lines, line_total), totals_add_up(fields), due_after_issue(fields)]
    return [c for c in found if c is not None]


def lines_sum(
    fields: dict[str, ExtractedField], lines: list[LineItem], line_total: ExtractedField | None,
) -> Check | None:
    """Line nets add up to the document's line total (BT-106), or to the net total where the
    syntax has no line total (KSeF). Skipped when a line has no net amount."""
    nets = [line.net_amount for line in lines]
    target = line_total or fields.get("net_total")
    if not nets or target is None or any(n is None for n in nets):
        return None
    total = sum((n for n in nets if n is not None), Decimal(0))
    expected = Decimal(target.value)
    where = target.provenance.xml_path
    return Check(
        name="lines_sum",
        ok=total == expected,
        detail=f"{len(nets)} line nets add up to {total}, {where} says {expected}",
    )


def totals_add_up(fields: dict[str, ExtractedField]) -> Check | None:
    net, tax, grand = (fields.get(n) for n in ("net_total", "tax_total", "grand_total"))
    if net is None or tax is None or grand is None:
        return None
    total = Decimal(net.value) + Decimal(tax.value)
    return Check(
        name="totals_add_up",
        ok=total == Decimal(grand.value),
        detail=f"net {net.value} + tax {tax.value} = {total}, grand total {grand.value}",
    )


def due_after_issue(fields: dict[str, ExtractedField]) -> Check | None:
    issued, due = fields.get("issue_date"), fields.get("due_date")
    if issued is None or due is None:
        return None
    # ISO dates compare correctly as text.
    return Check(
        name="due_after_issue",
        ok=due.value >= issued.value,
        detail=f"due {due.value}, issued {issued.value}",
    )
