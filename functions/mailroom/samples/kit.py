"""What every mail case needs: the mailbox clock, documents, addresses, letters in its language."""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import MIMEPart
from random import Random
from typing import Any

from mailroom.samples.corpus import DocumentFile
from mailroom.samples.documents import Document
from mailroom.samples.factory import DocumentFactory
from mailroom.samples.language import Company
from mailroom.samples.languages import LANGUAGES
from mailroom.samples.mime import attach_file, message_id, new_message, set_text_and_html
from mailroom.samples.model import DocKind, Expect
from mailroom.samples.pdf import render_pdf

OWN_DOMAIN = "orbis-group.example"
SHARED_MAILBOX = Address("Orbis Group Accounts Payable", "invoices", OWN_DOMAIN)
_FIRST_ARRIVAL = datetime(2026, 2, 2, 7, 40, tzinfo=UTC)
_OFFICE_HOURS = range(7, 18)  # UTC hours in which mail arrives
_SIMPLER_LETTERS: dict[str, str | int | None] = {"ł": "l", "Ł": "L", "ß": "ss"}
_NO_DECOMPOSITION = str.maketrans(_SIMPLER_LETTERS)  # letters NFKD would drop, not simplify


@dataclass(frozen=True)
class Attachment:
    """A document-like attachment and what the pipeline should make of it."""

    filename: str
    expect: Expect
    reason: str
    document: Document | None = None  # what it shows; none for bytes that never were a document
    file: DocumentFile | None = None  # staged ones: the file that also goes into documents/

    def truth_record(self) -> dict[str, Any]:
        truth = self.document.truth() if self.document else None
        return {"expect": str(self.expect), "reason": self.reason, "truth": truth}


@dataclass
class CaseMail:
    case: str
    lang: str
    message: MIMEPart
    attachments: list[Attachment] = field(default_factory=list)
    # Marker in the serialized message → bytes written in its place (see mime.write_eml).
    splices: dict[str, Iterable[bytes]] = field(default_factory=dict)


class MailKit:
    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.factory = DocumentFactory(rng)
        self._clock = _FIRST_ARRIVAL

    def arrival(self) -> datetime:
        """The next mail's arrival (UTC): later than the last one, within office hours."""
        self._clock += timedelta(minutes=self.rng.randint(35, 300), seconds=self.rng.randint(0, 59))
        if self._clock.hour not in _OFFICE_HOURS:
            next_day = self._clock.date() + timedelta(days=1)
            self._clock = datetime(
                next_day.year,
                next_day.month,
                next_day.day,
                _OFFICE_HOURS.start,
                self.rng.randint(0, 59),
                self.rng.randint(0, 59),
                tzinfo=UTC,
            )
        return self._clock

    def document(self, lang: str, kind: DocKind, sent_at: datetime, **options: Any) -> Document:
        """A document issued on the day of the mail or up to four days before."""
        issued = sent_at.date() - timedelta(days=self.rng.randint(0, 4))
        return self.factory.make(LANGUAGES[lang], kind, issued, **options)

    def message(
        self,
        sender: Address,
        lang: str,
        subject: str,
        sent_at: datetime,
        to: Address = SHARED_MAILBOX,
    ) -> MIMEPart:
        offset = timezone(timedelta(hours=LANGUAGES[lang].utc_offset_hours))
        msg_id = message_id(sent_at, self.rng.getrandbits(40), sender.domain)
        return new_message(sender, to, subject, sent_at.astimezone(offset), msg_id)

    def sender_of(self, company: Company, lang: str) -> Address:
        """Half the vendors mail from a person, half from their ERP's billing mailbox."""
        if self.rng.random() < 0.5:
            return person_address(company.contact, company.domain)
        return Address(company.name, LANGUAGES[lang].mail["billing_local"], company.domain)

    def mailed_document(
        self, lang: str, kind: DocKind, *, body_key: str | None = None, postscript: str = "",
        logo_cid: str | None = None, **document_options: Any,
    ) -> tuple[Document, MIMEPart]:
        """A new document and the cover mail its issuer sends now; the caller attaches files."""
        sent_at = self.arrival()
        doc = self.document(lang, kind, sent_at, **document_options)
        message = self.cover_mail(
            doc, sent_at, body_key=body_key, postscript=postscript, logo_cid=logo_cid
        )
        return doc, message

    def cover_mail(
        self,
        doc: Document,
        sent_at: datetime,
        *,
        body_key: str | None = None,
        postscript: str = "",
        to: Address = SHARED_MAILBOX,
        logo_cid: str | None = None,
    ) -> MIMEPart:
        """The issuer's mail about `doc`, in the document's language; the caller attaches files."""
        lang = doc.language.code
        message = self.message(
            self.sender_of(doc.issuer, lang), lang, subject_for(doc), sent_at, to=to
        )
        set_text_and_html(message, cover_letter(doc, body_key, postscript), logo_cid)
        return message


def attach_document(message: MIMEPart, doc: Document) -> Attachment:
    """Attach `doc` as its issuer would, a text-layer PDF named after it, to be staged."""
    file = DocumentFile(f"{doc.file_stem}.pdf", render_pdf(doc), doc)
    attach_file(message, file.name, file.data)
    return staged(file)


def staged(file: DocumentFile) -> Attachment:
    reason = "scanned image: text comes from OCR" if file.scanned else "text-layer PDF"
    return Attachment(file.name, Expect.STAGED, reason, file.document, file)


def letter(lang: str, body_key: str, signer: Company, postscript: str = "", **fields: str) -> str:
    texts = LANGUAGES[lang].mail
    body = texts[body_key].format(**fields)
    if postscript:
        body = f"{body}\n\n{postscript}"
    return f"{texts['greeting']}\n\n{body}\n\n{texts['signoff']}\n{signer.contact}\n{signer.name}"


def cover_letter(doc: Document, body_key: str | None = None, postscript: str = "") -> str:
    """The letter that comes with `doc`; by default the one for its kind ("invoice_body")."""
    return letter(
        doc.language.code,
        body_key or f"{doc.kind}_body",
        doc.issuer,
        postscript,
        **document_fields(doc),
    )


def document_fields(doc: Document) -> dict[str, str]:
    """What a cover letter quotes from the document, written the document's way."""
    fmt = doc.formatter()
    return {
        "number": doc.number,
        "date": fmt.date(doc.issue_date),
        "due": fmt.date(doc.due_date) if doc.due_date else "",
        "total": fmt.money(doc.grand_total),
    }


def subject_for(doc: Document) -> str:
    return doc.language.mail[f"{doc.kind}_subject"].format(number=doc.number)


def person_address(name: str, domain: str) -> Address:
    return Address(name, ascii_fold(name).lower().replace(" ", "."), domain)


def ascii_fold(text: str) -> str:
    """Małgorzata Kęsik → Malgorzata Kesik, for addresses (ł has no Unicode decomposition)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSITION))
    return decomposed.encode("ascii", "ignore").decode()
