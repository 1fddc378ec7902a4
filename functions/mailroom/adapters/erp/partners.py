"""Finding the ERP partner for a posting, the same way in every ERP: a mapping override, then
the normalised VAT id, then the mail domain of the sender, then the exact name. A match must be
unique; a new partner is made only when the mapping allows it."""

from email.utils import parseaddr
from typing import Protocol

from mailroom.domain.erp_mapping import ErpMapping
from mailroom.domain.errors import PermanentError
from mailroom.domain.models import ErpPosting, normalise_key

# Everyone mails from these: a shared domain says nothing about who the vendor is.
PUBLIC_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
    "icloud.com", "gmx.de", "gmx.net", "web.de", "orange.fr", "wp.pl", "yahoo.ro",
})


class PartnerDirectory(Protocol):
    """One ERP's partner search. Patterns use SQL LIKE wildcards (`%`)."""

    def by_vat(self, pattern: str) -> list[tuple[str, str]]:
        """(partner id, VAT id as stored) of partners whose VAT id matches `pattern`."""

    def by_email_domain(self, domain: str) -> list[str]: ...

    def by_name(self, name: str) -> list[str]:
        """Partners with exactly this name, ignoring case."""

    def create(self, posting: ErpPosting) -> str: ...


def resolve_partner(posting: ErpPosting, mapping: ErpMapping, directory: PartnerDirectory,
                    erp: str) -> str:
    if (override := mapping.partner_override(posting)) is not None:
        return override
    if posting.partner_vat_id:
        wanted = normalise_key(posting.partner_vat_id)
        found = {pid for pid, vat in directory.by_vat(vat_pattern(wanted)) if same_vat(vat, wanted)}
        if (unique := _unique(found, f"VAT id {posting.partner_vat_id}", erp)) is not None:
            return unique
    domain = parseaddr(posting.sender)[1].rpartition("@")[2].lower()
    if domain and domain not in PUBLIC_MAIL_DOMAINS:
        if (unique := _unique(set(directory.by_email_domain(domain)), None, erp)) is not None:
            return unique
    if (unique := _unique(set(directory.by_name(posting.partner_name)),
                          f"the name '{posting.partner_name}'", erp)) is not None:
        return unique
    if mapping.create_partners:
        return directory.create(posting)
    raise PermanentError(
        f"no {erp} partner matches '{posting.partner_name}'"
        f" (VAT id {posting.partner_vat_id or 'none'}, mail domain {domain or 'none'}):"
        f" create it in {erp} or map it under `partners` in the ERP mapping"
    )


def vat_pattern(normalised: str) -> str:
    """Matches the VAT id however it was typed (DE 136 695 976, de136695976, 136695976)."""
    return "%" + "%".join(_core(normalised)) + "%"


def same_vat(stored: str | None, normalised: str) -> bool:
    """Equal, or equal without the country prefix when one side was typed without it (but
    DE123 is not AT123)."""
    have = normalise_key(stored or "")
    if not have:
        return False
    one_bare = have == _core(have) or normalised == _core(normalised)
    return have == normalised or (one_bare and _core(have) == _core(normalised))


def _core(vat: str) -> str:
    return vat[2:] if vat[:2].isalpha() else vat


def _unique(found: set[str], what: str | None, erp: str) -> str | None:
    """A clear answer, or None to try the next way; `what` set: several matches are an error
    (a mail domain shared by two partners just moves on to the name)."""
    if len(found) == 1:
        return found.pop()
    if len(found) > 1 and what is not None:
        raise PermanentError(
            f"{len(found)} {erp} partners match {what} ({', '.join(sorted(found))}):"
            " merge them or map the vendor under `partners` in the ERP mapping"
        )
    return None
