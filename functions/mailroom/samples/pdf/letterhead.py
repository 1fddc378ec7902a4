"""A German-style business letter: letterhead, window-envelope address, fields on the right."""

from mailroom.samples.pdf import blocks
from mailroom.samples.pdf.canvas import GREY, MARGIN, DocumentPdf

_ADDRESS_WIDTH = 85.0  # a DIN 5008 envelope window
_FIELDS_X = 112.0
_FIELD_LABEL_WIDTH = 40.0


def draw(pdf: DocumentPdf) -> None:
    doc = pdf.doc
    issuer, recipient = doc.issuer, doc.recipient
    pdf.font(14, bold=True)
    pdf.cell(pdf.content_width, 7, issuer.name, new_x="LMARGIN", new_y="NEXT")
    pdf.font(8.5, color=GREY)
    address = f"{issuer.street} · {issuer.city} · {doc.language.country_name}"
    contact = f"{pdf.label('vat_id')}: {issuer.vat_id} · {issuer.contact} · info@{issuer.domain}"
    pdf.text_lines(MARGIN, pdf.content_width, [address, contact])

    # The return-address line and the recipient sit where a window envelope shows them.
    top = 45.0
    pdf.set_y(top)
    pdf.font(6.5, color=GREY)
    return_address = f"{issuer.name} · {issuer.street} · {issuer.city}"
    pdf.cell(_ADDRESS_WIDTH, 4, return_address, new_x="LMARGIN", new_y="NEXT")
    heading = blocks.party_heading(pdf, recipient)
    blocks.party_block(pdf, recipient, heading, MARGIN, _ADDRESS_WIDTH)
    address_bottom = pdf.get_y()
    pdf.set_y(top)
    value_width = pdf.w - MARGIN - _FIELDS_X - _FIELD_LABEL_WIDTH
    fields = blocks.header_fields(pdf)
    blocks.label_value_block(pdf, fields, _FIELDS_X, _FIELD_LABEL_WIDTH, value_width)

    pdf.set_y(max(address_bottom, pdf.get_y()) + 10)
    pdf.font(16, bold=True)
    pdf.cell(pdf.content_width, 9, doc.title, new_x="LMARGIN", new_y="NEXT")
    blocks.notes(pdf)
    pdf.ln(2)
    blocks.lines_table(pdf, borders="HORIZONTAL_LINES", heading_fill=(232, 232, 232))
    pdf.ln(3)
    blocks.totals_block(pdf, width=82)
    pdf.ln(6)
    blocks.payment_block(pdf, MARGIN, pdf.content_width)
    blocks.closing(pdf)
