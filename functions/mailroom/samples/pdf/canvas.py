"""An FPDF page set up for one document: bundled fonts, fixed metadata, localised footer."""

from datetime import UTC, datetime, time
from pathlib import Path

from fpdf import FPDF

from mailroom.samples.documents import Document

# Core PDF fonts stop at Latin-1: no ł, ș or ő. DejaVu Sans ships with the package.
FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "DejaVu"
MARGIN = 18.0
GREY = (110, 110, 110)
BLACK = (0, 0, 0)


class DocumentPdf(FPDF):
    def __init__(self, doc: Document, *, user_password: str | None = None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc = doc
        self.fmt = doc.formatter()
        self.add_font(FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, 15, MARGIN)
        self.set_auto_page_break(auto=True, margin=22)
        # fpdf2 stamps the current time otherwise, and the same seed must give the same bytes.
        self.set_creation_date(datetime.combine(doc.issue_date, time(9, 30), tzinfo=UTC))
        self.set_title(f"{doc.title} {doc.number}")
        self.set_author(doc.issuer.name)
        if user_password:
            # The owner password only matters to editors; readers are stopped by the user one.
            owner_password = f"owner-{user_password}"
            self.set_encryption(owner_password=owner_password, user_password=user_password)
        self.add_page()

    @property
    def content_width(self) -> float:
        return self.w - 2 * MARGIN

    def label(self, key: str) -> str:
        return self.doc.language.label(key, self.doc.style.variant)

    def number_label(self) -> str:
        return self.doc.language.number_label(self.doc.kind, self.doc.style.variant)

    def date_label(self) -> str:
        return self.doc.language.date_label(self.doc.kind, self.doc.style.variant)

    def font(self, size: float, bold: bool = False, color: tuple[int, int, int] = BLACK) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)

    def text_lines(self, x: float, width: float, lines: list[str], height: float = 4.6) -> None:
        """Left-aligned lines from the current y, one cell each; leaves y under the last one."""
        for line in lines:
            self.set_x(x)
            self.cell(width, height, line, new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-16)
        self.font(7, color=GREY)
        issuer = self.doc.issuer
        imprint = f"{issuer.name} · {issuer.street} · {issuer.city} · {issuer.vat_id}"
        self.cell(self.content_width, 4, imprint)
        self.set_x(MARGIN)
        # fpdf2 replaces its alias ("{nb}") with the page count when the file is written.
        page = self.label("page").format(page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(self.content_width, 4, page, align="R")
