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
    find_ibans,
    find_vat_ids,
    iban_prefix,
)
from mailroom.domain.extraction.layout import Row
from mailroom.domain.extraction.parties import Party

# Above the address window (DIN 5008 and most layouts start it 45 mm down an A4 page) and in
# the footer a document prints its issuer's own details.
LETTERHEAD_BAND, FOOTER_BAND = 0.15, 0.88
_BUYER_WORDS = re.compile(
    r"\b(client|clientului|customer|kunde|kunden|kaufer|buyer|acheteur|cumparator|cumparatorului|"
    r"beneficiar|nabywca|nabywcy|klant|afnemer|destinataire|empfanger|your|votre|ihre|dvs|uw)\b")
_SELLER_WORDS = re.compile(
    r"\b(seller|supplier|vendor|verkaufer|lieferant|fournisseur|vendeur|furnizor|furnizorului|"
    r"vanzator|sprzedawca|sprzedawcy|dostawca|leverancier|verkoper|our|notre|unsere)\b")


def _ids_in(sheet: Sheet, row: Row) -> list[tuple[Identifier, bool]]:
    """(VAT id, whether a VAT label precedes it) for every id on the row, bare ones included."""
    found = [(vat, _labelled(sheet, row, vat.start)) for vat in find_vat_ids(row.text)
             if not _in_iban(sheet, row, vat.start)]
    for hit in sheet.hits_in(row):
        country = LABEL_COUNTRY.get(fold(hit.phrase).strip(" .:"))
        if "vat_label" in hit.roles and country:
            window = sheet.right_window(hit)
            bare = bare_vat_id(window.text[:30], country)
            if bare is not None and not any(v.value == bare.value for v, _ in found):
                tokens = window.tokens_at(bare.start, bare.end)
                found.append((Identifier(bare.value, tokens[0].start, tokens[-1].end, bare.valid), True))
    return found


def _labelled(sheet: Sheet, row: Row, start: int, role: str = "vat_label") -> bool:
    return any(role in h.roles and h.end <= start and start - h.end < 12 for h in sheet.hits_in(row))


def _in_iban(sheet: Sheet, row: Row, start: int) -> bool:
    """"FR76 1254 2547 …" opens an IBAN, shaped like a VAT id as far as it goes; no VAT id runs
    to 15 characters, the shortest IBAN (Norway's) has 15."""
    run = iban_prefix(row.text[start:])
    return (_labelled(sheet, row, start, "iban") or (run is not None and run.start == 0 and len(run.value) >= 15)
            or any(i.start <= start < i.end for i in find_ibans(row.text)))


def _context(row: Row, start: int) -> str:
    """The words of the id's column segment before it; for an id that opens its segment, the
    segment before, which is its label ("N° TVA client   FR90343434346")."""
    cells = segments(row)
    for index in range(len(cells) - 1, -1, -1):
        opening = cells[index].tokens[0].start
        if opening <= start:
            before = row.text[opening:start]
            if not before.strip() and index > 0:
                before = cells[index - 1].text
            return fold(before)
    return fold(row.text[:start])


def _role(row: Row, vat: Identifier, parties: list[Party], issuer: str) -> tuple[str, str, float]:
    """Whose id it is, why, and how sure that makes us."""
    context = _context(row, vat.start)
    if _BUYER_WORDS.search(context):
        return "buyer", "the words before it name the buyer", 0.88
    if _SELLER_WORDS.search(context):
        return "seller", "the words before it name the seller", 0.88
    box = row.box_of(vat.start, vat.end)
    for party in parties:
        if party.block is not None and party.block.contains(row.page, box):
            return party.role, f"inside the {party.role}'s address block", 0.88
    if (row.page == 1 and row.bottom < LETTERHEAD_BAND) or row.top > FOOTER_BAND:
        return issuer, "in the letterhead or footer, where the issuer prints its own ids", 0.85
    return issuer, "no party context: taken as the issuer's", 0.7


def vat_candidates(sheet: Sheet, parties: list[Party], issuer: str) -> dict[str, list[Candidate]]:
    found: dict[str, list[Candidate]] = {"seller_vat_id": [], "buyer_vat_id": []}
    for row in sheet.rows:
        for vat, labelled in _ids_in(sheet, row):
            role, reason, score = _role(row, vat, parties, issuer)
            score += 0.05 if labelled else 0.0
            why = f"{'VAT label; ' if labelled else ''}{reason}; " + (
                "checksum valid" if vat.valid else "checksum fails")
            if not vat.valid:
                score *= 0.6
            found[f"{role}_vat_id"].append(
                Candidate(vat.value, score, why, row.page, row.box_of(vat.start, vat.end)))
    return found
