"""A modern one-column layout: the number in the title, dates on one line, a lightly ruled table."""

from mailroom.samples.pdf import blocks
from mailroom.samples.pdf.canvas import GREY, MARGIN, DocumentPdf


def draw(pdf: DocumentPdf) -> None:
    doc = pdf.doc
    issuer, recipient = doc.issuer, doc.recipient
    top = pdf.get_y()
    pdf.font(13, bold=True)
    pdf.cell(pdf.content_width / 2, 7, issuer.name)
    pdf.font(8, color=GREY)
    vat_line = f"{pdf.label('vat_id')}: {issuer.vat_id}"
    for line in (issuer.street, issuer.city, vat_line, f"info@{issuer.domain}"):
        pdf.set_xy(MARGIN + pdf.content_width / 2, top)
        pdf.cell(pdf.content_width / 2, 4, line, align="R")
        top += 4
    pdf.set_y(top + 3)
    pdf.set_draw_color(*GREY)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(6)

    pdf.font(17, bold=True)
    pdf.cell(pdf.content_width, 9, f"{doc.title} {doc.number}", new_x="LMARGIN", new_y="NEXT")
    # The number already stands in the title, so the dates and reference share one line.
    other_fields = blocks.header_fields(pdf)[1:]
    pdf.font(9)
    fields_line = "   ·   ".join(f"{label}: {value}" for label, value in other_fields)
    pdf.multi_cell(pdf.content_width, 5.5, fields_line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    blocks.party_block(pdf, recipient, blocks.party_heading(pdf, recipient), MARGIN, 100)
    pdf.ln(4)
    blocks.notes(pdf)
    pdf.ln(2)
    blocks.lines_table(pdf, borders="SINGLE_TOP_LINE", heading_fill=None)
    pdf.ln(3)
    blocks.totals_block(pdf, width=80)
    pdf.ln(6)
    blocks.payment_block(pdf, MARGIN, pdf.content_width)
    blocks.closing(pdf)
