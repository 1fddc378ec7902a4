"""Which reader turns a document's text into fields: structured e-invoice XML is exact and
wins; the text path (layout, labels, value grammars) reads everything else, and a matching
per-sender template then overrides the fields it defines."""

from collections.abc import Sequence

from mailroom.domain.einvoice import parse_einvoice
from mailroom.domain.errors import BadInputError
from mailroom.domain.extraction import extract_fields
from mailroom.domain.extraction.templates import Template, apply_template, matching_template
from mailroom.domain.models import Check, Extraction
from mailroom.domain.text import DocumentText


def extract(text: DocumentText, *, templates: Sequence[Template] = (), sender: str | None = None) -> Extraction:
    if text.xml is None:
        return _read_text(text, templates, sender)
    try:
        return parse_einvoice(text.xml)
    except BadInputError as exc:
        if not text.pages:
            raise
        # A PDF whose embedded XML is broken still has its visible text: read that, and say so.
        fallback = _read_text(text.model_copy(update={"xml": None}), templates, sender)
        fallback.checks.append(Check(name="e-invoice", ok=False, detail=f"embedded XML unusable: {exc}"))
        return fallback


def _read_text(text: DocumentText, templates: Sequence[Template], sender: str | None) -> Extraction:
    base = extract_fields(text)
    template = matching_template(templates, text, sender) if templates else None
    return apply_template(template, text, base) if template is not None else base
