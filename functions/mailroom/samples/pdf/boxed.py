"""Two framed boxes for the parties, the header fields as a one-row grid, a fully ruled table."""

from mailroom.samples.pdf import blocks
from mailroom.samples.pdf.canvas import GREY, MARGIN, DocumentPdf

_BOX_GAP = 6.0
_FILL = (225, 233, 242)


def draw(pdf: DocumentPdf) -> None:
    doc = pdf.doc
    pdf.font(18, bold=True)
    pdf.set_fill_color(*_FILL)
    title = doc.title.upper()
    pdf.cell(pdf.content_width, 12, title, align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)

    box_width = (pdf.content_width - _BOX_GAP) / 2
    top = pdf.get_y()
    bottoms = []
    for index, company in enumerate((doc.seller, doc.buyer)):
        x = MARGIN + index * (box_width + _BOX_GAP)
        pdf.set_y(top + 2)
        blocks.party_block(pdf, company, blocks.party_heading(pdf, company), x + 2, box_width - 4)
        bottoms.append(pdf.get_y() + 2)
    box_bottom = max(bottoms)
    for index in range(2):
        pdf.rect(MARGIN + index * (box_width + _BOX_GAP), top, box_width, box_bottom - top)

    pdf.set_y(box_bottom + 6)
    _fields_grid(pdf, blocks.header_fields(pdf))
    pdf.ln(3)
    blocks.notes(pdf)
    pdf.ln(2)
    blocks.lines_table(pdf, borders="ALL", heading_fill=_FILL)
    pdf.ln(3)
    blocks.totals_block(pdf, width=86)
    pdf.ln(6)
    if blocks.payment_lines(pdf):
        top = pdf.get_y()
        pdf.set_y(top + 2)
        blocks.payment_block(pdf, MARGIN + 2, pdf.content_width - 4)
        pdf.rect(MARGIN, top, pdf.content_width, pdf.get_y() + 2 - top)
        pdf.set_y(pdf.get_y() + 2)
    blocks.closing(pdf)


def _fields_grid(pdf: DocumentPdf, fields: list[tuple[str, str]]) -> None:
    """Labels in a shaded row, values under them, one column per field."""
    width = pdf.content_width / len(fields)
    pdf.set_fill_color(*_FILL)
    pdf.font(7.5, bold=True, color=GREY)
    for label, _ in fields:
        pdf.cell(width, 6, label, border=1, align="C", fill=True)
    pdf.ln()
    pdf.font(9.5, bold=True)
    for _, value in fields:
        pdf.cell(width, 7, value, border=1, align="C")
    pdf.ln()
