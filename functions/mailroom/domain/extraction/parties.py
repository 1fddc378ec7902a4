"""Seller and buyer names.

Evidence in order of trust: a party heading ("Verkäufer", "Bill to:", "Nabywca") with the name
right of it or under it; the letterhead, which names the issuer (the seller of an invoice, the
buyer of a purchase order); unlabelled address blocks, of which the one the letterhead or the
e-mail domain points to is the issuer's and the others the recipient's. Each party keeps its
block, so that identifiers printed inside it can be attributed (see `vat`)."""

import re
from dataclasses import dataclass, replace

from mailroom.domain.extraction.blocks import (
    PARTY_ROLES,
    Block,
    Cell,
    address_blocks,
    column_cells,
    is_address_line,
    name_line,
    segments,
)
from mailroom.domain.extraction.candidates import Candidate, legible
from mailroom.domain.extraction.finder import Hit, Sheet
from mailroom.domain.extraction.folding import fold
from mailroom.domain.extraction.lineitems import table_header

LETTERHEAD_AREA = 0.3
WEAK_ROLES = frozenset({"issue_date_weak", "number_weak", "po_weak"})
_SEPARATORS = re.compile(r"\s+[|·•–-]\s+|\s*[|·•]\s*|\s{3,}")
_LEGAL_FORM = re.compile(
    r"\b(gmbh|ag|kg|ohg|ug|e\.k|sarl|sas|sasu|eurl|sa|srl|s\.r\.l|ltd|limited|plc|llp|llc|inc|corp|"
    r"corporation|co|bv|b\.v|nv|n\.v|vof|sp\. z o\.o|sp\. j|s\.a|se|gbr)\b\.?")
# French invoices must state the legal form and capital apart from the name ("SARL au capital de
# 120 000 €"); the registers (SIRENE) and e-invoices then carry the name without the form.
_FORM_STATEMENT = re.compile(r"\b(sarl|sas|sasu|sa|eurl|snc|sci|selarl|scop)\s+au capital\b")
_DOMAIN = re.compile(r"(?:@|www\.|https?://)([a-z0-9-]{3,})\.")


@dataclass(frozen=True)
class Party:
    role: str  # "seller", "buyer", or "recipient" (whoever the issuer addresses)
    name: Candidate
    block: Block | None


def first_part(text: str) -> str:
    """"Acme GmbH | Europa-Allee 1 | 60486 Frankfurt" names Acme GmbH."""
    return _SEPARATORS.split(text.strip())[0].strip(" ,;:")


def key(name: str) -> str:
    """A name without legal form, case and punctuation: "Au bon moulin SARL" → "aubonmoulin"."""
    return re.sub(r"[^a-z0-9]", "", _LEGAL_FORM.sub("", fold(name)))


def registered_name(sheet: Sheet, name: Candidate) -> Candidate:
    """The issuer's name without a trailing legal form the document states on its own."""
    forms = {m[1] for row in sheet.rows for m in _FORM_STATEMENT.finditer(row.folded)}
    words = name.value.split()
    if len(words) > 1 and fold(words[-1]).strip(".") in forms:
        return replace(name, value=" ".join(words[:-1]).rstrip(" ,-"),
                       why=f"{name.why}; legal form '{words[-1]}' stated apart ('… au capital de')")
    return name


def same_company(name: str, other: str) -> bool:
    """One name is most of the other ("Au bon moulin" in "Au bon moulin SARL"), not a word of it
    ("Firma" in "Die Vordefinierte Firma")."""
    short, long = sorted((key(name), key(other)), key=len)
    return bool(short) and short in long and len(short) >= 0.6 * len(long)


def block_name(sheet: Sheet, block: Block) -> Cell | None:
    """The name line of a block: before its street and town lines; one that recurs elsewhere
    on the document (letterhead, footer, payee) beats a contact or department line."""
    lines: list[tuple[Cell, str]] = []
    for cell in block.cells:
        if lines and is_address_line(cell.text):
            break
        if (name := name_line(cell.text)) is not None and not is_address_line(name := first_part(name)):
            lines.append((cell, name))
    if not lines:
        return None
    inside = {id(c.row) for c in block.cells}
    elsewhere = " | ".join(r.folded for r in sheet.rows if id(r) not in inside)
    recurring = [(c, n) for c, n in lines if len(n) > 3 and fold(n) in elsewhere]
    cell, name = (recurring or lines)[0]
    return Cell(cell.row, cell.tokens) if name else None


def labelled_parties(sheet: Sheet) -> list[Party]:
    found: list[Party] = []
    for role in ("seller", "buyer"):
        for hit in sheet.hits(role):
            if sheet.is_heading(hit) and (party := _under_heading(sheet, hit, role)) is not None:
                found.append(party)
    return found


def _under_heading(sheet: Sheet, hit: Hit, role: str) -> Party | None:
    right = sheet.right_window(hit)
    text = right.text.strip(" :") if any(c.isalnum() for c in right.text) else ""  # not OCR specks
    x0 = hit.bbox[0] - 0.02
    # Side-by-side headings ("Supplier   Customer"): this column ends where the next one starts.
    later = [c for c in segments(hit.row) if c.bbox[0] > hit.bbox[2]]
    x1 = later[0].bbox[0] - 0.005 if later and not text else x0 + 0.45
    cells = column_cells(sheet, hit.row, x0, x1)
    block = Block(cells, hit.roles) if cells else None
    if text and (name := name_line(first_part(text))):
        return Party(role, _labelled_name(name, 0.9, f"label '{hit.phrase}' → right of label",
                                          Cell(hit.row, right.tokens)), block)
    if block is not None and (cell := block_name(sheet, block)) is not None:
        return Party(role, _labelled_name(first_part(name_line(cell.text) or cell.text), 0.88,
                                          f"label '{hit.phrase}' → name line under label", cell), block)
    return None


def _labelled_name(name: str, score: float, why: str, cell: Cell) -> Candidate:
    """A name under its party's heading; a legal form ("GmbH", "S.R.L.", "Sp. z o.o.") shows it
    is the company and not a contact or department line."""
    if _LEGAL_FORM.search(fold(name)):
        score, why = score + 0.04, f"{why}; has a legal form"
    score, why = legible(score, why, cell.tokens)
    return Candidate(name, score, why, cell.row.page, cell.bbox)


def letterhead(sheet: Sheet) -> Candidate | None:
    """The issuer: among the first name lines on top of page 1, the best supported."""
    domains = {d for row in sheet.rows for d in _DOMAIN.findall(fold(row.text))}
    options: list[Candidate] = []
    for row in (r for r in sheet.rows if r.page == 1 and r.top < LETTERHEAD_AREA):
        for cell in segments(row):
            labels = [h for h in sheet.hits_in(row) if cell.tokens[0].start <= h.start < cell.tokens[-1].end]
            # Names may contain label words ("Van der Berg", "LE FOURNISSEUR"); strong labels may not.
            if any(not h.roles <= PARTY_ROLES | WEAK_ROLES or sheet.is_heading(h) for h in labels):
                continue
            if (name := name_line(first_part(cell.text))) is None or is_address_line(name):
                continue
            score, why = _issuer_score(name, domains)
            options.append(Candidate(name, score, why, row.page, cell.bbox))
        if options:
            break
    return max(options, key=lambda c: c.score, default=None)


def _issuer_score(name: str, domains: set[str]) -> tuple[float, str]:
    score, why = 0.6, "letterhead: first name line at the top of page 1"
    if _LEGAL_FORM.search(fold(name)):
        score, why = score + 0.1, why + "; has a legal form"
    if _matches_domain(name, domains):
        score, why = score + 0.15, why + "; matches the e-mail/web domain"
    return score, why


def _matches_domain(name: str, domains: set[str]) -> bool:
    name_key = key(name)
    return len(name_key) >= 4 and any(len(d) >= 4 and (d in name_key or name_key in d) for d in domains)


def unlabelled_parties(sheet: Sheet, issuer: Candidate | None, labelled: list[Party]) -> list[Party]:
    """Address blocks without a heading: the issuer's if the letterhead names it, else the
    recipient's; with one block and the issuer already known elsewhere, it is the recipient."""
    found: list[Party] = []
    table = table_header(sheet.rows)
    for block in address_blocks(sheet, max_top=min(0.4, table.top if table and table.page == 1 else 1.0)):
        if block.heading_roles & PARTY_ROLES or (cell := block_name(sheet, block)) is None:
            continue
        name = first_part(name_line(cell.text) or cell.text)
        if any(key(name) == key(p.name.value) for p in labelled):
            continue
        if issuer is not None and same_company(name, issuer.value):
            why, score = f"address block named in the letterhead '{issuer.value}'", max(issuer.score, 0.7)
            if (cell.row.page, round(cell.bbox[1], 3)) != (issuer.page, round(issuer.bbox[1], 3)):
                score, why = score + 0.2, f"{why}; letterhead and address block are two places"
            found.append(Party("issuer", Candidate(name, score, why, cell.row.page, cell.bbox), block))
        else:
            why = "unlabelled address block near the top of page 1"
            found.append(Party("recipient", Candidate(name, 0.55, why, cell.row.page, cell.bbox), block))
    return found
