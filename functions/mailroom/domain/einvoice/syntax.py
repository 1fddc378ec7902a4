"""What a syntax table is: the XPaths of each field, the lines and the document type.

The tables themselves are data in cii.py, ubl.py and ksef.py; engine.py reads them."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from lxml import etree

from mailroom.domain.einvoice.values import Kind
from mailroom.domain.models import DocumentType


@dataclass(frozen=True)
class Pick:
    """One place a field may be written, tried in table order. `total`: add every match (KSeF
    writes the net total as one element per VAT rate). `prefix`: an XPath, relative to the
    match, whose text goes in front (KSeF keeps an EU VAT number's country code beside it)."""

    xpath: str
    why: str
    total: bool = False
    prefix: str | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    kind: Kind
    picks: tuple[Pick, ...]


def rule(name: str, kind: Kind, *picks: Pick | tuple[str, str]) -> Rule:
    return Rule(name, kind, tuple(p if isinstance(p, Pick) else Pick(*p) for p in picks))


@dataclass(frozen=True)
class LineTable:
    """Line items: `items` selects them from the root, the rest are tried in order from each."""

    items: str
    description: tuple[str, ...]
    quantity: tuple[str, ...] = ()
    unit_price: tuple[str, ...] = ()
    net_amount: tuple[str, ...] = ()
    tax_rate: tuple[str, ...] = ()


@dataclass(frozen=True)
class TypeRule:
    default: DocumentType
    code: str | None = None  # XPath of the type code, if the syntax has one
    codes: Mapping[str, DocumentType] = field(default_factory=dict)


@dataclass(frozen=True)
class Syntax:
    label: str
    namespaces: Mapping[str, str]  # prefix -> URI, for the XPaths and the provenance paths
    fields: tuple[Rule, ...]
    document_type: TypeRule
    lines: LineTable | None = None
    line_total: Rule | None = None  # the document's own sum of line nets, for the lines check
    lines_apply: str | None = None  # XPath test: false when the lines are not the totals' basis
    bare_ns: str | None = None  # a namespace written without prefix in paths (KSeF's default)

    @cached_property
    def _ns_key(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.namespaces.items()))

    @cached_property
    def prefixes(self) -> dict[str, str]:
        found = {uri: prefix for prefix, uri in self.namespaces.items()}
        return found | ({self.bare_ns: ""} if self.bare_ns else {})

    def find(self, expr: str, node: etree._Element, **known: str) -> list[etree._Element]:
        """Elements `expr` selects; `known` values are XPath variables ($currency)."""
        found = _compiled(expr, self._ns_key)(node, **known)
        return [e for e in found if isinstance(e, etree._Element)]

    def test(self, expr: str, node: etree._Element) -> bool:
        return bool(_compiled(expr, self._ns_key)(node))


@lru_cache(maxsize=1024)
def _compiled(expr: str, ns: tuple[tuple[str, str], ...]) -> etree.XPath:
    return etree.XPath(expr, namespaces=dict(ns))
