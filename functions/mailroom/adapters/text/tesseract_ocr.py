"""OCR of one page image with Tesseract (through pytesseract): words with boxes and confidence.

Language strategy, measured on the 25 scanned pages of the development corpus (2-core box,
Tesseract 5.3 with the Debian "fast" models, CPU seconds per page):

    one pass, eng only                       0.76 s   accented words right 153/280
    one pass, eng+deu+fra                    1.43 s                        216/280
    one pass, the page's true language       0.81 s                        247/280
    guess, detect, re-run if it differs      1.41 s                        256/280   <- this

Every page is read once with a guessed language (the document's language once known, else the
first configured one); the language its words are in is then detected from a small table of
stopwords and invoice words, and only when that is another configured language is the page read
again with that language alone. Combined models are slower and worse than the right single one.
Grayscale at about 200 dpi measured best: sharper than that (300 dpi) was slower and lost words,
a median filter against speckle lost words; images below ~170 dpi are scaled up (a 100 dpi page:
62% of words right as is, 80% scaled up 2x).

Tesseract runs single-threaded (OMP_THREAD_LIMIT=1 in the environment of its process only):
its OpenMP threads thrash on small machines, and pages are OCR'd in parallel instead.
"""

import os
import re
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import pytesseract
from PIL import Image, ImageOps

from mailroom.adapters.text import clamp_box, order_lines, split_row
from mailroom.domain.errors import BadInputError
from mailroom.domain.text import Line, Page, Word

# Stopwords and invoice vocabulary per Tesseract language, compared without accents (a first
# pass with the wrong model often drops them). Words shared by several languages count for
# each of them a fraction.
_STOPWORDS = {
    "eng": """the and of to for in on with by is this your our invoice date due amount total tax
        payment please customer quantity price description bill ship order number from terms
        account thank you subtotal balance paid per each unit vat credit note purchase""",
    "deu": """der die das und mit für von zu den dem des ist bitte rechnung datum betrag gesamt
        summe netto brutto mwst ust zahlbar zahlung kunde menge preis steuer lieferung bis
        innerhalb tage auf im ein eine nicht sie wir ihre unsere rechnungsnummer leistung
        einzelpreis gesamtbetrag umsatzsteuer bankverbindung vielen dank bestellung gutschrift""",
    "fra": """le la les de des du et en sur pour par au aux une un est facture date montant tva
        échéance paiement règlement numéro client fournisseur quantité prix remise avoir
        conditions total ht ttc net payer désignation unitaire taux adresse livraison commande""",
    "ron": """și de la în cu pe pentru din factura factură data total plata plată cantitate preț
        valoare cumpărător furnizor cota tva scadență lei ron seria cod adresa banca contul
        fiscal denumire produse servicii comanda""",
    "pol": """na do dla od nie się faktura data sprzedawca nabywca razem kwota netto brutto
        vat zapłaty płatności termin ilość cena wartość słownie zł pln nip sprzedaży stawka jm
        zamówienie""",
    "nld": """de het een en van voor met op te is factuur datum totaal bedrag btw betaling klant
        aantal prijs omschrijving vervaldatum excl incl graag binnen dagen uw onze factuurnummer
        bedankt betalen rekening bestelling""",
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_LANGUAGES_OF: dict[str, set[str]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in {_fold(w) for w in _words.split()}:
        _LANGUAGES_OF.setdefault(_word, set()).add(_lang)
_TOKEN = re.compile(r"[^\W\d_]+")


def language_scores(text: str, candidates: Sequence[str]) -> dict[str, float]:
    """Weighted stopword hits per candidate language (languages without a table score 0)."""
    scores = dict.fromkeys(candidates, 0.0)
    for token in _TOKEN.findall(_fold(text)):
        langs = _LANGUAGES_OF.get(token)
        if not langs:
            continue
        share = 1.0 / len(langs)
        for lang in langs:
            if lang in scores:
                scores[lang] += share
    return scores


def detect_language(text: str, candidates: Sequence[str], *, min_score: float = 3.0,
                    margin: float = 1.5) -> str | None:
    """The candidate the text is written in, or None when the evidence is thin: the winner
    needs `min_score` hits and `margin` times the runner-up's score."""
    scores = language_scores(text, candidates)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < min_score:
        return None
    if len(ranked) > 1 and ranked[0][1] < margin * ranked[1][1]:
        return None
    return ranked[0][0]


class _ChildEnvironment(Mapping[str, str]):
    """os.environ as it is when a process starts, with some variables overridden."""

    def __init__(self, overrides: Mapping[str, str]):
        self._overrides = dict(overrides)

    def _merged(self) -> dict[str, str]:
        return {**os.environ, **self._overrides}

    def __getitem__(self, key: str) -> str:
        return self._overrides[key] if key in self._overrides else os.environ[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._merged())

    def __len__(self) -> int:
        return len(self._merged())


def _limit_tesseract_threads(threads: int) -> None:
    """Give the tesseract processes pytesseract starts OMP_THREAD_LIMIT, leaving this
    process's own environment alone. pytesseract passes its module-level `environ` to Popen."""
    module = pytesseract.pytesseract
    overrides = {"OMP_THREAD_LIMIT": str(threads)}
    if hasattr(module, "environ"):
        module.environ = _ChildEnvironment(overrides)
    else:  # another pytesseract layout: fall back to the process environment
        os.environ.update(overrides)


@dataclass(frozen=True)
class OcrResult:
    page: Page  # method "ocr"
    language: str  # the model that read the page
    detected: str | None  # the language its text reads as, when clear
    passes: int  # 1, or 2 when the page was read again in the detected language
    seconds: float


class TesseractOcr:
    """OCR one page image at a time. Thread-safe: each call runs its own tesseract process.

    `languages`: Tesseract codes, as "eng+deu+fra" or a list; the first is the default guess,
    all of them are candidates for detection. `max_pixels`: larger images are scaled down
    before OCR (time grows with pixels). `timeout_s`: per tesseract run. `column_gap`: a
    Tesseract line is cut where words are further apart than this many word heights (tight
    glyph boxes, about 0.7 em each: ~3.5 em, the gap the text layer cuts at too).
    """

    def __init__(
        self,
        languages: str | Sequence[str] = "eng",
        *,
        psm: int = 3,
        timeout_s: float = 30.0,
        threads: int = 1,
        max_pixels: int = 12_000_000,
        target_dpi: int = 200,
        min_word_confidence: float = 0.3,
        column_gap: float = 5.0,
    ):
        codes = languages.split("+") if isinstance(languages, str) else list(languages)
        self.languages = [c.strip() for c in codes if c.strip()]
        if not self.languages:
            raise ValueError("at least one OCR language is needed")
        self.psm = psm
        self.timeout_s = timeout_s
        self.max_pixels = max_pixels
        self.target_dpi = target_dpi
        self.min_word_confidence = min_word_confidence
        self.column_gap = column_gap
        self._checked = False
        self._lock = threading.Lock()
        _limit_tesseract_threads(threads)

    def read(self, image: Image.Image, *, number: int = 1, language: str | None = None,
             dpi: float | None = None) -> OcrResult:
        """Words of one page. `language`: the guess for this page (else the first configured);
        `dpi`: the image's resolution when known (rendered PDF pages), else estimated.
        Raises BadInputError when Tesseract fails on the image or times out."""
        self._check_languages()
        started = time.perf_counter()
        prepared, effective_dpi = self.prepare(image, dpi)
        guess = language if language in self.languages else self.languages[0]
        page = self._run(prepared, guess, number, effective_dpi)
        detected = detect_language(page.text, self.languages) if len(self.languages) > 1 else guess
        passes = 1
        used = guess
        if detected is not None and detected != guess:
            page = self._run(prepared, detected, number, effective_dpi)
            used, passes = detected, 2
        return OcrResult(page, used, detected, passes, time.perf_counter() - started)

    # -- internals -------------------------------------------------------------------------

    def _check_languages(self) -> None:
        with self._lock:
            if self._checked:
                return
            installed = set(pytesseract.get_languages(config=""))
            missing = [lang for lang in self.languages if lang not in installed]
            if missing:
                raise RuntimeError(
                    f"Tesseract languages not installed: {', '.join(missing)} "
                    f"(installed: {', '.join(sorted(installed))})"
                )
            self._checked = True

    def prepare(self, image: Image.Image, dpi: float | None) -> tuple[Image.Image, float | None]:
        """Grayscale on white, scaled towards `target_dpi` and below `max_pixels`."""
        if image.mode in ("I;16", "I;16B", "I;16L", "I"):
            image = image.convert("I").point(lambda v: v * (1 / 256))
        if "A" in image.getbands() or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            image = Image.alpha_composite(background, rgba)
        gray = image if image.mode == "L" else image.convert("L")
        width, height = gray.size
        known = dpi
        if known is None:
            # Unknown resolution: assume the short side is a page's width (A4/Letter, ~8.3 in).
            known = min(width, height) / 8.3
        factor = 1.0
        if known < 0.85 * self.target_dpi:
            factor = min(self.target_dpi / known, 3.0)
        elif known > 1.5 * self.target_dpi:
            factor = 1.5 * self.target_dpi / known
        if width * height * factor * factor > self.max_pixels:
            factor = (self.max_pixels / (width * height)) ** 0.5
        if abs(factor - 1.0) > 0.05:
            size = (max(1, round(width * factor)), max(1, round(height * factor)))
            resample = Image.Resampling.BICUBIC if factor > 1 else Image.Resampling.LANCZOS
            gray = gray.resize(size, resample)
        elif gray is image:
            gray = image.copy()  # pytesseract sets .format on what it is given
        return gray, (dpi * factor if dpi else None)

    def _run(self, image: Image.Image, lang: str, number: int, dpi: float | None) -> Page:
        config = f"--psm {self.psm}"
        if dpi:
            config += f" --dpi {round(dpi)}"
        image.format = "BMP"  # pytesseract hands Tesseract a file: BMP writes 30x faster than PNG
        try:
            tsv = pytesseract.image_to_data(
                image, lang=lang, config=config, timeout=self.timeout_s,
                output_type=pytesseract.Output.STRING,
            )
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise BadInputError(
                    f"OCR of page {number} took longer than {self.timeout_s:g} s"
                ) from exc
            raise
        except pytesseract.TesseractError as exc:
            raise BadInputError(f"OCR failed on page {number}: {exc.message}") from exc
        return Page(number=number, method="ocr", lines=self._lines(tsv, image.size))

    def _lines(self, tsv: str, size: tuple[int, int]) -> list[Line]:
        width, height = size
        lines: dict[tuple[int, int, int], list[Word]] = {}
        rows = tsv.splitlines()
        for row in rows[1:]:
            cells = row.split("\t", 11)
            if len(cells) < 12 or cells[0] != "5":  # level 5: a word
                continue
            text = unicodedata.normalize("NFC", cells[11]).strip()
            try:
                conf = float(cells[10])
                left, top, w, h = (int(v) for v in cells[6:10])
            except ValueError:
                continue
            if conf < 0 or not text:
                continue
            confidence = min(max(conf / 100.0, 0.0), 1.0)
            # Speckle read as punctuation: no letter or digit, and Tesseract doubts it.
            if confidence < self.min_word_confidence and not any(c.isalnum() for c in text):
                continue
            box = clamp_box(left / width, top / height, (left + w) / width, (top + h) / height)
            if box is None:
                continue
            key = (int(cells[2]), int(cells[3]), int(cells[4]))  # block, paragraph, line
            lines.setdefault(key, []).append(Word(text=text, bbox=box, confidence=confidence))
        aspect = height / width
        return order_lines(
            line
            for words in lines.values()
            for line in split_row(sorted(words, key=lambda w: w.bbox[0]), self.column_gap, aspect)
        )


def exif_upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says (phone photos)."""
    return ImageOps.exif_transpose(image) or image
