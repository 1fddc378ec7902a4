"""Mail the pipeline must not choke on: broken, locked, oversized, repeated or oddly encoded."""

from email import quoprimime

from mailroom.samples.broken import corrupt_pdf, padded_pdf
from mailroom.samples.corpus import DocumentFile
from mailroom.samples.kit import Attachment, CaseMail, MailKit, cover_letter, staged, subject_for
from mailroom.samples.languages import LANGUAGES
from mailroom.samples.mime import (
    RAW_SUBJECT,
    STREAMED_PAYLOAD,
    attach_file,
    attach_streamed,
    base64_lines,
    set_text_and_html,
)
from mailroom.samples.model import DocKind, Expect
from mailroom.samples.pdf import render_pdf

UNKNOWN_CHARSET = "x-unknown-8bit"
_BYTES_PER_WORD = 16  # each may become "=XX": 16 × 3 plus "=?x-unknown-8bit?q??=" stays under 75


def corrupt(kit: MailKit, lang: str) -> CaseMail:
    doc, message = kit.mailed_document(lang, DocKind.INVOICE)
    filename = f"{doc.file_stem}.pdf"
    attach_file(message, filename, corrupt_pdf(render_pdf(doc), kit.rng))
    # No truth: what is left of the file shows no document.
    refused = Attachment(
        filename, Expect.ERROR, "truncated PDF: no cross-reference table, garbage at the end"
    )
    return CaseMail("corrupt-pdf", lang, message, [refused])


def encrypted(kit: MailKit, lang: str) -> CaseMail:
    postscript = LANGUAGES[lang].mail["encrypted_body"]
    doc, message = kit.mailed_document(lang, DocKind.INVOICE, postscript=postscript)
    password = f"{kit.rng.randint(100000, 999999)}"
    filename = f"{doc.file_stem}.pdf"
    attach_file(message, filename, render_pdf(doc, user_password=password))
    refused = Attachment(
        filename, Expect.ERROR, "password-protected PDF (the password never comes)", doc
    )
    return CaseMail("encrypted-pdf", lang, message, [refused])


def huge(kit: MailKit, lang: str, size: int) -> CaseMail:
    """A valid invoice PDF padded to `size` bytes; the .eml is written without holding it whole."""
    doc, message = kit.mailed_document(lang, DocKind.INVOICE)
    filename = f"{doc.file_stem}.pdf"
    attach_streamed(message, filename)
    chunks = padded_pdf(render_pdf(doc), size)  # raises now, not mid-write, if size is too small
    refused = Attachment(
        filename, Expect.ERROR, f"{size} bytes: over the attachment size limit", doc
    )
    return CaseMail(
        "huge-attachment", lang, message, [refused], {STREAMED_PAYLOAD: base64_lines(chunks)}
    )


def resent_duplicate(kit: MailKit, original: CaseMail) -> CaseMail:
    """A later reminder carrying the very same PDF bytes as `original`'s first attachment."""
    first = original.attachments[0].file
    if first is None:
        raise ValueError("the original mail must carry a staged document")
    doc = first.document
    lang = original.lang
    sent_at = kit.arrival()
    subject = LANGUAGES[lang].mail["reminder_subject"].format(number=doc.number)
    message = kit.message(kit.sender_of(doc.issuer, lang), lang, subject, sent_at)
    set_text_and_html(message, cover_letter(doc, body_key="reminder_body"))
    attach_file(message, first.name, first.data)
    reason = f"same bytes as the attachment of {original.message['Message-ID']}"
    return CaseMail(
        "resent-duplicate", lang, message, [Attachment(first.name, Expect.DUPLICATE, reason, doc)]
    )


def unknown_charset(kit: MailKit, lang: str) -> CaseMail:
    """Body and subject in a charset no decoder knows (the bytes are cp1250); the PDF is fine.

    The stdlib would re-encode the subject on output, so it is spliced in raw when written.
    """
    sent_at = kit.arrival()
    # cp1250 is Central European: fine for Polish or German text, not for Romanian ș.
    vendor = next(company for company in LANGUAGES[lang].vendors if not company.name.isascii())
    doc = kit.document(lang, DocKind.INVOICE, sent_at, partner=vendor)
    message = kit.message(kit.sender_of(doc.issuer, lang), lang, RAW_SUBJECT, sent_at)
    # cp1250 has no narrow no-break space; the vendor's mail client would have sent a space.
    body = cover_letter(doc).replace("\u202f", " ").encode("cp1250")
    message.set_content(body, "text", "plain", cte="8bit")
    message.set_param("charset", UNKNOWN_CHARSET)
    filename = f"{doc.file_stem}.pdf"
    pdf = render_pdf(doc)
    attach_file(message, filename, pdf)
    subject = f"{subject_for(doc)} – {doc.issuer.name}".encode("cp1250")
    return CaseMail(
        "unknown-charset",
        lang,
        message,
        [staged(DocumentFile(filename, pdf, doc))],
        {RAW_SUBJECT: [_encoded_words(subject)]},
    )


def _encoded_words(text: bytes) -> bytes:
    """RFC 2047 Q-encoded words of at most 75 characters, folded onto continuation lines."""
    chunks = [
        text[start : start + _BYTES_PER_WORD] for start in range(0, len(text), _BYTES_PER_WORD)
    ]
    return b"\r\n ".join(
        quoprimime.header_encode(chunk, charset=UNKNOWN_CHARSET).encode("ascii") for chunk in chunks
    )
