"""Net, VAT and grand totals: labelled amounts, then the combination that adds up.

Totals blocks are full of amounts (rates, bases, per-rate VAT, payments, balances), so each
label proposes what it sees and arithmetic decides: the net + VAT = grand triple with the best
label support wins and earns high confidence; with no such triple every total stays doubtful."""

import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import combinations, product

from mailroom.domain.extraction.amounts import (
    CURRENCY_WORDS,
    Amount,
    Separator,
    find_amounts,
    to_text,
)
from mailroom.domain.extraction.candidates import Candidate, choose, located
from mailroom.domain.extraction.finder import Sheet, Window
from mailroom.domain.extraction.folding import fold
from mailroom.domain.models import Check

TOTAL_ROLES = {"net_total": 0.84, "tax_total": 0.8, "grand_total": 0.84}
UNLABELLED = 0.5
Triple = tuple[Candidate, Candidate, Candidate]  # net, VAT, grand
# One-word labels that also head rate tables and running text.
_GENERIC = {"total", "net", "netto", "tax", "vat", "tva", "ust", "btw", "mwst", "taxes", "totaal", "due"}
_CONNECTIVES = {"auf", "on", "sur", "von", "of", "x", "de", "din", "od", "van", "z", "a", "à", "la", "%"}


def _segments(text: str) -> list[tuple[int, int]]:
    """Column segments of a window's text (separated by three or more spaces)."""
    bounds = [0, *[m.end() for m in re.finditer(r" {3,}", text)]]
    ends = [m.start() for m in re.finditer(r" {3,}", text)] + [len(text)]
    return list(zip(bounds, ends))


def _words(text: str) -> list[str]:
    """Words that are neither numbers nor connectives nor currencies ("auf", "%", "€")."""
    words = re.findall(r"\S*[^\W\d_]\S*|%", fold(text))
    return [w for w in words if w.strip("().:,") not in _CONNECTIVES and w.strip("().:,") not in CURRENCY_WORDS]


def amount_in(window: Window, decimal: Separator | None) -> Amount | None:
    """Right of a label: the last money amount of its first column and of the purely numeric
    columns after it ("USt. 19 % auf 804,35 €   152,83 €"), at most a few words away from the
    label. Under a label: the amount that opens the cell."""
    chosen: Amount | None = None
    for index, (start, end) in enumerate(_segments(window.text)):
        segment = window.text[start:end]
        amounts = [a for a in find_amounts(segment, decimal) if not a.percent]
        if not amounts:
            if index > 0 or window.below:
                break
            continue
        last = amounts[-1]
        before = segment[:last.start] if index == 0 else _blank(segment, amounts)
        if len(_words(before)) > (0 if window.below else 3) or (index > 0 and _words(segment[last.end:])):
            break
        chosen = Amount(last.value, last.currency, last.start + start, last.end + start, last.decimals)
        if window.below:
            break
    return chosen


def _blank(text: str, amounts: list[Amount]) -> str:
    chars = list(text)
    for amount in amounts:
        chars[amount.start:amount.end] = " " * (amount.end - amount.start)
    return "".join(chars)


def total_candidates(sheet: Sheet, decimal: Separator | None) -> dict[str, list[Candidate]]:
    found: dict[str, list[Candidate]] = {role: [] for role in TOTAL_ROLES}
    for role, score in TOTAL_ROLES.items():
        for hit in sheet.hits(role):
            generic = fold(hit.phrase).strip(" :.") in _GENERIC
            for window in sheet.windows(hit):
                amount = amount_in(window, decimal)
                if amount is None:
                    continue
                weight = (0.85 if generic else 1.0) * (0.94 if window.below else 1.0)
                weight *= 1.0 if amount.decimals == 2 else 0.8
                candidate = located(to_text(amount.value), score * weight, "matches amount grammar",
                                    hit, window, window.tokens_at(amount.start, amount.end))
                found[role].append(candidate)
                if role == "tax_total" and not sheet.opens_cell(hit):
                    # "Total férä TVA 610,64": a qualifier OCR garbled ("fără", "excl.", "hors") may
                    # make it the net; arithmetic against the VAT lines and the grand total decides.
                    found["net_total"].append(candidate.adjusted(candidate.score * 0.6, "a VAT word in running text"))
                break
    return found


def row_sums(sheet: Sheet, decimal: Separator | None) -> list[Triple]:
    """Three amounts side by side on one row where the first two add up to the third: a totals
    box whose headers the OCR lost ("TOTAL HT  TOTAL TVA  TOTAL TTC" over "100,00  4,90  104,90")."""
    found: list[Triple] = []
    for row in sheet.rows:
        amounts = [a for a in find_amounts(row.text, decimal) if not a.percent and a.decimals == 2 and a.value]
        for net, tax, grand in zip(amounts, amounts[1:], amounts[2:]):
            if abs(net.value) + abs(tax.value) == abs(grand.value):
                why = f"unlabelled: {net.value} + {tax.value} = {grand.value} on one row"
                net_c, tax_c, grand_c = (Candidate(to_text(a.value), UNLABELLED, why, row.page,
                                                   row.box_of(a.start, a.end)) for a in (net, tax, grand))
                found.append((net_c, tax_c, grand_c))
    return found


def _difference(net: Candidate, grand: Candidate) -> Candidate:
    """The VAT a document prints illegibly or not at all, as gross minus net: only as good as both."""
    tax = abs(Decimal(grand.value)) - abs(Decimal(net.value))
    return Candidate(to_text(tax), min(net.score, grand.score) * 0.8, f"grand {grand.value} − net {net.value}",
                     grand.page, grand.bbox)


def _top(candidates: list[Candidate], count: int = 8) -> list[Candidate]:
    best: dict[str, Candidate] = {}
    for candidate in sorted(candidates, key=lambda c: -c.score):
        best.setdefault(candidate.value, candidate)
    return list(best.values())[:count]


def _tax_sums(taxes: list[Candidate]) -> list[Candidate]:
    """Per-rate VAT lines added up, for documents that print no VAT total."""
    sums: list[Candidate] = []
    for size in (2, 3):
        for group in combinations(taxes, size):
            if len({c.bbox[1] for c in group}) == size:
                # One document's VAT lines share a sign; a minus OCR lost must not cancel a line.
                total = sum((abs(Decimal(c.value)) for c in group), Decimal(0))
                lowest = min(group, key=lambda c: c.score)
                sums.append(Candidate(to_text(total), lowest.score,
                                      f"sum of VAT lines {' + '.join(c.value for c in group)}",
                                      lowest.page, lowest.bbox))
    return sums


def resolve_totals(found: dict[str, list[Candidate]],
                   sums: Sequence[Triple] = ()) -> tuple[dict[str, Candidate], list[Check]]:
    """Pick net, VAT and grand total; an exact net + VAT = grand raises all three. Amounts that
    add up on one row without labels join in only beside a labelled net or grand total."""
    nets, grands = _top(found["net_total"]), _top(found["grand_total"])
    taxes = _top(found["tax_total"])
    unlabelled = [list(column) for column in zip(*sums)] or [[], [], []]
    loose = {id(c) for triple in sums for c in triple}
    best: tuple[float, tuple[Candidate, Candidate, Candidate]] | None = None
    for net, tax, grand in product(nets + unlabelled[0], taxes + _tax_sums(taxes) + unlabelled[1],
                                   grands + unlabelled[2]):
        if id(net) in loose and id(grand) in loose:
            continue
        if abs(Decimal(net.value)) + abs(Decimal(tax.value)) == abs(Decimal(grand.value)):
            score = net.score + tax.score + grand.score
            if best is None or score > best[0]:
                best = (score, (net, tax, grand))
    if best is not None:
        net, tax, grand = best[1]
        note = f"net {net.value} + VAT {tax.value} = grand {grand.value}"
        # Three labelled amounts that add up to the cent are as good as read twice. Without VAT
        # any two equal amounts "add up": that proves much less.
        no_vat = Decimal(tax.value) == 0
        chosen = {name: c.adjusted(c.score + 0.05 if no_vat or id(c) in loose else max(c.score + 0.12, 0.9), note)
                  for name, c in zip(("net_total", "tax_total", "grand_total"), (net, tax, grand))}
        return chosen, [Check(name="totals_add_up", ok=True, detail=note)]
    chosen = {}
    for name in TOTAL_ROLES:
        if (pick := choose(found[name])) is not None:
            chosen[name] = pick.adjusted(min(pick.score, 0.7), "no net + VAT = grand combination found")
    if "tax_total" not in chosen and {"net_total", "grand_total"} <= chosen.keys():
        chosen["tax_total"] = _difference(chosen["net_total"], chosen["grand_total"])
    checks = [Check(name="totals_add_up", ok=False, detail="no net + VAT = grand combination found")]
    return chosen, checks if len(chosen) == 3 else []
