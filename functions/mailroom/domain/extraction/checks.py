"""Cross-checks between fields: agreement raises confidence, conflict lowers it and says why.

Each check returns a `Check` for the record and adjusts the fields it speaks about; a field a
check contradicts is capped well below the auto-approval line, never silently dropped."""

from datetime import date, timedelta
from decimal import Decimal

from mailroom.domain.extraction.candidates import Candidate
from mailroom.domain.extraction.identifiers import is_valid_iban, is_valid_vat
from mailroom.domain.models import Check, LineItem

DOUBTFUL = 0.6  # a contradicted field is shown to a reviewer


def _cap(fields: dict[str, Candidate], name: str, note: str) -> None:
    if name in fields:
        fields[name] = fields[name].adjusted(min(fields[name].score, DOUBTFUL), note)


def check_dates(fields: dict[str, Candidate]) -> list[Check]:
    if "issue_date" not in fields or "due_date" not in fields:
        return []
    issued, due = (date.fromisoformat(fields[n].value) for n in ("issue_date", "due_date"))
    if issued <= due <= issued + timedelta(days=366):
        note = f"due {due} ≥ issued {issued}"
        for name in ("issue_date", "due_date"):  # two labelled dates in a sane order back each other
            fields[name] = fields[name].adjusted(fields[name].score + 0.05, note)
        return [Check(name="due_after_issue", ok=True, detail=note)]
    if due >= issued:
        return [Check(name="due_after_issue", ok=True, detail=f"due {due} more than a year after {issued}")]
    note = f"due date {due} is before issue date {issued}"
    _cap(fields, "due_date", note)
    return [Check(name="due_after_issue", ok=False, detail=note)]


def check_identifiers(fields: dict[str, Candidate]) -> list[Check]:
    checks: list[Check] = []
    for name, valid in (("seller_vat_id", is_valid_vat), ("buyer_vat_id", is_valid_vat), ("iban", is_valid_iban)):
        if name in fields:
            ok = valid(fields[name].value)
            checks.append(Check(name=f"{name}_checksum", ok=ok, detail=fields[name].value))
            if not ok:
                _cap(fields, name, "checksum fails")
    seller, buyer = fields.get("seller_vat_id"), fields.get("buyer_vat_id")
    if seller and buyer and seller.value == buyer.value:
        note = "seller and buyer have the same VAT id"
        _cap(fields, "seller_vat_id", note)
        _cap(fields, "buyer_vat_id", note)
        checks.append(Check(name="parties_distinct", ok=False, detail=note))
    return checks


def check_lines(fields: dict[str, Candidate], lines: list[LineItem]) -> list[Check]:
    """Line nets add up to the net total: the strongest evidence that both were read right."""
    nets = [line.net_amount for line in lines if line.net_amount is not None]
    if not nets or "net_total" not in fields:
        return []
    total, net = sum(nets, Decimal(0)), Decimal(fields["net_total"].value)
    if abs(total) == abs(net):
        note = f"line amounts add up to the net total {net}"
        fields["net_total"] = fields["net_total"].adjusted(fields["net_total"].score + 0.05, note)
        return [Check(name="lines_sum_to_net", ok=True, detail=note)]
    # Allowances and charges sit between the lines and the net total; a mismatch proves little.
    return [Check(name="lines_sum_to_net", ok=False, detail=f"lines add up to {total}, net total is {net}")]
