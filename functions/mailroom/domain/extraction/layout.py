"""Rows of words rebuilt from their boxes, whatever line structure the text source delivered.

A PDF text layer may run two columns into one line and Tesseract may split one visual line into
blocks; both become the same `Row`s here, so "the value right of its label" and "the value in
the column under its header" mean the same thing for every source."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from statistics import median

from mailroom.domain.extraction.folding import fold
from mailroom.domain.text import BBox, DocumentText, Word

# A gap wider than this many word heights separates columns (a space is about a third of one).
COLUMN_GAP = 1.2


@dataclass(frozen=True)
class Token:
    word: Word
    page: int
    start: int  # offset of the word in its row's text
    end: int

    @property
    def bbox(self) -> BBox:
        return self.word.bbox

    @property
    def text(self) -> str:
        return self.word.text


@dataclass
class Row:
    """Words whose boxes share a baseline band, left to right, on one page."""

    page: int
    index: int  # position of the row on its page, top to bottom
    words: list[Word]
    tokens: list[Token] = field(default_factory=list)
    text: str = ""

    def __post_init__(self) -> None:
        parts: list[str] = []
        offset = 0
        previous: Word | None = None
        for word in self.words:
            if previous is not None:
                # Three spaces at a column gap, so an amount never runs across columns.
                gap = "   " if _is_column_gap(previous, word) else " "
                parts.append(gap)
                offset += len(gap)
            self.tokens.append(Token(word, self.page, offset, offset + len(word.text)))
            parts.append(word.text)
            offset += len(word.text)
            previous = word
        self.text = "".join(parts)

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def top(self) -> float:
        return min(w.bbox[1] for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bbox[3] for w in self.words)

    @cached_property
    def height(self) -> float:
        return median(w.bbox[3] - w.bbox[1] for w in self.words)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.end > start and t.start < end]

    def box_of(self, start: int, end: int) -> BBox:
        return union(t.bbox for t in self.tokens_in(start, end))

    @cached_property
    def column_breaks(self) -> frozenset[int]:
        """Offsets where a new column starts in `text`."""
        return frozenset(t.start for prev, t in zip(self.tokens, self.tokens[1:])
                         if _is_column_gap(prev.word, t.word))

    @cached_property
    def segments(self) -> list[list[Token]]:
        """The row's tokens split at column gaps, left to right."""
        split: list[list[Token]] = []
        for token in self.tokens:
            if not split or token.start in self.column_breaks:
                split.append([])
            split[-1].append(token)
        return split


def _is_column_gap(left: Word, right: Word) -> bool:
    height = max(left.bbox[3] - left.bbox[1], right.bbox[3] - right.bbox[1], 1e-6)
    return right.bbox[0] - left.bbox[2] > COLUMN_GAP * height


def union(boxes: Iterable[BBox]) -> BBox:
    items = list(boxes)
    return (min(b[0] for b in items), min(b[1] for b in items),
            max(b[2] for b in items), max(b[3] for b in items))


def page_rows(text: DocumentText) -> list[Row]:
    """Every page's rows, pages in order, each page top to bottom."""
    rows: list[Row] = []
    for page in text.pages:
        lines = [[w for w in line.words if w.text.strip()] for line in page.lines]
        level = _Level(_skew([line for line in lines if len(line) >= 3]))
        units = [unit for line in lines if line for unit in level.units(line)]
        for index, band in enumerate(level.bands(units)):
            rows.append(Row(page=page.number, index=index, words=sorted(band, key=lambda w: w.bbox[0])))
    return rows


def _skew(lines: list[list[Word]]) -> float:
    """The page's slope (y per x) from the words of its longer lines: a scan is rarely square,
    and across a page width a slight tilt moves one column's line onto the next row of another."""
    slopes = []
    for line in lines:
        xs = [(w.bbox[0] + w.bbox[2]) / 2 for w in line]
        ys = [(w.bbox[1] + w.bbox[3]) / 2 for w in line]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        spread = sum((x - mean_x) ** 2 for x in xs)
        if max(xs) - min(xs) > 0.1 and spread > 0:
            slopes.append(sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread)
    return median(slopes) if len(slopes) >= 3 else 0.0


@dataclass(frozen=True)
class _Level:
    """Word heights measured as if the page were square."""

    slope: float

    def centre(self, word: Word) -> float:
        return (word.bbox[1] + word.bbox[3]) / 2 - self.slope * (word.bbox[0] + word.bbox[2]) / 2

    def units(self, words: list[Word]) -> list[list[Word]]:
        """A source line whose words share a band stays whole: banded one by one, words a little
        off their neighbours' height would split between two rows."""
        centres = [self.centre(w) for w in words]
        if max(centres) - min(centres) <= median(w.bbox[3] - w.bbox[1] for w in words):
            return [words]
        return [[w] for w in words]

    def bands(self, units: list[list[Word]]) -> list[list[Word]]:
        """Group lines whose vertical centres fall within half a word height of a band's centre."""
        # Each word's centre is computed once: a band's centre is re-taken as it grows.
        centred = [([self.centre(w) for w in unit], unit) for unit in units]
        bands: list[tuple[float, float, list[Word], list[float]]] = []  # centre, height, words, centres
        for centre, centres, unit in sorted(((median(cs), cs, u) for cs, u in centred), key=lambda p: p[0]):
            height = median(w.bbox[3] - w.bbox[1] for w in unit)
            if bands and abs(centre - bands[-1][0]) < 0.5 * max(height, bands[-1][1]):
                _, band_height, members, member_centres = bands[-1]
                members.extend(unit)
                member_centres.extend(centres)
                bands[-1] = (median(member_centres), band_height, members, member_centres)
            else:
                bands.append((centre, height, list(unit), list(centres)))
        return [members for _, _, members, _ in bands]


def rows_below(rows: list[Row], row: Row, max_gap_rows: float = 2.5) -> list[Row]:
    """The rows under `row` on its page, as long as no gap exceeds `max_gap_rows` row heights."""
    found: list[Row] = []
    bottom = row.bottom
    for candidate in rows:
        if candidate.page != row.page or candidate.index <= row.index:
            continue
        if candidate.top - bottom > max_gap_rows * row.height:
            break
        found.append(candidate)
        bottom = candidate.bottom
    return found


def overlaps(box: BBox, x0: float, x1: float) -> bool:
    return box[0] < x1 and box[2] > x0
