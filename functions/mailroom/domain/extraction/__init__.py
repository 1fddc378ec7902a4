"""Template-free extraction: a document's text (words with boxes) → invoice fields.

Labels in six languages locate values, value grammars read them, and cross-checks (totals that
add up, checksums, dates in order) decide how much each value can be trusted. Nothing here
knows any vendor's layout. A field that is not found is left out, never guessed."""

from dataclasses import replace

from mailroom.domain.extraction.amounts import decimal_separator
from mailroom.domain.extraction.banking import bic_candidates, currency_candidates, iban_candidates
from mailroom.domain.extraction.candidates import Candidate, choose
from mailroom.domain.extraction.checks import check_dates, check_identifiers, check_lines
from mailroom.domain.extraction.dates import date_order
from mailroom.domain.extraction.doctype import document_type
from mailroom.domain.extraction.finder import Sheet
from mailroom.domain.extraction.layout import page_rows
from mailroom.domain.extraction.lineitems import line_items
from mailroom.domain.extraction.parties import (
    Party,
    labelled_parties,
    letterhead,
    registered_name,
    unlabelled_parties,
)
from mailroom.domain.extraction.references import (
    DUE_ROLES,
    ISSUE_ROLES,
    NUMBER_ROLES,
    ORDER_DATE_ROLES,
    ORDER_ROLES,
    PO_ROLES,
    date_candidates,
    number_candidates,
)
from mailroom.domain.extraction.totals import resolve_totals, row_sums, total_candidates
from mailroom.domain.extraction.vat import vat_candidates
from mailroom.domain.models import DocumentType, ExtractedField, Extraction, Provenance
from mailroom.domain.text import DocumentText

__all__ = ["extract_fields"]


def extract_fields(text: DocumentText) -> Extraction:
    sheet = Sheet(page_rows(text))
    texts = [row.text for row in sheet.rows]
    decimal, order = decimal_separator(texts), date_order(texts)
    kind, _ = document_type(sheet.rows)
    is_order = kind == "purchase_order"

    found: dict[str, list[Candidate]] = {
        "invoice_number": number_candidates(sheet, NUMBER_ROLES | (ORDER_ROLES if is_order else {})),
        "po_number": number_candidates(sheet, PO_ROLES),
        "issue_date": date_candidates(sheet, ISSUE_ROLES | (ORDER_DATE_ROLES if is_order else {}), order),
        "due_date": date_candidates(sheet, DUE_ROLES, order),
        "iban": iban_candidates(sheet),
        "currency": currency_candidates(sheet, decimal),
    }
    found.update(_party_candidates(sheet, kind))
    chosen = {name: pick for name, candidates in found.items() if (pick := choose(candidates))}
    if is_order and "invoice_number" in chosen:
        chosen["po_number"] = chosen["invoice_number"]  # a purchase order's own number is the PO number
    if (bic := choose(bic_candidates(sheet, chosen["iban"].value if "iban" in chosen else None))):
        chosen["bic"] = bic
    totals, checks = resolve_totals(total_candidates(sheet, decimal), row_sums(sheet, decimal))
    chosen.update(totals)
    lines = line_items(sheet, decimal)
    checks += check_dates(chosen) + check_identifiers(chosen) + check_lines(chosen, lines)
    return Extraction(document_type=kind, method=text.method, fields=_fields(text, chosen, kind),
                      lines=lines, checks=checks)


def _party_candidates(sheet: Sheet, kind: DocumentType) -> dict[str, list[Candidate]]:
    issuer = "buyer" if kind == "purchase_order" else "seller"
    recipient = "seller" if issuer == "buyer" else "buyer"
    labelled = labelled_parties(sheet)
    head = letterhead(sheet)
    unlabelled = unlabelled_parties(sheet, head, labelled)
    refined = any(p.role == "issuer" for p in unlabelled)  # an address block the letterhead names
    if any(p.role == recipient for p in labelled):
        # The recipient is labelled, so an unlabelled address block is the issuer's own.
        unlabelled = [_as_issuer(p) if p.role == "recipient" else p for p in unlabelled]
    parties = [replace(p, role={"issuer": issuer, "recipient": recipient}.get(p.role, p.role))
               for p in labelled + unlabelled]
    names: dict[str, list[Candidate]] = {"seller_name": [], "buyer_name": []}
    for party in parties:
        names[f"{party.role}_name"].append(party.name)
    if head is not None and not refined:
        names[f"{issuer}_name"].append(head)  # unless an address block refines the letterhead
    names[f"{issuer}_name"] = [registered_name(sheet, name) for name in names[f"{issuer}_name"]]
    return names | vat_candidates(sheet, parties, issuer)


def _as_issuer(party: Party) -> Party:
    name = party.name.adjusted(0.65, "the other party is labelled, so this block is the issuer's")
    return replace(party, role="issuer", name=name)


def _fields(text: DocumentText, chosen: dict[str, Candidate], kind: DocumentType) -> dict[str, ExtractedField]:
    methods = {page.number: page.method for page in text.pages}
    fields = {}
    for name, pick in chosen.items():
        value = pick.value.lstrip("-") if kind == "credit_note" and name.endswith("_total") else pick.value
        fields[name] = ExtractedField(
            value=value, confidence=round(pick.score, 3), why=pick.why,
            provenance=Provenance(method=methods.get(pick.page, text.method), page=pick.page, bbox=pick.bbox))
    return fields
