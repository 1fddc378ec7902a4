"""A vendor wrote to a colleague, who forwarded it to the shared mailbox, attached or inline."""

from datetime import datetime, timedelta
from email.message import MIMEPart

from mailroom.samples.documents import Document
from mailroom.samples.kit import (
    OWN_DOMAIN,
    CaseMail,
    MailKit,
    attach_document,
    cover_letter,
    person_address,
    subject_for,
)
from mailroom.samples.languages import LANGUAGES
from mailroom.samples.mime import attach_message, set_text_and_html
from mailroom.samples.model import DocKind

_FORWARD_MARKER = "---------- Forwarded message ---------"  # what Gmail writes


def forwarded_as_attachment(kit: MailKit, lang: str) -> CaseMail:
    """The vendor's whole mail, PDF inside, as a message/rfc822 part."""
    sent_at = kit.arrival()
    doc, original = _mail_to_colleague(kit, lang, sent_at)
    attachment = attach_document(original, doc)
    message = _forward(kit, lang, doc, sent_at)
    attach_message(message, original, filename=f"{subject_for(doc)}.eml")
    return CaseMail("forwarded", lang, message, [attachment])


def forwarded_inline(kit: MailKit, lang: str) -> CaseMail:
    """Gmail's "Forward": the original quoted under a marker line, the PDF attached again."""
    sent_at = kit.arrival()
    doc, original = _mail_to_colleague(kit, lang, sent_at)
    headers = [f"{name}: {original[name]}" for name in ("From", "Date", "Subject", "To")]
    quoted = "\n".join([_FORWARD_MARKER, *headers, "", cover_letter(doc)])
    message = _forward(kit, lang, doc, sent_at, quoted)
    return CaseMail("forwarded", lang, message, [attach_document(message, doc)])


def _mail_to_colleague(
    kit: MailKit, lang: str, forwarded_at: datetime
) -> tuple[Document, MIMEPart]:
    """The vendor's original mail, received by the colleague some hours before the forward."""
    received_at = forwarded_at - timedelta(hours=kit.rng.randint(2, 30))
    doc = kit.document(lang, DocKind.INVOICE, received_at)
    colleague = person_address(LANGUAGES[lang].colleague, OWN_DOMAIN)
    return doc, kit.cover_mail(doc, received_at, to=colleague)


def _forward(
    kit: MailKit, lang: str, doc: Document, sent_at: datetime, quoted: str = ""
) -> MIMEPart:
    texts = LANGUAGES[lang].mail
    colleague = LANGUAGES[lang].colleague
    subject = texts["forward_prefix"] + subject_for(doc)
    message = kit.message(person_address(colleague, OWN_DOMAIN), lang, subject, sent_at)
    note = texts["forward_note"].format(colleague=colleague)
    set_text_and_html(message, f"{note}\n\n{quoted}" if quoted else note)
    return message
