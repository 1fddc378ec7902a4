"""Line items from word geometry: a header row gives column x-ranges, rows under it fill them.

A row with an amount in the amount column starts an item; a row without one continues the
previous item's description. The table ends at the first totals label or a wide gap."""

import re
from decimal import Decimal
from functools import cache
from itertools import pairwise

from mailroom.domain.extraction.amounts import Separator, find_amounts
from mailroom.domain.extraction.finder import Sheet
from mailroom.domain.extraction.folding import fold
from mailroom.domain.extraction.labels import LINE_COLUMNS
from mailroom.domain.extraction.layout import Row, Token
from mailroom.domain.models import LineItem

_TOTAL_ROLES = {"net_total", "tax_total", "grand_total"}
Columns = dict[str, tuple[float, float]]


@cache
def _header_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    roles = {fold(p): role for role, phrases in LINE_COLUMNS.items() for p in phrases}
    alternatives = "|".join(re.escape(p) for p in sorted(roles, key=len, reverse=True))
    return re.compile(rf"(?<![\w])({alternatives})(?![^\W\d_])"), roles


def _columns(row: Row) -> Columns:
    pattern, roles = _header_pattern()
    centres: dict[str, float] = {}
    for match in pattern.finditer(row.folded):
        box = row.box_of(match.start(), match.end())
        centres.setdefault(roles[match[1]], (box[0] + box[2]) / 2)
    if not {"description", "net_amount"} <= centres.keys() or len(centres) < 3:
        return {}
    ordered = sorted(centres.items(), key=lambda item: item[1])
    bounds = [0.0] + [(a[1] + b[1]) / 2 for a, b in pairwise(ordered)] + [1.0]
    return {role: (bounds[i], bounds[i + 1]) for i, (role, _) in enumerate(ordered)}


def _cell(row: Row, span: tuple[float, float]) -> str:
    tokens: list[Token] = [t for t in row.tokens if span[0] <= (t.bbox[0] + t.bbox[2]) / 2 < span[1]]
    return " ".join(t.text for t in tokens)


def _number(text: str, decimal: Separator | None) -> Decimal | None:
    amounts = [a for a in find_amounts(text, decimal) if not a.percent]
    return amounts[-1].value if amounts else None


def table_header(rows: list[Row]) -> Row | None:
    """The header row of the line-item table, if the document has one."""
    return next((row for row in rows if _columns(row)), None)


def line_items(sheet: Sheet, decimal: Separator | None) -> list[LineItem]:
    header = table_header(sheet.rows)
    if header is None:
        return []
    below = [row for row in sheet.rows if row.page == header.page and row.index > header.index]
    return _items(sheet, below, _columns(header), decimal, header)


def _items(sheet: Sheet, rows: list[Row], columns: Columns, decimal: Separator | None, header: Row) -> list[LineItem]:
    items: list[LineItem] = []
    previous = header
    for row in rows:
        if row.page != header.page or row.top - previous.bottom > 4 * previous.height:
            break
        if any(hit.roles & _TOTAL_ROLES for hit in sheet.hits_in(row)):
            break
        previous = row
        net = _number(_cell(row, columns["net_amount"]), decimal)
        description = _cell(row, columns["description"])
        if net is None:
            if items and description:
                items[-1] = items[-1].model_copy(update={"description": f"{items[-1].description} {description}"})
            continue
        items.append(LineItem(
            description=description,
            quantity=_number(_cell(row, columns["quantity"]), decimal) if "quantity" in columns else None,
            unit_price=_number(_cell(row, columns["unit_price"]), decimal) if "unit_price" in columns else None,
            net_amount=net))
    return items
