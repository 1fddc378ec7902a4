"""One small engine for every e-invoice syntax.

A syntax is data (syntax.py says what a table holds; cii.py, ubl.py and ksef.py are the
tables). The engine evaluates that table against a parsed document, turns each value
into canonical text and records the exact element it came from, so a reviewer or an auditor can
find it again. The XML is the legal document: every value has confidence 1.0, and a value that
does not parse is reported as a failed check, never repaired."""

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from lxml import etree

from mailroom.domain.einvoice import checks
from mailroom.domain.einvoice.paths import path_of, qname
from mailroom.domain.einvoice.syntax import LineTable, Pick, Rule, Syntax
from mailroom.domain.einvoice.values import CANONICAL, Kind, amount, decimal, rate
from mailroom.domain.models import (
    FIELD_NAMES,
    Check,
    DocumentType,
    ExtractedField,
    Extraction,
    LineItem,
    Provenance,
)


def read(syntax: Syntax, root: etree._Element) -> Extraction:
    problems: list[Check] = []
    fields: dict[str, ExtractedField] = {}
    for r in syntax.fields:
        if (found := _field(syntax, root, r, problems, _known(fields))) is not None:
            fields[r.name] = found
    lines = _lines(syntax, root, problems)
    line_total = (
        _field(syntax, root, syntax.line_total, problems, _known(fields))
        if syntax.line_total else None
    )
    lines_apply = syntax.lines_apply is None or syntax.test(syntax.lines_apply, root)
    return Extraction(
        document_type=_document_type(syntax, root),
        method="e-invoice",
        fields=fields,
        lines=lines,
        checks=problems + checks.consistency(fields, lines if lines_apply else [], line_total),
    )


def _known(fields: dict[str, ExtractedField]) -> dict[str, str]:
    """Fields read so far, as XPath variables for the next ones ($currency for the VAT total).
    A variable costs nothing per candidate, where a path back up the tree to the currency
    would be quadratic on a hostile document repeating both elements."""
    return dict.fromkeys(FIELD_NAMES, "") | {name: f.value for name, f in fields.items()}


def _field(
    syntax: Syntax, root: etree._Element, r: Rule, problems: list[Check], known: dict[str, str],
) -> ExtractedField | None:
    for pick in r.picks:
        found = [e for e in syntax.find(pick.xpath, root, **known) if (e.text or "").strip()]
        if not found:
            continue  # absent or empty: the next place, else the field is absent
        chosen = found if pick.total else found[:1]
        try:
            value = _value(syntax, r.kind, pick, chosen)
        except ValueError as exc:
            where = path_of(chosen[0], syntax.prefixes)
            problems.append(Check(name=r.name, ok=False, detail=f"{where}: {exc}"))
            continue
        names = ", ".join(sorted({f"<{qname(e, syntax.prefixes)}>" for e in chosen}))
        path = " + ".join(path_of(e, syntax.prefixes) for e in chosen)
        return ExtractedField(
            value=value,
            confidence=1.0,
            provenance=Provenance(method="e-invoice", xml_path=path),
            why=f"{pick.why}, from {names} ({syntax.label})",
        )
    return None


def _value(syntax: Syntax, kind: Kind, pick: Pick, chosen: list[etree._Element]) -> str:
    if pick.total:  # amounts only: one element per bucket, added up
        counts = Counter(e.tag for e in chosen)
        if (tag := max(counts, key=counts.__getitem__)) and counts[tag] > 1:
            raise ValueError(f"{etree.QName(tag).localname} appears {counts[tag]} times")
        return amount(f"{sum((decimal(e.text or '') for e in chosen), Decimal(0)):f}")
    element = chosen[0]
    fmt = element.get("format")
    if kind == "date" and fmt not in (None, "102"):  # CII 610/616 are months and weeks
        raise ValueError(f"date format {fmt!r} is not a calendar day")
    before = syntax.find(pick.prefix, element) if pick.prefix else []
    head = "".join((e.text or "").strip() for e in before)
    return CANONICAL[kind](head + (element.text or ""))


def _lines(syntax: Syntax, root: etree._Element, problems: list[Check]) -> list[LineItem]:
    table = syntax.lines
    if table is None:
        return []
    found = enumerate(syntax.find(table.items, root), start=1)
    return [_line(syntax, table, item, f"line {n}", problems) for n, item in found]


def _line(
    syntax: Syntax, table: LineTable, item: etree._Element, label: str, problems: list[Check],
) -> LineItem:
    def first(paths: tuple[str, ...], parse: Callable[[str], Any], what: str) -> Any:
        return _first(syntax, item, paths, parse, f"{label} {what}", problems)

    return LineItem(
        description=first(table.description, str.strip, "description") or "",
        quantity=first(table.quantity, decimal, "quantity"),
        unit_price=first(table.unit_price, decimal, "unit price"),
        net_amount=first(table.net_amount, decimal, "net amount"),
        tax_rate=first(table.tax_rate, rate, "tax rate"),
    )


def _first(
    syntax: Syntax, item: etree._Element, paths: tuple[str, ...],
    parse: Callable[[str], Any], label: str, problems: list[Check],
) -> Any:
    """The first non-empty value among `paths`; a value that does not parse is reported."""
    for path in paths:
        for e in syntax.find(path, item):
            if (e.text or "").strip():
                try:
                    return parse(e.text or "")
                except ValueError as exc:
                    problems.append(Check(name="line", ok=False, detail=f"{label}: {exc}"))
                    return None
    return None


def _document_type(syntax: Syntax, root: etree._Element) -> DocumentType:
    rule_ = syntax.document_type
    found = syntax.find(rule_.code, root) if rule_.code else []
    code = (found[0].text or "").strip() if found else ""
    return rule_.codes.get(code, rule_.default)
