"""Paper documents: a vendor's scanned JPEG, and our office scanner's image-only PDF."""

from email.headerregistry import Address

import pypdfium2 as pdfium

from mailroom.samples.corpus import DocumentFile
from mailroom.samples.kit import OWN_DOMAIN, CaseMail, MailKit, staged
from mailroom.samples.mime import attach_file
from mailroom.samples.model import DocKind
from mailroom.samples.pdf import render_pdf
from mailroom.samples.scans import SCAN_DPI, scan_to_jpeg, scan_to_pdf

# Enough lines to run an invoice onto a second page in every layout.
_TWO_PAGES_OF_LINES = 32
# Multifunction printers mail in English wherever they stand.
_SCANNER_BODY = (
    "Please open the attached document. It was scanned and sent to you using a "
    "multifunction printer.\n\nNumber of pages: {pages}\nResolution: {dpi} dpi\n"
)


def scan_jpeg(kit: MailKit, lang: str) -> CaseMail:
    doc, message = kit.mailed_document(lang, DocKind.INVOICE, body_key="scan_body")
    # Named by the vendor's scanner, which keeps local time.
    filename = f"scan_{message['Date'].datetime:%Y%m%d_%H%M%S}.jpg"
    file = DocumentFile(filename, scan_to_jpeg(render_pdf(doc), kit.rng), doc, scanned=True)
    attach_file(message, file.name, file.data)
    return CaseMail("scan-jpeg", lang, message, [staged(file)])


def image_only_pdf(kit: MailKit, lang: str) -> CaseMail:
    """A two-page paper invoice put through the office scanner: pages as images, no text layer."""
    sent_at = kit.arrival()
    doc = kit.document(lang, DocKind.INVOICE, sent_at, line_count=_TWO_PAGES_OF_LINES)
    pdf = render_pdf(doc)
    filename = f"SCAN_{sent_at:%Y%m%d_%H%M%S}.pdf"
    file = DocumentFile(filename, scan_to_pdf(pdf, kit.rng, sent_at), doc, scanned=True)
    scanner = Address("Scan to Mail", "scanner", OWN_DOMAIN)
    message = kit.message(scanner, lang, f"[Scan] {filename}", sent_at)
    message.set_content(_SCANNER_BODY.format(pages=len(pdfium.PdfDocument(pdf)), dpi=SCAN_DPI))
    attach_file(message, file.name, file.data)
    return CaseMail("image-only-pdf", lang, message, [staged(file)])
