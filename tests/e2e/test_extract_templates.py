"""`mailroom extract --templates DIR`: a template folder changes the fields it defines, the
output keeps its contract, and a broken template is a clear error rather than a traceback."""

import json
from pathlib import Path

from fpdf import FPDF

from tests.e2e.conftest import mailroom

LINES = ["Orbis Parts Ltd", "Invoice", "Our ref. OP/2026/0117", "Invoice date 14 March 2026",
         "Order: PO-5521", "Amount payable GBP 1,234.50"]
TEMPLATE = r"""
issuer: Orbis Parts
keywords: [Orbis Parts, Our ref.]
fields:
  invoice_number: Our ref\. (\S+)
  amount: Amount payable GBP ([\d,.]+)
  po_number: {parser: regex, regex: 'Order: (\S+)', confidence: 0.9}
options: {currency: GBP}
"""


def _pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in LINES:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_extract_with_a_template_folder(tmp_path: Path) -> None:
    invoice = _pdf(tmp_path / "orbis.pdf")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "orbis.yml").write_text(TEMPLATE)
    [plain] = json.loads(mailroom(tmp_path, "extract", str(invoice)).stdout)
    [templated] = json.loads(mailroom(tmp_path, "extract", "--templates", str(folder), str(invoice)).stdout)
    assert set(templated) == set(plain)
    fields = templated["fields"]
    assert {n: fields[n]["value"] for n in ("invoice_number", "grand_total", "po_number", "currency")} == {
        "invoice_number": "OP/2026/0117", "grand_total": "1234.50", "po_number": "PO-5521", "currency": "GBP"}
    assert fields["po_number"]["confidence"] == 0.9 and "orbis.yml" in fields["grand_total"]["why"]
    untouched = {n: f for n, f in plain["fields"].items() if n not in {"invoice_number", "grand_total", "po_number",
                                                                        "currency"}}
    assert {n: templated["fields"][n] for n in untouched} == untouched


def test_a_broken_template_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "broken.yml").write_text("keywords: [x]\nfields:\n  amount: 'Total (\\d+'\n")
    result = mailroom(tmp_path, "extract", "--templates", str(folder), str(_pdf(tmp_path / "a.pdf")), check=False)
    assert result.returncode == 1
    assert "broken.yml: fields.amount.regex.0: bad regex" in result.stderr and "Traceback" not in result.stderr
