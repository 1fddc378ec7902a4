"""Which reader turns a document's text into fields: structured e-invoice XML is exact and
wins; the text path (layout, labels, value grammars) reads everything else."""

from mailroom.domain.einvoice import parse_einvoice
from mailroom.domain.errors import BadInputError
from mailroom.domain.extraction import extract_fields
from mailroom.domain.models import Check, Extraction
from mailroom.domain.text import DocumentText


def extract(text: DocumentText) -> Extraction:
    if text.xml is None:
        return extract_fields(text)
    try:
        return parse_einvoice(text.xml)
    except BadInputError as exc:
        if not text.pages:
            raise
        # A PDF whose embedded XML is broken still has its visible text: read that, and say so.
        fallback = extract_fields(text.model_copy(update={"xml": None}))
        fallback.checks.append(Check(name="e-invoice", ok=False, detail=f"embedded XML unusable: {exc}"))
        return fallback
