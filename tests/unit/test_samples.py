"""The sample generator: reproducible bytes, parseable mail, ground truth that matches the files."""

import email
import email.policy
import json
import re
import shutil
from decimal import Decimal
from email.message import EmailMessage, Message
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from schwifty import BIC, IBAN
from stdnum import get_cc_module

from mailroom.samples import Expect, SampleSet, generate_documents, generate_mailbox

SMALL_HUGE = 300_000  # the real default (21 MiB) costs time and disk and tests nothing more
ALL_CASES = {
    "invoice-pdf",
    "scan-jpeg",
    "image-only-pdf",
    "forwarded",
    "inline-image",
    "several-attachments",
    "purchase-order",
    "credit-note",
    "resent-duplicate",
    "corrupt-pdf",
    "encrypted-pdf",
    "huge-attachment",
    "unknown-charset",
    "no-attachment",
    "newsletter",
}
# Written independently of the generator: thousands and decimal separators per language.
SEPARATORS = {
    "de": (".", ","),
    "ro": (".", ","),
    "nl": (".", ","),
    "fr": (" ", ","),
    "pl": (" ", ","),
    "en": (",", "."),
}
TRUTH_KEYS = {
    "invoice_number",
    "issue_date",
    "due_date",
    "seller_name",
    "seller_vat_id",
    "buyer_name",
    "buyer_vat_id",
    "po_number",
    "currency",
    "net_total",
    "tax_total",
    "grand_total",
    "iban",
    "bic",
    "document_type",
    "line_count",
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleSet:
    return generate_mailbox(tmp_path_factory.mktemp("mailbox"), huge_attachment_bytes=SMALL_HUGE)


@pytest.fixture(scope="module")
def mail_truth(sample: SampleSet) -> list[dict[str, Any]]:
    return _jsonl(sample.inbox.parent / "truth.jsonl")


@pytest.fixture(scope="module")
def corpus(sample: SampleSet) -> list[dict[str, Any]]:
    return _jsonl(sample.documents / "truth.jsonl")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _parse(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _files(message: Message) -> dict[str, bytes]:
    """Every named leaf part, walking into forwarded message/rfc822 parts."""
    return {
        part.get_filename(): part.get_payload(decode=True)
        for part in message.walk()
        if not part.is_multipart() and part.get_filename()
    }


def _mail(sample: SampleSet, case: str) -> EmailMessage:
    return _parse(next(mail.file for mail in sample.mails if mail.case == case))


def _pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _locale_amount(value: str, lang: str) -> str:
    group, decimal = SEPARATORS[lang]
    whole, cents = f"{Decimal(value):,.2f}".split(".")
    return f"{whole.replace(',', group)}{decimal}{cents}"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_the_same_seed_writes_the_same_bytes(sample: SampleSet, tmp_path: Path) -> None:
    again = generate_mailbox(tmp_path, huge_attachment_bytes=SMALL_HUGE)
    assert _tree(again.inbox.parent) == _tree(sample.inbox.parent)


def test_the_mailbox_covers_every_case_in_six_languages(
    sample: SampleSet, mail_truth: list[dict]
) -> None:
    assert {mail.case for mail in sample.mails} == ALL_CASES
    assert {mail.lang for mail in sample.mails} == {"de", "en", "fr", "nl", "pl", "ro"}
    assert 18 <= len(sample.mails) <= 25
    names = [mail.file.name for mail in sample.mails]
    assert names == sorted(names) == [record["mail"] for record in mail_truth]
    assert all(re.fullmatch(r"\d{3}-[a-z-]+-[a-z]{2}\.eml", name) for name in names)


def test_every_mail_parses_with_dates_in_arrival_order(sample: SampleSet) -> None:
    dates = []
    for mail in sample.mails:
        message = _parse(mail.file)
        assert message["Message-ID"] and message["From"] and message["To"]
        assert message["Date"].datetime.year == 2026
        dates.append(message["Date"].datetime)
    assert dates == sorted(dates)


def test_expectations_name_files_that_are_in_the_mail(
    sample: SampleSet, mail_truth: list[dict]
) -> None:
    for mail, record in zip(sample.mails, mail_truth, strict=True):
        files = _files(_parse(mail.file))
        if mail.expect == "ignored":
            assert record["expect"] == "ignored" and not record["attachments"]
            continue
        assert record["expect"] == "processed"
        assert set(mail.expect) == set(record["attachments"]) <= set(files)
        assert all(
            record["attachments"][name]["expect"] == str(outcome)
            for name, outcome in mail.expect.items()
        )


def test_the_resent_invoice_repeats_the_earlier_bytes(sample: SampleSet) -> None:
    resent = next(mail for mail in sample.mails if mail.case == "resent-duplicate")
    ((name, outcome),) = resent.expect.items()
    assert outcome is Expect.DUPLICATE
    earlier = [
        mail
        for mail in sample.mails
        if mail.file < resent.file
        and mail.expect != "ignored"
        and mail.expect.get(name) is Expect.STAGED
    ]
    assert len(earlier) == 1
    assert _files(_parse(resent.file))[name] == _files(_parse(earlier[0].file))[name]


def test_text_pdfs_show_their_number_and_total_in_the_local_format(
    corpus: list[dict], sample: SampleSet
) -> None:
    visual = [record for record in corpus if record["set"] == "visual"]
    assert len(visual) >= 10
    for record in visual:
        text = _pdf_text((sample.documents / record["file"]).read_bytes())
        truth = record["truth"]
        assert truth["invoice_number"] in text, record["file"]
        assert _locale_amount(truth["grand_total"], record["lang"]) in text, record["file"]


def test_corpus_files_exist_and_truth_has_the_dev_corpus_shape(
    corpus: list[dict], sample: SampleSet
) -> None:
    assert {record["set"] for record in corpus} == {"visual", "scans"}
    for record in corpus:
        assert (sample.documents / record["file"]).is_file()
        assert set(record["truth"]) == TRUTH_KEYS
        assert set(record["visible"]) <= {
            key for key, value in record["truth"].items() if value is not None
        }
        assert record["truth"]["document_type"] in {"invoice", "credit_note", "purchase_order"}


def test_identifiers_in_the_truth_pass_their_checksums(corpus: list[dict]) -> None:
    for truth in (record["truth"] for record in corpus):
        for vat_id in (truth["seller_vat_id"], truth["buyer_vat_id"]):
            assert get_cc_module(vat_id[:2].lower(), "vat").is_valid(vat_id), vat_id
        if truth["document_type"] == "purchase_order":
            assert truth["iban"] is None and truth["bic"] is None
            continue
        iban, bic = IBAN(truth["iban"]), BIC(truth["bic"])  # both raise when invalid
        assert iban.country_code == bic.country_code


def test_totals_add_up_and_amounts_and_dates_are_canonical(corpus: list[dict]) -> None:
    for truth in (record["truth"] for record in corpus):
        amounts = [truth[key] for key in ("net_total", "tax_total", "grand_total")]
        assert all(re.fullmatch(r"\d+\.\d{2}", amount) for amount in amounts)
        net, tax, grand = map(Decimal, amounts)
        assert net + tax == grand
        assert Decimal("0.04") * net <= tax <= Decimal("0.24") * net + Decimal("0.01")
        assert re.fullmatch(r"2026-\d\d-\d\d", truth["issue_date"])
        if truth["due_date"]:
            assert truth["due_date"] > truth["issue_date"]
        if truth["document_type"] == "purchase_order":
            assert truth["po_number"] == truth["invoice_number"]


def test_scans_are_images_only_and_few(sample: SampleSet) -> None:
    (scan_pdf,) = _files(_mail(sample, "image-only-pdf")).values()
    document = pdfium.PdfDocument(scan_pdf)
    assert len(document) == 2
    assert all(not page.get_textpage().get_text_range().strip() for page in document)
    jpeg_mails = [_parse(mail.file) for mail in sample.mails if mail.case == "scan-jpeg"]
    jpegs = [data for message in jpeg_mails for data in _files(message).values()]
    assert jpegs and all(data.startswith(b"\xff\xd8") for data in jpegs)
    assert len(jpegs) + len(document) <= 4  # OCR costs about 1.5 s a page


def test_the_encrypted_pdf_does_not_open_without_its_password(sample: SampleSet) -> None:
    (data,) = _files(_mail(sample, "encrypted-pdf")).values()
    assert b"/Encrypt" in data
    with pytest.raises(pdfium.PdfiumError, match="password"):
        pdfium.PdfDocument(data)


def test_the_corrupt_pdf_looks_like_a_pdf_but_does_not_open(sample: SampleSet) -> None:
    (data,) = _files(_mail(sample, "corrupt-pdf")).values()
    assert data.startswith(b"%PDF-1.7")
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)


def test_the_huge_attachment_has_the_asked_size_and_is_still_a_pdf(sample: SampleSet) -> None:
    (data,) = _files(_mail(sample, "huge-attachment")).values()
    assert len(data) == SMALL_HUGE
    assert len(pdfium.PdfDocument(data)) == 1


def test_the_unknown_charset_mail_keeps_its_raw_bytes(
    sample: SampleSet, mail_truth: list[dict[str, Any]]
) -> None:
    record = next(record for record in mail_truth if record["case"] == "unknown-charset")
    path = sample.inbox / record["mail"]
    assert b"Subject: =?x-unknown-8bit?q?" in path.read_bytes()
    (body,) = [part for part in _parse(path).walk() if part.get_content_type() == "text/plain"]
    assert body.get_content_charset() == "x-unknown-8bit"
    (attachment,) = record["attachments"].values()
    assert attachment["expect"] == "staged"
    assert attachment["truth"]["invoice_number"] in body.get_payload(decode=True).decode("cp1250")

def test_bulk_and_question_mails_carry_nothing_and_are_ignored(sample: SampleSet) -> None:
    newsletter = _mail(sample, "newsletter")
    assert newsletter["Precedence"] == "bulk" and newsletter["List-Unsubscribe"]
    assert newsletter.get_content_type() == "text/html"
    for case in ("newsletter", "no-attachment"):
        assert not _files(_mail(sample, case))
        assert next(mail.expect for mail in sample.mails if mail.case == case) == "ignored"


def test_forwards_come_as_attachment_and_inline(sample: SampleSet) -> None:
    forwards = [_parse(mail.file) for mail in sample.mails if mail.case == "forwarded"]
    nested = [
        message
        for message in forwards
        if any(part.get_content_type() == "message/rfc822" for part in message.walk())
    ]
    inline = [
        message
        for message in forwards
        if "---------- Forwarded message ---------" in message.get_body(("plain",)).get_content()
    ]
    assert len(nested) == len(inline) == 1
    (inner,) = [
        part.get_payload(0)
        for part in nested[0].walk()
        if part.get_content_type() == "message/rfc822"
    ]
    assert any(name.endswith(".pdf") for name in _files(inner))


def test_the_inline_logo_is_related_to_the_html_and_not_a_document(sample: SampleSet) -> None:
    mail = next(mail for mail in sample.mails if mail.case == "inline-image")
    message = _parse(mail.file)
    (related,) = [part for part in message.walk() if part.get_content_type() == "multipart/related"]
    (logo,) = [part for part in related.iter_parts() if part.get_content_type() == "image/png"]
    cid = logo["Content-ID"].strip("<>")
    assert f"cid:{cid}" in message.get_body(("html",)).get_content()
    assert logo.get_filename() not in mail.expect


def test_attachment_names_and_subjects_keep_their_diacritics(sample: SampleSet) -> None:
    names = {name for mail in sample.mails if mail.expect != "ignored" for name in mail.expect}
    assert any(not name.isascii() for name in names)
    raws = [mail.file.read_bytes() for mail in sample.mails]
    assert any(b"filename*=utf-8''" in raw for raw in raws)
    assert any(not str(_parse(mail.file)["Subject"]).isascii() for mail in sample.mails)


def test_a_full_folder_is_refused(sample: SampleSet) -> None:
    with pytest.raises(FileExistsError):
        generate_mailbox(sample.inbox.parent, huge_attachment_bytes=SMALL_HUGE)


def test_the_document_corpus_is_reproducible_and_mixes_scans_in(tmp_path: Path) -> None:
    first = generate_documents(tmp_path / "a", seed=3, count=10)
    second = generate_documents(tmp_path / "b", seed=3, count=10)
    assert _tree(first) == _tree(second)
    records = _jsonl(first / "truth.jsonl")
    # A corpus is drawn document by document, so a shorter run is the start of a longer one.
    assert (
        _jsonl(generate_documents(tmp_path / "c", seed=3, count=2) / "truth.jsonl") == records[:2]
    )
    assert (
        _jsonl(generate_documents(tmp_path / "d", seed=4, count=2) / "truth.jsonl") != records[:2]
    )
    assert len(records) == 10
    assert {record["set"] for record in records} == {"visual", "scans"}
    assert {record["lang"] for record in records} == {"de", "en", "fr", "nl", "pl", "ro"}


@pytest.mark.slow
def test_scans_stay_legible_to_tesseract(corpus: list[dict], sample: SampleSet) -> None:
    pytesseract = pytest.importorskip("pytesseract")
    if not shutil.which("tesseract"):
        pytest.skip("no tesseract binary")
    from PIL import Image

    record = next(record for record in corpus if record["file"].endswith(".jpg"))
    text = pytesseract.image_to_string(Image.open(sample.documents / record["file"]))
    assert record["truth"]["invoice_number"] in text
