"""Command-line contracts other tools rely on: `extract --format jsonl` and `status --json`."""

import json
from pathlib import Path

from tests.e2e.conftest import mailroom

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
FIELD_NAMES = {"invoice_number", "issue_date", "due_date", "seller_name", "seller_vat_id", "buyer_name",
               "buyer_vat_id", "po_number", "currency", "net_total", "tax_total", "grand_total", "iban", "bic"}


def test_extract_jsonl_prints_one_object_per_document_and_errors_do_not_stop_the_rest(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    einvoice = next((CORPUS / "einvoice").glob("*.pdf"))
    visual = CORPUS / "visual"
    result = mailroom(tmp_path, "extract", "--format", "jsonl", str(broken), str(einvoice), str(visual))
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["source"] for o in objects[:2]] == [str(broken), str(einvoice)]
    assert "error" in objects[0] and "fields" not in objects[0]
    assert len(objects) == 2 + len(list(visual.glob("*.pdf")))
    exact = objects[1]
    assert exact["method"] == "e-invoice" and exact["document_type"] == "invoice"
    assert set(exact["fields"]) <= FIELD_NAMES
    assert all(f["confidence"] == 1.0 and f["why"] for f in exact["fields"].values())
    truth = json.loads((CORPUS / "einvoice" / "truth.jsonl").read_text().splitlines()[0])["truth"]
    assert exact["fields"]["invoice_number"]["value"] == truth["invoice_number"]
    assert exact["fields"]["grand_total"]["value"] == truth["grand_total"]
    assert {o["method"] for o in objects[2:]} == {"text-layer"}


def test_extract_json_is_one_array(tmp_path):
    result = mailroom(tmp_path, "extract", str(next((CORPUS / "visual").glob("*.pdf"))))
    [obj] = json.loads(result.stdout)
    assert obj["fields"]["currency"]["value"] == "EUR"


def test_status_json_on_an_empty_home_has_every_count(tmp_path):
    counts = json.loads(mailroom(tmp_path, "status", "--json").stdout)
    assert {"messages", "documents", "staged", "posted", "errors", "duplicates", "queue"} <= set(counts)
    assert counts["staged"] == 0 and counts["queue"]["pending"] == 0


def test_an_unknown_row_key_is_a_clear_error_not_a_traceback(tmp_path):
    result = mailroom(tmp_path, "review", "approve", "doc-nothing", check=False)
    assert result.returncode == 1
    assert "no row matches 'doc-nothing'" in result.stderr and "Traceback" not in result.stderr


def test_bench_extract_json_scores_the_corpus_and_times_each_method_after_the_first_document(tmp_path):
    figures = json.loads(mailroom(tmp_path, "bench", "extract", str(CORPUS / "visual"), "--json").stdout)
    documents = len(list((CORPUS / "visual").glob("*.pdf")))
    assert figures["documents"] == documents and figures["errors"] == []
    assert figures["accuracy"] >= 0.9 and figures["fields"]["invoice_number"]["expected"] == documents
    # The first document pays the one-time setup and is reported on its own, not in the rates.
    assert figures["first_document_s"] > 0
    [(method, speed)] = figures["speed"].items()
    assert method == "text-layer" and speed["documents"] == documents - 1
    assert speed["documents_per_s"] > 0 and speed["ocr_pages"] == 0 and speed["seconds_per_ocr_page"] is None
