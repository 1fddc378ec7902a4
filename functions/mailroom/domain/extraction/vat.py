"""Whose VAT id is whose: the words before it, the party block it sits in, else the issuer's.

An invoice prints the seller's id in its letterhead or footer and often the buyer's beside the
buyer's address or after "N° TVA client"; an id with no such context is taken to be the
issuer's, and a second unexplained id makes both doubtful (see `choose`)."""

import re

from mailroom.domain.extraction.blocks import segments
from mailroom.domain.extraction.candidates import Candidate
from mailroom.domain.extraction.finder import Sheet
from mailroom.domain.extraction.folding import fold
from mailroom.domain.extraction.identifiers import (
    LABEL_COUNTRY,
    Identifier,
    bare_vat_id,
    find_vat_ids,
)
from mailroom.domain.extraction.layout import Row
from mailroom.domain.extraction.parties import Party

_BUYER_WORDS = re.compile(
    r"\b(client|clientului|customer|kunde|kunden|kaufer|buyer|acheteur|cumparator|cumparatorului|"
    r"beneficiar|nabywca|nabywcy|klant|afnemer|destinataire|empfanger|your|votre|ihre|dvs|uw)\b")
_SELLER_WORDS = re.compile(
    r"\b(seller|supplier|vendor|verkaufer|lieferant|fournisseur|vendeur|furnizor|furnizorului|"
    r"vanzator|sprzedawca|sprzedawcy|dostawca|leverancier|verkoper|our|notre|unsere)\b")


def _ids_in(sheet: Sheet, row: Row) -> list[tuple[Identifier, bool]]:
    """(VAT id, whether a VAT label precedes it) for every id on the row, bare ones included."""
    found = [(vat, _labelled(sheet, row, vat.start)) for vat in find_vat_ids(row.text)]
    for hit in sheet.hits_in(row):
        country = LABEL_COUNTRY.get(fold(hit.phrase).strip(" .:"))
        if "vat_label" in hit.roles and country:
            window = sheet.right_window(hit)
            bare = bare_vat_id(window.text[:30], country)
            if bare is not None and not any(v.value == bare.value for v, _ in found):
                tokens = window.tokens_at(bare.start, bare.end)
                found.append((Identifier(bare.value, tokens[0].start, tokens[-1].end, bare.valid), True))
    return found


def _labelled(sheet: Sheet, row: Row, start: int) -> bool:
    return any("vat_label" in h.roles and h.end <= start and start - h.end < 12 for h in sheet.hits_in(row))


def _context(row: Row, start: int) -> str:
    """The words of the id's column segment before it."""
    for cell in reversed(segments(row)):
        if cell.tokens[0].start <= start:
            return fold(row.text[cell.tokens[0].start:start])
    return fold(row.text[:start])


def _role(row: Row, vat: Identifier, parties: list[Party], issuer: str) -> tuple[str, str] | None:
    context = _context(row, vat.start)
    if _BUYER_WORDS.search(context):
        return "buyer", "the words before it name the buyer"
    if _SELLER_WORDS.search(context):
        return "seller", "the words before it name the seller"
    box = row.box_of(vat.start, vat.end)
    for party in parties:
        if party.block is not None and party.block.contains(row.page, box):
            return party.role, f"inside the {party.role}'s address block"
    return None


def vat_candidates(sheet: Sheet, parties: list[Party], issuer: str) -> dict[str, list[Candidate]]:
    found: dict[str, list[Candidate]] = {"seller_vat_id": [], "buyer_vat_id": []}
    for row in sheet.rows:
        for vat, labelled in _ids_in(sheet, row):
            role = _role(row, vat, parties, issuer)
            if role is None:
                role, score = (issuer, "no party context: taken as the issuer's"), 0.7
            else:
                score = 0.88
            score += 0.05 if labelled else 0.0
            why = f"{'VAT label; ' if labelled else ''}{role[1]}; " + (
                "checksum valid" if vat.valid else "checksum fails")
            if not vat.valid:
                score *= 0.6
            found[f"{role[0]}_vat_id"].append(
                Candidate(vat.value, score, why, row.page, row.box_of(vat.start, vat.end)))
    return found
