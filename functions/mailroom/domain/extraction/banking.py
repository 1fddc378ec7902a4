"""IBAN, BIC and currency: labelled where possible, checksums and agreement decide the rest."""

import re
from collections import Counter

from mailroom.domain.extraction.amounts import CURRENCY_WORDS, Separator, find_amounts
from mailroom.domain.extraction.candidates import Candidate, located
from mailroom.domain.extraction.finder import Sheet
from mailroom.domain.extraction.folding import fold
from mailroom.domain.extraction.identifiers import find_bics, find_ibans, is_valid_iban
from mailroom.domain.extraction.layout import Row

ISO_CURRENCIES = set(CURRENCY_WORDS.values())
_SYMBOL = re.compile(r"[€£]|(?<![^\W\d_])(?:eur|gbp|usd|ron|pln|chf|lei|zł)(?![^\W\d_])")


def iban_candidates(sheet: Sheet) -> list[Candidate]:
    found: list[Candidate] = []
    labelled_rows: set[int] = set()
    for hit in sheet.hits("iban"):
        windows = list(sheet.windows(hit))
        # An IBAN under its header may wrap onto the next row ("DE67 1004 8392 7221" / "8882 72").
        joined = [(w, w.text) for w in windows[:1]] + [
            (windows[i], windows[i].text + " " + windows[i + 1].text) for i in range(len(windows) - 1)]
        for window, text in joined + [(w, w.text) for w in windows[1:]]:
            iban = next(find_ibans(text), None)
            if iban is None:
                continue
            score = 0.95 if iban.valid else 0.55
            why = "IBAN checksum valid" if iban.valid else "IBAN checksum fails"
            found.append(located(iban.value, score, why, hit, window, window.tokens_at(iban.start, iban.end)))
            labelled_rows.add(id(hit.row))
            break
    for row in sheet.rows:
        if id(row) not in labelled_rows:
            found.extend(_unlabelled_ibans(row))
    return found


def _unlabelled_ibans(row: Row) -> list[Candidate]:
    return [Candidate(iban.value, 0.8, "no label; IBAN checksum valid", row.page, row.box_of(iban.start, iban.end))
            for iban in find_ibans(row.text) if iban.valid]


def bic_candidates(sheet: Sheet, iban: str | None) -> list[Candidate]:
    """BICs only after a BIC/SWIFT label: too many words are shaped like one."""
    found: list[Candidate] = []
    for hit in sheet.hits("bic"):
        for window in sheet.windows(hit):
            bic = next((b for b in find_bics(window.text) if b.valid), None)
            if bic is None:
                continue
            agrees = iban is not None and is_valid_iban(iban) and iban[:2] == bic.value[4:6]
            score, why = (0.95, "BIC country matches the IBAN") if agrees else (0.85, "BIC format valid")
            found.append(located(bic.value, score, why, hit, window, window.tokens_at(bic.start, bic.end)))
            break
    return found


def currency_candidates(sheet: Sheet, decimal: Separator | None) -> list[Candidate]:
    """A currency label ("Währung: EUR") first; else the currency printed with the amounts."""
    found: list[Candidate] = []
    for hit in sheet.hits("currency"):
        for window in sheet.windows(hit):
            codes = [CURRENCY_WORDS[w] for w in fold(window.text).replace("(", " ").replace(")", " ").split()
                     if w in CURRENCY_WORDS]
            if codes:
                found.append(located(codes[0], 0.95, "currency code", hit, window, window.tokens[:1]))
                break
    # Money carries cents where the currency has them; a currency word beside a whole number may
    # name a thing ("Paleți EUR 1200"), so whole numbers only vote when nothing else does (HUF, JPY).
    priced = [a for row in sheet.rows for a in find_amounts(row.text, decimal) if a.currency]
    votes = Counter(a.currency for a in priced if a.decimals == 2) or Counter(a.currency for a in priced)
    if not votes:  # no amount carries one: a symbol in a column header ("Gesamt/€") still tells
        votes.update(CURRENCY_WORDS[m] for row in sheet.rows for m in _SYMBOL.findall(row.folded))
    if votes:
        code, count = votes.most_common(1)[0]
        share = count / sum(votes.values())
        score = 0.9 if share > 0.9 and count >= 2 else 0.6
        found.append(Candidate(code, score, f"printed with {count} of {sum(votes.values())} amounts",
                               sheet.rows[0].page, sheet.rows[0].box_of(0, 1)))
    return found
