"""Per-sender extraction templates: invoice2data's YAML format, and a few additions.

The template-free engine reads most invoices; for a vendor where it is not enough, a template
overrides the fields it defines and nothing else. An invoice2data template works unchanged:

    issuer: Free Mobile                  # defaults to the first keyword
    keywords: [FR25499247138, Facture]   # every one must appear (plain text, not regexes)
    exclude_keywords: [Avoir]            # none may appear
    priority: 5                          # the higher wins when several match
    fields:
      amount: Total TTC\\s+(\\d+.\\d{2})    # legacy form: name → regex (or a list of regexes)
      static_vat: FR25499247138          # legacy form: static_<name> → value
      sum_amount_tax: [TVA\\s+(\\S+)]     # legacy form: sum_<name> → regexes whose matches add up
      date:
        parser: regex                    # regex | static | lines
        regex: Facture no \\d+ du (\\d+ .+ \\d{4})   # one capturing group, or none for the match
        type: date                       # int | float | date: accepted, our field decides
        group: first                     # sum | min | max | first | last | join
      lines: {parser: lines, start: ..., end: ..., line: ...}   # see template_lines
    lines: {start: ..., end: ..., line: ..., first_line: ..., last_line: ..., skip_line: ...}
    options:
      currency: EUR                      # sets `currency` unless a field reads it
      date_formats: ["%d %B %Y"]         # strptime formats, tried before our date grammar
      languages: [fr]                    # accepted; our month names cover en de fr nl ro pl
      decimal_separator: ","             # default: the document's own, else "."
      remove_whitespace: false           # drop spaces before the regexes run
      remove_accents: false
      lowercase: false
      replace: [["e´ ", "é"]]            # regex substitutions on the text, in order

invoice2data names map onto ours: amount → grand_total, amount_untaxed → net_total,
amount_tax → tax_total, date → issue_date, date_due → due_date, partner_name → seller_name,
vat / partner_vat → seller_vat_id (invoice2data's `vat` is the issuer's VAT id),
company_vat → buyer_vat_id; invoice_number, currency, iban, bic keep their names. Other
invoice2data fields (partner_street, tax_lines, ...) and keys (input_module, tables,
required_fields, ...) are accepted and ignored.

Our additions: native field names (grand_total, po_number, buyer_name, ...); `sender`, one or
more email addresses or domains ("billing@acme.com", "acme.com"), which must match when the
sender is known (a template may then leave out keywords); `confidence` for the template and
per field (default 0.95); `document_type` (invoice, credit_note, purchase_order, other).

Values are read with the engine's grammars (dot decimals, ISO dates, ISO currency codes,
identifiers without spaces). Each carries `why` (the template and its regex) and the page it
was found on; static values have provenance method "template". A field whose regex finds
nothing keeps the engine's value, and a failed "template" check says so. Regexes run on the
page text rebuilt as indented rows (see `template_match`).
See docs/templates.md for how this differs from invoice2data, on purpose."""

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from mailroom.domain.extraction.amounts import decimal_separator
from mailroom.domain.extraction.candidates import Candidate
from mailroom.domain.extraction.checks import check_dates, check_identifiers, check_lines
from mailroom.domain.extraction.dates import date_order
from mailroom.domain.extraction.template_match import PAGE_BREAK, matching_template, page_texts
from mailroom.domain.extraction.template_model import (
    FieldRule, Options, Template, TemplateError, load_templates,
)
from mailroom.domain.extraction.template_values import (
    KIND_WORDS, KINDS, Kind, Reading, Value, as_text, currency_code, format_order,
)
from mailroom.domain.models import Check, ExtractedField, Extraction, LineItem, Provenance
from mailroom.domain.text import DocumentText, TextMethod

__all__ = ["Template", "TemplateError", "apply_template", "load_templates", "matching_template"]

# Several different values for one field without a `group`: invoice2data returns a list; we
# take the first and make sure a reviewer looks.
AMBIGUOUS_CONFIDENCE = 0.5


@dataclass(frozen=True)
class _Prepared:
    """The document's text as the template's regexes see it, and which page each offset is on."""

    text: str
    starts: list[int]
    pages: list[tuple[int, TextMethod]]
    reading: Reading

    @classmethod
    def of(cls, text: DocumentText, options: Options) -> "_Prepared":
        pages = page_texts(text)
        prepared = [options.prepare(page) for _, _, page in pages]
        starts = [sum(len(p) + len(PAGE_BREAK) for p in prepared[:i]) for i in range(len(prepared))]
        raw = [page for _, _, page in pages]
        reading = Reading(
            decimal=options.decimal_separator or decimal_separator(raw) or ".",  # "." as invoice2data
            date_formats=options.date_formats,
            order=format_order(options.date_formats) or date_order(raw))
        return cls(PAGE_BREAK.join(prepared), starts, [(n, m) for n, m, _ in pages], reading)

    def provenance(self, offset: int) -> Provenance:
        number, method = self.pages[max(0, bisect_right(self.starts, offset) - 1)]
        return Provenance(method=method, page=number)


@dataclass(frozen=True)
class _Capture:
    value: Value
    raw: str
    pattern: str
    offset: int


def apply_template(template: Template, text: DocumentText, base: Extraction) -> Extraction:
    """`base` with the fields (and lines) the template defines read the template's way."""
    prepared = _Prepared.of(text, template.options)
    fields, checks = dict(base.fields), list(base.checks)
    defined: list[str] = []
    for target, key, rule in template.targets():
        found = _field(template, target, rule, prepared)
        if isinstance(found, ExtractedField):
            fields[target] = found
            defined.append(target)
        else:
            checks.append(Check(name="template", ok=False,
                                detail=f"{template.label} missed {target} ({key}): {found}; the engine's value is kept"))
    if "currency" not in defined and (currency := _option_currency(template)) is not None:
        fields["currency"] = currency
        defined.append("currency")
    lines = template.lines.items(prepared.text, prepared.reading) if template.lines is not None else []
    if lines:
        defined.append("lines")
    elif template.lines is not None:
        checks.append(Check(name="template", ok=False,
                            detail=f"{template.label} found no lines; the engine's lines are kept"))
    lines = lines or base.lines
    kind = template.document_type or base.document_type
    if kind == "credit_note":  # totals of a credit note are positive, as the engine gives them
        fields.update({n: f.model_copy(update={"value": f.value.lstrip("-")})
                       for n, f in fields.items() if n in defined and n.endswith("_total")})
    fields, fresh = _rechecked(fields, lines, [n for n in defined if n in fields])
    replaced = {check.name for check in fresh}
    checks = [c for c in checks if c.name not in replaced] + fresh
    checks.append(Check(name="template", ok=True, detail=f"{template.label} set {', '.join(defined) or 'nothing'}"))
    return base.model_copy(update={"document_type": kind, "fields": fields, "lines": lines, "checks": checks})


def _option_currency(template: Template) -> ExtractedField | None:
    """As in invoice2data, `options.currency` gives the currency when no field read one."""
    code = currency_code(template.options.currency) if template.options.currency else None
    if code is None:
        return None
    return ExtractedField(value=code, confidence=template.confidence, provenance=Provenance(method="template"),
                          why=f"{template.label}: options.currency")


def _field(template: Template, target: str, rule: FieldRule, prepared: _Prepared) -> ExtractedField | str:
    """The field as the rule reads it, or why it could not."""
    kind = KINDS.get(target, "text")
    confidence = template.confidence if rule.confidence is None else rule.confidence
    if rule.parser == "static":
        static = prepared.reading.value(kind, str(rule.value))
        if static is None:
            return f"static value {rule.value!r} is not {KIND_WORDS[kind]}"
        return ExtractedField(value=as_text(static), confidence=confidence, provenance=Provenance(method="template"),
                              why=f"{template.label}: static value {rule.value!r}")
    if (tangled := next((p for p in rule.regex if p.groups > 1), None)) is not None:
        # invoice2data gives up on such a field too; the template still serves its other fields.
        return f"/{tangled.pattern}/ has {tangled.groups} capturing groups, a field takes one"
    captures, unreadable = _captures(rule, kind, prepared)
    if not captures:
        if unreadable:
            return f"captured {unreadable[0]!r}, which is not {KIND_WORDS[kind]}"
        return f"{', '.join(f'/{p.pattern}/' for p in rule.regex)} matched nothing"
    value, how, ambiguous = _grouped(rule.group, captures)
    if ambiguous:
        confidence = min(confidence, AMBIGUOUS_CONFIDENCE)
    first = captures[0]
    return ExtractedField(value=as_text(value), confidence=confidence, provenance=prepared.provenance(first.offset),
                          why=f"{template.label}: /{first.pattern}/ {how}")


def _captures(rule: FieldRule, kind: Kind, prepared: _Prepared) -> tuple[list[_Capture], list[str]]:
    captures, unreadable = [], []
    for pattern in rule.regex:
        for match in pattern.finditer(prepared.text):
            raw = match.group(1) if pattern.groups else match.group(0)
            if raw is None:
                continue  # an optional group that did not take part
            for old, new in rule.replace:
                raw = old.sub(new, raw)
            value = prepared.reading.value(kind, raw)
            if value is None:
                unreadable.append(raw)
            else:
                captures.append(_Capture(value, raw, pattern.pattern, match.start()))
    return captures, unreadable


def _grouped(group: str | None, captures: list[_Capture]) -> tuple[Value, str, bool]:
    """The one value the captures make, how (for `why`), and whether it is a guess among several."""
    values = [c.value for c in captures]
    if group == "sum":
        return sum(values[1:], values[0]), f"summed over {len(values)} matches", False  # type: ignore[arg-type]
    if group in ("min", "max"):
        pick = (min if group == "min" else max)(values)  # type: ignore[type-var]
        return pick, f"{group} of {len(values)} matches", False
    if group == "join":
        return " ".join(c.raw.strip() for c in captures), f"{len(values)} matches joined", False
    if group == "last":
        return values[-1], f"matched {captures[-1].raw!r} (last of {len(values)})", False
    distinct = list(dict.fromkeys(values))
    if len(distinct) > 1 and group != "first":
        listed = ", ".join(as_text(v) for v in distinct[:3])
        return values[0], f"found several different values ({listed}); the first is taken", True
    return values[0], f"matched {captures[0].raw!r}", False


def _rechecked(fields: dict[str, ExtractedField], lines: list[LineItem],
               defined: list[str]) -> tuple[dict[str, ExtractedField], list[Check]]:
    """The engine's cross-checks run again on the merged values; their verdict adjusts only the
    template's fields (the engine already adjusted its own)."""
    if not defined:
        return fields, []
    candidates = {name: Candidate(f.value, f.confidence, f.why, f.provenance.page or 0, f.provenance.bbox or (0, 0, 0, 0))
                  for name, f in fields.items()}
    fresh = check_dates(candidates) + check_identifiers(candidates) + check_lines(candidates, lines)
    fresh += _totals_check(fields)
    adjusted = {name: fields[name].model_copy(update={"confidence": round(candidates[name].score, 3),
                                                      "why": candidates[name].why})
                for name in defined}
    return fields | adjusted, fresh


def _totals_check(fields: dict[str, ExtractedField]) -> list[Check]:
    totals = [fields.get(n) for n in ("net_total", "tax_total", "grand_total")]
    if any(t is None for t in totals):
        return []
    net, tax, grand = (Decimal(t.value) for t in totals if t is not None)
    note = f"net {net} + VAT {tax} {'=' if net + tax == grand else '≠'} grand {grand}"
    return [Check(name="totals_add_up", ok=net + tax == grand, detail=note)]

