"""Finds labels in rows and the places their values can be: right of the label, or under it.

All phrases of all roles are tried at once and a longer phrase wins at a position, so
"Total HT" is a net label and never the grand-total label "Total" followed by noise."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from mailroom.domain.extraction.folding import fold
from mailroom.domain.extraction.labels import FIELD_LABELS
from mailroom.domain.extraction.layout import Row, Token, rows_below
from mailroom.domain.text import BBox, Word

NUMBER_MARK = r"(?:n\s?[°o*º][.,]?|nr[.,]?|no[.,]?|#|nummer|number|numero|numer|numar)"
_MARK_STARTS = "n#"  # the characters a number marker can start with


@dataclass(frozen=True)
class Hit:
    row: Row
    start: int
    end: int
    roles: frozenset[str]
    phrase: str  # as the document prints it

    @property
    def bbox(self) -> BBox:
        return self.row.box_of(self.start, self.end)


@dataclass(frozen=True)
class Window:
    """Where a value may be: tokens, and whether they are right of the label or under it."""

    tokens: list[Token]
    below: bool

    @cached_property
    def _spans(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        offset = 0
        for previous, token in zip([None, *self.tokens], self.tokens):
            if previous is not None:
                # Keep the row's own spacing, so a column gap stays wider than a space.
                offset += max(1, token.start - previous.end) if token.start > previous.end else 1
            spans.append((offset, offset + len(token.text)))
            offset += len(token.text)
        return spans

    @cached_property
    def text(self) -> str:
        chars = [" "] * (self._spans[-1][1] if self._spans else 0)
        for token, (start, end) in zip(self.tokens, self._spans):
            chars[start:end] = token.text
        return "".join(chars)

    def tokens_at(self, start: int, end: int) -> list[Token]:
        return [t for t, (s, e) in zip(self.tokens, self._spans) if e > start and s < end]


def _phrase_pattern(phrase: str) -> str:
    parts: list[str] = []
    for piece in re.split(r"(\{no\}|\s+|-|\.|/)", fold(phrase)):
        if piece == "{no}":
            parts.append(NUMBER_MARK)
        elif piece.isspace() or piece == "-":
            parts.append(r"[.,]? ?-? ?")  # never across a column gap; OCR may add a speck
        elif piece == ".":
            parts.append(r"[.,]?")  # OCR often reads a full stop as a comma
        elif piece == "/":
            parts.append(r"\s*/\s*")
        elif piece:
            parts.append(re.escape(piece))
    return "".join(parts)


@dataclass(frozen=True)
class _Matcher:
    """The label phrases, one regex per first character: at a word start only the phrases that
    begin with its character are tried, instead of every phrase of every language."""

    starts: re.Pattern[str]  # where a label may begin
    by_char: dict[str, tuple[re.Pattern[str], list[frozenset[str]]]]  # regex, roles by group

    def hits(self, row: Row) -> Iterator[Hit]:
        folded, pos = row.folded, 0
        while (start := self.starts.search(folded, pos)) is not None:
            regex, roles = self.by_char[start.group()]
            match = regex.match(folded, start.start())
            if match is None:
                pos = start.start() + 1
                continue
            yield Hit(row, match.start(), match.end(), roles[(match.lastindex or 1) - 1],
                      row.text[match.start():match.end()])
            pos = match.end()


@cache
def _matcher() -> _Matcher:
    roles_by_pattern: dict[str, set[str]] = {}
    first_chars: dict[str, set[str]] = {}
    for role, phrases in FIELD_LABELS.items():
        for phrase in phrases:
            pattern = _phrase_pattern(phrase)
            roles_by_pattern.setdefault(pattern, set()).add(role)
            first_chars[pattern] = set(_MARK_STARTS) if phrase.startswith("{no}") else {fold(phrase)[0]}
    by_char: dict[str, list[str]] = {}
    for pattern in sorted(roles_by_pattern, key=len, reverse=True):  # the longer phrase first
        for char in sorted(first_chars[pattern]):
            by_char.setdefault(char, []).append(pattern)
    # A label starts a word (not "Bestell-Datum" for "Datum", though OCR's "-Totaal" is one) and
    # is not followed by a letter.
    word_start = r"(?<!\w)(?<!\w-)"
    starts = re.compile(word_start + "[" + "".join(re.escape(char) for char in by_char) + "]")
    return _Matcher(starts, {
        char: (re.compile(word_start + "(?:" + "|".join(f"({p})" for p in patterns) + r")(?![^\W\d_])"),
               [frozenset(roles_by_pattern[p]) for p in patterns])
        for char, patterns in by_char.items()})


def _find_hits(row: Row) -> list[Hit]:
    return list(_matcher().hits(row))


def _tail(token: Token, cut: int) -> Token:
    """The part of a word after `cut` characters ("brutto638,23" → "638,23"), its box pro rata."""
    x0, y0, x1, y1 = token.bbox
    share = cut / len(token.text)
    word = Word(text=token.text[cut:], bbox=(x0 + (x1 - x0) * share, y0, x1, y1), confidence=token.word.confidence)
    return Token(word, token.page, token.start + cut, token.end)


class Sheet:
    """A document's rows with their labels found once."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows
        self._hits = {id(row): _find_hits(row) for row in rows}

    def hits_in(self, row: Row) -> list[Hit]:
        return self._hits[id(row)]

    def hits(self, role: str) -> list[Hit]:
        return [hit for row in self.rows for hit in self._hits[id(row)] if role in hit.roles]

    def right_window(self, hit: Hit) -> Window:
        """Tokens after the label up to the next label on the row."""
        later = [h.start for h in self.hits_in(hit.row) if h.start >= hit.end]
        stop = min(later, default=len(hit.row.text))
        tokens = [t for t in hit.row.tokens_in(hit.end, stop) if t.start >= hit.end]
        glued = [t for t in hit.row.tokens if t.start < hit.end < t.end]
        if glued and (rest := hit.row.text[hit.end:glued[0].end].lstrip(":.#")):
            tokens.insert(0, _tail(glued[0], len(glued[0].text) - len(rest)))
        return Window(tokens, below=False)

    def column_span(self, hit: Hit) -> tuple[float, float]:
        """The label's column in a header row: to the next column on its row, or a label's width."""
        x0, _, x1, _ = hit.bbox
        breaks = hit.row.column_breaks
        # Words only: OCR reads specks and rules as "~", "|" or "-", which head no column.
        words = [t for t in hit.row.tokens if any(c.isalnum() for c in t.text)]
        later = [t for t in words if t.start >= hit.end and t.start in breaks]
        right = later[0].bbox[0] if later else x1 + max(x1 - x0, 0.1)
        # A value centred under its header may start left of it: up to halfway to the column before.
        earlier = [t for t in words if t.end <= hit.start]
        left = (earlier[-1].bbox[2] + x0) / 2 if earlier else x0 - 0.05
        return min(left, x0 - 0.02), right

    def below_windows(self, hit: Hit, depth: int = 3) -> Iterator[Window]:
        """Tokens under the label, row by row, inside its column."""
        x0, x1 = self.column_span(hit)
        for row in rows_below(self.rows, hit.row)[:depth]:
            # Whole column segments that start in the column: never the tail of a wider cell.
            tokens = [t for segment in row.segments if x0 <= segment[0].bbox[0] < x1 for t in segment]
            if tokens:
                yield Window(tokens, below=True)

    def windows(self, hit: Hit) -> Iterator[Window]:
        """Right of the label first, then under it; readers take the first with their value."""
        right = self.right_window(hit)
        yield right
        yield from self.below_windows(hit)
        if not right.tokens and (wrapped := self._wrapped(hit)) is not None:
            yield wrapped

    def _wrapped(self, hit: Hit) -> Window | None:
        """A label that ends its row may have its value at the start of the next row."""
        following = rows_below(self.rows, hit.row, max_gap_rows=1.0)[:1]
        if not following or hit.row.text[hit.end:].strip(" :.#"):
            return None
        row = following[0]
        first = [t for t in row.tokens if t.start < min(row.column_breaks, default=len(row.text))]
        return Window(first, below=True)

    def is_heading(self, hit: Hit) -> bool:
        """A label that opens its column and ends it or is followed by a colon ("Bill to:")."""
        after = hit.row.text[hit.end:].split("   ")[0].strip()
        # Only punctuation after it is OCR's reading of a rule or a speck ("Leverancier-", "Kunde |").
        return self.opens_cell(hit) and (after.startswith(":") or not any(c.isalnum() for c in after))

    def opens_cell(self, hit: Hit) -> bool:
        """The label starts its column segment (a label in running text is weaker evidence)."""
        before = hit.row.text[:hit.start]
        # OCR reads a box's border as "[" or "|": only letters and digits make running text.
        return not any(c.isalnum() for c in before.split("   ")[-1])
