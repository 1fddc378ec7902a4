"""A value a reader proposes for a field, with how sure it is and why; and picking one.

Scores are calibrated guesses of P(correct): a value right of a specific label starts near 0.9,
one found without a label near 0.5. Agreement between independent places raises a score,
a close competitor with another value lowers it, and both leave a note in `why`."""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from mailroom.domain.extraction.finder import Hit, Window
from mailroom.domain.extraction.layout import Token, union
from mailroom.domain.text import BBox

CERTAIN = 0.99


@dataclass(frozen=True)
class Candidate:
    value: str
    score: float
    why: str
    page: int
    bbox: BBox

    def adjusted(self, score: float, note: str) -> "Candidate":
        return replace(self, score=max(0.0, min(CERTAIN, score)), why=f"{self.why}; {note}")


def located(value: str, score: float, why: str, hit: Hit, window: Window, tokens: list[Token]) -> Candidate:
    """A candidate found in `window` after label `hit`; its box covers the value's tokens."""
    where = "under" if window.below else "right of"
    box = union(t.bbox for t in tokens) if tokens else hit.bbox
    score, why = legible(score, why, tokens)
    return Candidate(value, score, f"label '{hit.phrase.strip()}' → {where} label; {why}", hit.row.page, box)


def legible(score: float, why: str, tokens: Iterable[Token]) -> tuple[float, str]:
    """OCR says how sure it is of each word; a doubtful word makes a doubtful value."""
    confidence = min((t.word.confidence for t in tokens), default=1.0)
    if confidence < 1.0:
        return score * (0.7 + 0.3 * confidence), f"{why}; OCR word confidence {confidence:.2f}"
    return score, why


def choose(candidates: Iterable[Candidate]) -> Candidate | None:
    """The best-supported value: repeated agreement helps, a close rival hurts."""
    support: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        support.setdefault(candidate.value, []).append(candidate)
    if not support:
        return None
    ranked = sorted(support.values(), key=lambda group: -max(c.score for c in group))
    group = ranked[0]
    best = max(group, key=lambda c: c.score)
    places = {(c.page, round(c.bbox[1], 3)) for c in group}
    if len(places) > 1:
        best = best.adjusted(best.score + 0.04 * (len(places) - 1), f"found in {len(places)} places")
    if len(ranked) > 1:
        rival = max(ranked[1], key=lambda c: c.score)
        if rival.score > best.score - 0.2:
            best = best.adjusted(min(best.score, 0.85) - 0.1, f"rival value '{rival.value}' ({rival.why})")
    return best
