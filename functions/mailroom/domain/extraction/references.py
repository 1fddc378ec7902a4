"""Document numbers and dates: the first value of the right grammar after a label."""

import re

from mailroom.domain.extraction.candidates import Candidate, located
from mailroom.domain.extraction.dates import DateOrder, find_dates
from mailroom.domain.extraction.finder import Sheet, Window
from mailroom.domain.extraction.folding import fold

# Words between a label and its number: "Rechnung Nr. 42", "FACTURE N° : F1", "Invoice # 7".
_FILLERS = {"nr", "no", "n°", "n", "nº", "#", "number", "nummer", "numero", "numer", "numar", ":", "-",
            "serie", "seria"}
# Words that may stand between a date label and its date: "Fällig am 02.03.2026", "dated the".
_DATE_FILLERS = {"am", "le", "on", "the", "du", "den", "dnia", "z", "din", "van", "de", "vom", "of"}
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/_.#]{0,29}")
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}")

# (role, score right of the label); a value under the label scores a little less.
NUMBER_ROLES = {"invoice_number": 0.92, "title_number": 0.9, "number_weak": 0.75}
ORDER_ROLES = {"order_number": 0.9, "order_title": 0.88}
PO_ROLES = {"po_number": 0.9, "po_weak": 0.7}
ISSUE_ROLES = {"issue_date": 0.9, "issue_date_weak": 0.78}
ORDER_DATE_ROLES = {"order_date": 0.9}
DUE_ROLES = {"due_date": 0.9}
_GENERIC_DATE_LABELS = {"date", "datum", "data"}
BELOW = 0.98  # a value under its label (a header row) is a little less certain


def is_reference(text: str) -> bool:
    """Looks like a document number: has a digit, no spaces, not a date or an amount."""
    return (bool(_REFERENCE.fullmatch(text)) and any(c.isdigit() for c in text)
            and not _DATE_LIKE.fullmatch(text) and not re.fullmatch(r"\d{1,3}([.,]\d{3})*[.,]\d{2}", text))


def _reference_in(window: Window) -> tuple[str, int] | None:
    """The number a window opens with, skipping number markers; None if it opens with a word."""
    for index, token in enumerate(window.tokens):
        text = token.text.strip(":;,")
        folded = fold(text).rstrip(".:")
        if not text or folded in _FILLERS or re.fullmatch(r"\(\d{1,3}\)", text):
            continue
        text = text.rstrip(".")
        return (text, index) if is_reference(text) else None
    return None


def number_candidates(sheet: Sheet, roles: dict[str, float]) -> list[Candidate]:
    found: list[Candidate] = []
    for role, score in roles.items():
        for hit in sheet.hits(role):
            for window in sheet.windows(hit):
                if (reference := _reference_in(window)) is not None:
                    value, index = reference
                    weight = (BELOW if window.below else 1.0) * (1.0 if sheet.opens_cell(hit) else 0.85)
                    weight *= 1.0 if len(value) >= 3 else 0.8  # "Invoice 2 of 3", "No. 1": hardly a number
                    found.append(located(value, score * weight, "matches number grammar", hit, window,
                                         [window.tokens[index]]))
                    break
    return found


def date_candidates(sheet: Sheet, roles: dict[str, float], order: DateOrder | None) -> list[Candidate]:
    found: list[Candidate] = []
    for role, score in roles.items():
        for hit in sheet.hits(role):
            if fold(hit.phrase).strip(" :.") in _GENERIC_DATE_LABELS:
                score = min(score, 0.86)  # "Date" alone also heads delivery and payment dates
            for window in sheet.windows(hit):
                dates = list(find_dates(window.text, order))
                if not dates:
                    continue
                first = dates[0]
                between = [w for w in fold(window.text[:first.start]).split() if w.strip(":.-")]
                if any(w.strip(":.,") not in _DATE_FILLERS for w in between) or (window.below and between):
                    continue  # "Date de facture associée : …": the date belongs to another label
                weight = (BELOW if window.below else 1.0) * (0.8 if first.ambiguous else 1.0)
                weight *= 1.0 if sheet.opens_cell(hit) else 0.85
                why = "matches date grammar" + ("; day/month order assumed" if first.ambiguous else "")
                found.append(located(first.value.isoformat(), score * weight, why, hit, window,
                                     window.tokens_at(first.start, first.end)))
                break
    return found
