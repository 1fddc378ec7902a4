"""A template's line items: invoice2data's `lines` parser, read into our `LineItem`s.

Same semantics as invoice2data: the text between `start` and `end` (every such block, in
order) is split at `line_separator`; `first_line` opens an item, `line` adds to it (several
matches of one group are joined with a newline), `last_line` closes it; without `first_line`
and `last_line` every `line` match is one item. `skip_line` drops lines first. `rules` holds
several such sets. Named groups use invoice2data's line vocabulary or ours (below)."""

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mailroom.domain.extraction.template_values import Reading, Regex, Regexes
from mailroom.domain.models import LineItem

# Group name → LineItem attribute; invoice2data's names and its documented aliases.
COLUMNS: dict[str, str] = {
    "name": "description", "description": "description",
    "qty": "quantity", "quantity": "quantity",
    "price_unit": "unit_price", "unit_price": "unit_price", "unitprice": "unit_price",
    "price_subtotal": "net_amount", "net_amount": "net_amount",
    "line_tax_percent": "tax_rate", "tax_percent": "tax_rate", "vat_rate": "tax_rate", "tax_rate": "tax_rate",
}

Row = dict[str, str]


class LinesRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    start: Regex
    end: Regex
    line: Regexes
    first_line: Regexes = ()
    last_line: Regexes = ()
    skip_line: Regexes = ()
    end_match: Literal["first", "last"] = "first"
    line_separator: Regex = re.compile(r"\n")
    # Accepted for compatibility; our columns' kinds are fixed (numbers, and text for names).
    types: dict[str, str] = Field(default_factory=dict)

    def rows(self, text: str) -> list[Row]:
        found: list[Row] = []
        while (start := self.start.search(text)) is not None:
            text = text[start.end():]
            ends = list(self.end.finditer(text)) if self.end_match == "last" else [self.end.search(text)]
            end = ends[-1] if ends else None
            if end is None:
                break
            found += self._block(text[:end.start()])
            text = text[end.end():]
        return found

    def _block(self, block: str) -> list[Row]:
        openers = self.first_line if self.first_line or self.last_line else self.line
        rows: list[Row] = []
        current: Row | None = None
        for line in self.line_separator.split(block):
            if not line.strip() or _search(self.skip_line, line):
                continue
            if (opened := _search(openers, line)) is not None:
                if current:
                    rows.append(current)
                current = {k: (v or "").strip() for k, v in opened.groupdict().items()}
                continue
            if current is None:
                continue  # detail lines only count after an item was opened
            if (closed := _search(self.last_line, line)) is not None:
                rows.append(_joined(current, closed))
                current = None
            elif (detail := _search(self.line, line)) is not None:
                current = _joined(current, detail)
        if current:
            rows.append(current)
        return rows


class LinesBlock(BaseModel):
    """A template's `lines`: one rule inline (the original syntax) or several under `rules`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    rules: tuple[LinesRule, ...]

    @model_validator(mode="before")
    @classmethod
    def _inline(cls, data: Any) -> Any:
        if isinstance(data, list):  # a list of rule sets, as some invoice2data templates write it
            return {"rules": data}
        return data if not isinstance(data, dict) or "rules" in data else {"rules": [data]}

    def items(self, text: str, reading: Reading) -> list[LineItem]:
        rows = [row for rule in self.rules for row in rule.rows(text)]
        return [item for row in rows if (item := _item(row, reading)) is not None]


def _search(patterns: tuple[re.Pattern[str], ...], line: str) -> re.Match[str] | None:
    return next((m for p in patterns if (m := p.search(line)) is not None), None)


def _joined(row: Row, match: re.Match[str]) -> Row:
    joined = dict(row)
    for name, value in match.groupdict().items():
        joined[name] = "\n".join(filter(None, (joined.get(name, ""), (value or "").strip())))
    return joined


def _item(row: Row, reading: Reading) -> LineItem | None:
    """The row as a line item, or None when it has none of our columns (a section header)."""
    values: dict[str, Any] = {}
    for group, raw in row.items():
        column = COLUMNS.get(group)
        if column == "description":
            values[column] = " ".join(raw.split())
        elif column is not None and raw:
            values[column] = reading.number(raw)
    if not any(value not in (None, "") for value in values.values()):
        return None
    return LineItem(**{"description": "", **values})
