"""Mail as most vendors send it: a cover letter and the document, or no document at all."""

from email.headerregistry import Address
from html import escape
from io import BytesIO

from PIL import Image, ImageDraw

from mailroom.samples.kit import CaseMail, MailKit, attach_document, letter
from mailroom.samples.languages import LANGUAGES
from mailroom.samples.mime import add_inline_image, attach_text, set_text_and_html
from mailroom.samples.model import DocKind


def invoice_pdf(kit: MailKit, lang: str, layout: str | None = None) -> CaseMail:
    return _single_document(kit, "invoice-pdf", lang, DocKind.INVOICE, layout)


def purchase_order(kit: MailKit, lang: str) -> CaseMail:
    return _single_document(kit, "purchase-order", lang, DocKind.PURCHASE_ORDER)


def credit_note(kit: MailKit, lang: str) -> CaseMail:
    return _single_document(kit, "credit-note", lang, DocKind.CREDIT_NOTE)


def _single_document(
    kit: MailKit, case: str, lang: str, kind: DocKind, layout: str | None = None
) -> CaseMail:
    doc, message = kit.mailed_document(lang, kind, layout=layout)
    return CaseMail(case, lang, message, [attach_document(message, doc)])


def inline_image(kit: MailKit, lang: str) -> CaseMail:
    """An HTML mail whose signature logo is a cid: image: decoration, not a document."""
    cid = f"image001.png@{kit.rng.getrandbits(64):016X}"  # as Outlook names them
    doc, message = kit.mailed_document(lang, DocKind.INVOICE, logo_cid=cid)
    add_inline_image(message, _logo_png(doc.issuer.name), cid)
    return CaseMail("inline-image", lang, message, [attach_document(message, doc)])


def several_attachments(kit: MailKit, lang: str) -> CaseMail:
    """Two invoices of one vendor in one mail, plus its terms of sale as a text file."""
    sent_at = kit.arrival()
    first = kit.document(lang, DocKind.INVOICE, sent_at)
    second = kit.document(lang, DocKind.INVOICE, sent_at, partner=first.seller)
    texts = LANGUAGES[lang].mail
    numbers = f"{first.number}, {second.number}"
    sender = kit.sender_of(first.seller, lang)
    message = kit.message(sender, lang, texts["several_subject"].format(numbers=numbers), sent_at)
    set_text_and_html(message, letter(lang, "several_body", first.seller, numbers=numbers))
    attachments = [attach_document(message, doc) for doc in (first, second)]
    terms_name, terms_text = LANGUAGES[lang].terms_file
    attach_text(message, terms_name, terms_text)
    return CaseMail("several-attachments", lang, message, attachments)


def no_attachment(kit: MailKit, lang: str) -> CaseMail:
    """A vendor's question: nothing to extract."""
    sent_at = kit.arrival()
    vendor = kit.rng.choice(LANGUAGES[lang].vendors)
    texts = LANGUAGES[lang].mail
    message = kit.message(kit.sender_of(vendor, lang), lang, texts["question_subject"], sent_at)
    set_text_and_html(message, letter(lang, "question_body", vendor))
    return CaseMail("no-attachment", lang, message)


def newsletter(kit: MailKit, lang: str) -> CaseMail:
    """Bulk marketing mail: HTML only, List-Unsubscribe, Precedence: bulk."""
    sent_at = kit.arrival()
    vendor = kit.rng.choice(LANGUAGES[lang].vendors)
    texts = LANGUAGES[lang].mail
    message = kit.message(
        Address(vendor.name, "newsletter", vendor.domain),
        lang,
        texts["newsletter_subject"],
        sent_at,
    )
    unsubscribe = (
        f"https://{vendor.domain}/newsletter/unsubscribe?id={kit.rng.getrandbits(48):012x}"
    )
    message["List-Unsubscribe"] = f"<{unsubscribe}>, <mailto:unsubscribe@{vendor.domain}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["List-Id"] = f"<newsletter.{vendor.domain}>"
    message["Precedence"] = "bulk"
    footer = escape(f"{vendor.name} · {vendor.street} · {vendor.city}")
    html = (
        '<html><body style="font-family:Arial,sans-serif">'
        f'<h1>{escape(texts["newsletter_subject"])}</h1><p>{escape(texts["newsletter_body"])}</p>'
        f'<p style="font-size:11px;color:#888">{footer}<br>'
        f'<a href="{unsubscribe}">{escape(texts["unsubscribe"])}</a></p></body></html>'
    )
    message.set_content(html, subtype="html", cte="quoted-printable")
    return CaseMail("newsletter", lang, message)


def _logo_png(company_name: str) -> bytes:
    """A 120×40 logo: a coloured badge with the company's initials."""
    image = Image.new("RGB", (120, 40), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((2, 2, 38, 38), radius=6, fill=(32, 84, 147))
    initials = "".join(word[0] for word in company_name.split()[:2]).upper()
    draw.text((9, 14), initials, fill="white")
    draw.line((46, 28, 116, 28), fill=(32, 84, 147), width=3)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
