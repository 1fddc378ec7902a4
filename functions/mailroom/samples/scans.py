"""Paper that went through an office scanner: a page image, slightly skewed, soft, speckled, JPEG'd.

The defects are mild on purpose: the pipeline's OCR (Tesseract) must still read the numbers,
and every page costs it about 1.5 s, so callers keep scans to a handful of pages.
"""

from datetime import UTC, datetime
from io import BytesIO
from random import Random

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter

SCAN_DPI = 200
_SPECKLE_THRESHOLD = 1  # of 256: about one pixel in 256 gets a dust speck


def scan_to_jpeg(pdf: bytes, rng: Random) -> bytes:
    """The first page as a scanned JPEG."""
    page = _scanned_pages(pdf, rng)[0]
    return _jpeg(page, quality=rng.randint(55, 70))


def scan_to_pdf(pdf: bytes, rng: Random, scanned_at: datetime) -> bytes:
    """Every page as an image-only PDF, as a multifunction printer's scan-to-mail makes it."""
    pages = [
        Image.open(BytesIO(_jpeg(page, quality=rng.randint(55, 70))))
        for page in _scanned_pages(pdf, rng)
    ]
    out = BytesIO()
    # Pillow would otherwise stamp the current time into the PDF; it takes a UTC struct_time.
    stamp = scanned_at.astimezone(UTC).timetuple()
    pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(SCAN_DPI),
        creationDate=stamp,
        modDate=stamp,
        producer="Scan-to-Mail",
    )
    return out.getvalue()


def _scanned_pages(pdf: bytes, rng: Random) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [
            _degrade(page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil(), rng)
            for page in document
        ]
    finally:
        document.close()


def _degrade(page: Image.Image, rng: Random) -> Image.Image:
    image = page.convert("L")
    image = image.rotate(rng.uniform(-1.0, 1.0), resample=Image.Resampling.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.5, 0.8)))
    # Noise from the seeded generator (not Pillow's effect_noise, which uses C rand()),
    # so that the same seed gives the same bytes.
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    speckles = noise.point(lambda value: 90 if value < _SPECKLE_THRESHOLD else 255)
    # A scanner never gets paper pure white: lift the background to a light grey.
    return ImageChops.darker(image, speckles).point(lambda value: min(value, 242))


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = BytesIO()
    image.save(out, "JPEG", quality=quality, dpi=(SCAN_DPI, SCAN_DPI))
    return out.getvalue()
