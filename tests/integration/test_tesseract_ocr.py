"""OCR through the real Tesseract: words with boxes and confidence, the language strategy,
preprocessing, and failures that must be a BadInputError."""

import json
import os
from pathlib import Path

import pytesseract
import pytest
from PIL import Image

from mailroom.adapters.text.tesseract_ocr import TesseractOcr, detect_language, language_scores
from mailroom.domain.errors import BadInputError
from tests.integration.test_pdf_text_layer import (
    CORPUS,
    INVOICE_103767,
    assert_sane_boxes,
    invoice_pdf,
    new_pdf,
    page_image,
    read_pages,
)

GERMAN = [
    "Rechnung Nr. 2026-117",
    "Sehr geehrte Damen und Herren,",
    "vielen Dank für Ihre Bestellung. Wir berechnen Ihnen die folgenden Leistungen:",
    "Gesamtbetrag netto 1.000,00 EUR, Umsatzsteuer 19 % 190,00 EUR",
    "Zahlbar innerhalb von 14 Tagen ohne Abzug auf das unten genannte Konto.",
    "Bankverbindung: Sparkasse Köln, Straße der Einheit 5",
]


def german_page() -> tuple[Image.Image, bool]:
    pdf, unicode_font = new_pdf()
    pdf.add_page()
    for n, text in enumerate(GERMAN):
        if not unicode_font:
            text = text.replace("ü", "ue").replace("ö", "oe").replace("ß", "ss")
        pdf.text(20, 30 + 10 * n, text)
    return page_image(bytes(pdf.output())), unicode_font


# -- language detection ------------------------------------------------------------------------

ALL = ["eng", "deu", "fra", "ron", "pol", "nld"]


@pytest.mark.parametrize("language, text", [
    ("eng", "Please find attached the invoice for your order. The total amount is due in 30 days."),
    ("deu", "Anbei erhalten Sie die Rechnung für Ihre Bestellung. Der Betrag ist zahlbar bis zum 3."),
    ("fra", "Veuillez trouver ci-joint la facture de votre commande. Le montant est à payer sous 30 jours."),
    ("ron", "Vă transmitem factura pentru comanda dumneavoastră. Plata se face în 30 de zile, cota TVA 19%."),
    ("pol", "W załączeniu przesyłamy fakturę do zamówienia. Termin płatności: 14 dni, kwota brutto do zapłaty."),
    ("nld", "In de bijlage vindt u de factuur voor uw bestelling. Het totaal bedrag is binnen 30 dagen te betalen."),
])
def test_the_language_of_a_text_is_detected(language: str, text: str) -> None:
    assert detect_language(text, ALL) == language


def test_detection_works_without_accents_and_only_among_the_candidates() -> None:
    # A first pass with the English model often loses the accents.
    assert detect_language("Numero de facture, date d'echeance, montant a payer, total TTC", ALL) == "fra"
    german = "Rechnung vom 3. Mai, zahlbar innerhalb von 14 Tagen, Betrag netto und brutto"
    assert detect_language(german, ALL) == "deu"
    assert set(language_scores(german, ["eng", "fra"])) == {"eng", "fra"}
    assert detect_language(german, ["eng", "fra"]) is None


def test_thin_or_mixed_evidence_detects_nothing() -> None:
    assert detect_language("INV-2026-0042 1234.56 EUR", ALL) is None
    assert detect_language("", ALL) is None
    assert detect_language("the invoice die Rechnung", ["eng", "deu"]) is None


# -- OCR ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def invoice_image() -> Image.Image:
    return page_image(invoice_pdf(), dpi=200)


@pytest.mark.slow
def test_ocr_reads_words_where_the_text_layer_has_them(invoice_image: Image.Image) -> None:
    result = TesseractOcr("eng").read(invoice_image, number=3, dpi=200)

    page = result.page
    assert page.number == 3 and page.method == "ocr"
    assert result.language == "eng" and result.passes == 1
    assert_sane_boxes(page)
    words = {w.text: w for line in page.lines for w in line.words}
    assert {"ACME", "INV-2026-0042", "2026-01-31", "1234.56", "EUR"} <= set(words)
    assert all(0.0 <= w.confidence <= 1.0 for w in words.values())
    assert words["INV-2026-0042"].confidence > 0.8
    # Same place as in the text layer, within a few pixels (words that occur once).
    [layer] = read_pages(invoice_pdf())
    layer_words = [w for line in layer.page.lines for w in line.words]
    ocr_words = [w for line in page.lines for w in line.words]
    unique = [w for w in layer_words
              if [x.text for x in layer_words].count(w.text) == 1
              and [x.text for x in ocr_words].count(w.text) == 1]
    assert len(unique) >= 8
    for expected in unique:
        got = words[expected.text].bbox
        assert got[0] == pytest.approx(expected.bbox[0], abs=0.01), expected.text
        assert (got[1] + got[3]) / 2 == pytest.approx(
            (expected.bbox[1] + expected.bbox[3]) / 2, abs=0.01), expected.text
    # Lines as on the page: the far-apart text on the last row is a line of its own.
    assert [line.text for line in page.lines][-2:] == ["Total due 1234.56 EUR", "Paid by transfer"]


@pytest.mark.slow
def test_a_page_in_another_language_is_read_again_in_that_language() -> None:
    image, unicode_font = german_page()

    guessed_wrong = TesseractOcr("eng+deu").read(image)
    assert guessed_wrong.detected == "deu"
    assert guessed_wrong.language == "deu" and guessed_wrong.passes == 2
    if unicode_font:
        words = guessed_wrong.page.text.split()
        assert "für" in words and "Straße" in words and "Köln," in words

    guessed_right = TesseractOcr("deu+eng").read(image)
    assert guessed_right.language == "deu" and guessed_right.passes == 1
    assert guessed_right.page.text == guessed_wrong.page.text

    told = TesseractOcr("eng+deu").read(image, language="deu")
    assert told.passes == 1


@pytest.mark.slow
def test_ocr_of_the_corpus_scan_recovers_the_invoice_number() -> None:
    scan = CORPUS / "scans" / f"{INVOICE_103767}_scan.jpg"
    truth = json.loads((CORPUS / "scans" / "truth.jsonl").read_text().splitlines()[0])
    assert truth["file"] == scan.name
    with Image.open(scan) as image:
        result = TesseractOcr("eng+deu+fra").read(image)
    assert truth["truth"]["invoice_number"] in result.page.text.split()
    assert result.language == "eng"
    assert_sane_boxes(result.page)


@pytest.mark.slow
def test_transparent_background_is_read_as_white(invoice_image: Image.Image) -> None:
    # Black text on a transparent background: flattening the alpha away naively gives a black
    # page. Pixels are black everywhere; only the alpha channel draws the text.
    alpha = invoice_image.point(lambda v: 255 - v)
    rgba = Image.new("RGBA", invoice_image.size, (0, 0, 0, 0))
    rgba.putalpha(alpha)
    result = TesseractOcr("eng").read(rgba, dpi=200)
    assert "INV-2026-0042" in result.page.text.split()


def test_a_blank_page_has_no_lines() -> None:
    result = TesseractOcr("eng+deu").read(Image.new("L", (1654, 2339), 255))
    assert result.page.lines == [] and result.passes == 1 and result.detected is None


# -- preprocessing -----------------------------------------------------------------------------


def test_low_resolution_is_scaled_up_and_huge_images_down() -> None:
    ocr = TesseractOcr("eng", max_pixels=12_000_000)
    a4_at_100dpi = Image.new("L", (827, 1169), 255)
    prepared, dpi = ocr.prepare(a4_at_100dpi, 100)
    assert prepared.size == (1654, 2338) and dpi == pytest.approx(200)

    a4_unknown = Image.new("RGB", (827, 1169), "white")  # no dpi: estimated from the width
    prepared, dpi = ocr.prepare(a4_unknown, None)
    assert prepared.mode == "L" and prepared.width > 1500 and dpi is None

    at_200 = Image.new("L", (1654, 2339), 255)
    prepared, dpi = ocr.prepare(at_200, 200)
    assert prepared.size == at_200.size and prepared is not at_200

    huge = Image.new("L", (5000, 7000), 255)  # 600 dpi A4-ish, 35 MP
    prepared, _ = ocr.prepare(huge, 600)
    assert prepared.width * prepared.height <= 12_000_000


# -- failures ----------------------------------------------------------------------------------


def test_a_page_over_its_time_is_bad_input(invoice_image: Image.Image) -> None:
    with pytest.raises(BadInputError, match=r"OCR of page 2 took longer than 0.01 s"):
        TesseractOcr("eng", timeout_s=0.01).read(invoice_image, number=2)


def test_a_language_that_is_not_installed_is_a_configuration_error() -> None:
    with pytest.raises(RuntimeError, match="Tesseract languages not installed: xyz"):
        TesseractOcr("eng+xyz").read(Image.new("L", (100, 100), 255))


def test_tesseract_runs_single_threaded_without_touching_our_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    monkeypatch.setenv("MAILROOM_PROBE", "seen")
    TesseractOcr("eng")
    env = pytesseract.pytesseract.subprocess_args()["env"]
    assert env["OMP_THREAD_LIMIT"] == "1"
    assert env["MAILROOM_PROBE"] == "seen"  # the rest of the environment is passed on
    assert "OMP_THREAD_LIMIT" not in os.environ
