"""Blocks every layout arranges its own way: parties, header fields, lines, totals, payment."""

from fpdf.fonts import FontFace

from mailroom.samples.language import Company
from mailroom.samples.model import DocKind
from mailroom.samples.pdf.canvas import GREY, MARGIN, DocumentPdf

LINE_HEIGHT = 4.6
_TOTAL_LABELS = {
    DocKind.INVOICE: "grand_total",
    DocKind.CREDIT_NOTE: "credit_total",
    DocKind.PURCHASE_ORDER: "order_total",
}


def party_block(pdf: DocumentPdf, company: Company, heading: str, x: float, width: float) -> None:
    pdf.font(7.5, bold=True, color=GREY)
    pdf.text_lines(x, width, [heading])
    pdf.font(9.5, bold=True)
    pdf.text_lines(x, width, [company.name])
    pdf.font(9)
    country, vat_line = pdf.doc.language.country_name, f"{pdf.label('vat_id')}: {company.vat_id}"
    pdf.text_lines(x, width, [company.street, company.city, country, vat_line])


def party_heading(pdf: DocumentPdf, company: Company) -> str:
    return pdf.label("seller") if company is pdf.doc.seller else pdf.label("buyer")


def header_fields(pdf: DocumentPdf) -> list[tuple[str, str]]:
    """(label, value) pairs of the header: number, dates, the buyer's order reference."""
    doc, fmt = pdf.doc, pdf.fmt
    fields = [(pdf.number_label(), doc.number), (pdf.date_label(), fmt.date(doc.issue_date))]
    if doc.due_date and not doc.style.due_as_terms:
        fields.append((pdf.label("due_date"), fmt.date(doc.due_date)))
    if doc.delivery_date:
        fields.append((pdf.label("delivery_date"), fmt.date(doc.delivery_date)))
    if doc.po_number and doc.kind is not DocKind.PURCHASE_ORDER:
        fields.append((pdf.label("po_ref"), doc.po_number))
    return fields


def label_value_block(
    pdf: DocumentPdf,
    fields: list[tuple[str, str]],
    x: float,
    label_width: float,
    value_width: float,
) -> None:
    for label, value in fields:
        pdf.set_x(x)
        pdf.font(8.5, color=GREY)
        pdf.cell(label_width, LINE_HEIGHT + 0.6, f"{label}:")
        pdf.font(9, bold=True)
        pdf.cell(value_width, LINE_HEIGHT + 0.6, value, align="R", new_x="LMARGIN", new_y="NEXT")


def notes(pdf: DocumentPdf) -> None:
    """Sentences under the header: what a credit note corrects, payment terms in words."""
    doc = pdf.doc
    sentences = []
    if doc.credited_invoice:
        sentences.append(pdf.label("credit_ref").format(number=doc.credited_invoice))
    if doc.payment_days and doc.style.due_as_terms:
        sentences.append(pdf.label("payment_terms").format(days=doc.payment_days))
    pdf.font(9)
    for sentence in sentences:
        pdf.multi_cell(
            pdf.content_width, LINE_HEIGHT, sentence, align="L", new_x="LMARGIN", new_y="NEXT"
        )


def lines_table(pdf: DocumentPdf, borders: str, heading_fill: tuple[int, int, int] | None) -> None:
    doc, fmt = pdf.doc, pdf.fmt
    headings = [
        pdf.label(key) for key in ("description", "quantity", "unit_price", "vat_rate", "amount")
    ]
    pdf.font(8.5)
    with pdf.table(
        col_widths=(68, 26, 28, 20, 32),  # wide enough for "Hoeveelheid" and "Cantitate"
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        borders_layout=borders,
        headings_style=FontFace(emphasis="BOLD", fill_color=heading_fill),
        line_height=5.2,
        padding=(1, 1.5),
    ) as table:
        table.row(headings)
        for line in doc.lines:
            quantity, rate = fmt.quantity(line.quantity), fmt.rate(line.vat_rate)
            price, net = fmt.amount(line.unit_price), fmt.amount(line.net)
            table.row((line.description, quantity, price, rate, net))


def totals_block(pdf: DocumentPdf, width: float) -> None:
    """Right-aligned: net, VAT per rate, then the grand total in bold over a rule."""
    doc, fmt = pdf.doc, pdf.fmt
    x = pdf.w - MARGIN - width
    pdf.font(9)
    _total_row(pdf, x, width, pdf.label("net_total"), fmt.money(doc.net_total))
    for rate, tax in doc.tax_by_rate().items():
        label = pdf.label("tax_total").format(rate=fmt.rate(rate))
        _total_row(pdf, x, width, label, fmt.money(tax))
    pdf.font(10.5, bold=True)
    label = pdf.label(_TOTAL_LABELS[doc.kind])
    _total_row(pdf, x, width, label, fmt.money(doc.grand_total), height=7, border="T")


def _total_row(pdf: DocumentPdf, x: float, width: float, label: str, amount: str,
               height: float = LINE_HEIGHT + 0.8, border: str = "") -> None:
    pdf.set_x(x)
    pdf.cell(width * 0.55, height, label, border=border)
    pdf.cell(width * 0.45, height, amount, border=border, align="R", new_x="LMARGIN", new_y="NEXT")


def payment_lines(pdf: DocumentPdf) -> list[str]:
    """Where to pay, for documents that ask for money or give it back; none for an order."""
    doc = pdf.doc
    if doc.kind is DocKind.PURCHASE_ORDER:
        return []
    return [
        f"IBAN: {doc.seller.iban}",
        f"BIC: {doc.seller.bic}",
        f"{pdf.label('reference')}: {doc.number}",
    ]


def payment_block(pdf: DocumentPdf, x: float, width: float) -> None:
    lines = payment_lines(pdf)
    if not lines:
        return
    pdf.font(9, bold=True)
    pdf.text_lines(x, width, [pdf.label("bank")])
    pdf.font(9)
    pdf.text_lines(x, width, lines)


def closing(pdf: DocumentPdf) -> None:
    key = "po_closing" if pdf.doc.kind is DocKind.PURCHASE_ORDER else "closing"
    pdf.ln(3)
    pdf.font(8.5, color=GREY)
    pdf.multi_cell(
        pdf.content_width, LINE_HEIGHT, pdf.label(key), align="L", new_x="LMARGIN", new_y="NEXT"
    )
