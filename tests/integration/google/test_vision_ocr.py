"""Cloud Vision as a TextSource: the fullTextAnnotation converter on a hand-written response, and
the real google-cloud-vision client (REST transport) against the Tesseract-backed stand-in:
which pages are sent, how many calls, how failures come out."""

import base64
import io
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import requests
from google.api_core import exceptions as api_exceptions
from google.api_core.client_options import ClientOptions
from google.api_core.future import polling
from google.api_core.retry import Retry, if_exception_type
from google.auth.credentials import AnonymousCredentials
from google.cloud import vision
from mailroom.adapters.google.vision_layout import first_page, vision_page
from mailroom.adapters.google.vision_ocr import VisionTextSource, raise_for
from mailroom.adapters.text.local_text_source import LocalTextSource
from mailroom.domain.errors import BadInputError, TransientError
from mailroom.ports import TextSource
from mailroom.standins.server import Faults, serving
from mailroom.standins.vision import VisionStandIn
from mailroom.standins.vision_shape import bounding_poly
from PIL import Image, ImageDraw, ImageFont

from tests.integration.test_local_text_source import BAD_INPUTS
from tests.integration.test_pdf_text_layer import (
    CORPUS,
    DEJAVU,
    INVOICE_103767,
    assert_sane_boxes,
    image_pdf,
    invoice_pdf,
    text_pdf,
)

# -- the converter on a realistic response ------------------------------------------------------

# Two pages as files:annotate returns them, shortened: page 1 with pixel vertices (as for an
# image) and page 2 with normalizedVertices (as for a PDF page, size in points). Zero coordinates
# are left out, as Vision's JSON does; "INV-0042" comes as three words without breaks; "Rech"
# ends its line with a HYPHEN break; one symbol on page 2 has no box at all.
ANNOTATION = Path(__file__).parents[2] / "fixtures" / "vision" / "two_pages_annotation.json"


def test_the_converter_rebuilds_words_and_lines_from_symbols_and_breaks() -> None:
    annotation = vision.TextAnnotation.from_json(ANNOTATION.read_text())
    first, second = (vision_page(p, n) for n, p in enumerate(annotation.pages, 1))

    assert [line.text for line in first.lines] == ["No. INV-0042", "Rech-", "nung"]
    number, = [w for w in first.lines[0].words if w.text == "INV-0042"]
    # Missing x and y are 0; pixels become fractions of the 1000 x 700 page.
    assert first.lines[0].words[0].bbox == pytest.approx((0.0, 0.0, 0.06, 30 / 700))
    assert number.bbox == pytest.approx((0.08, 0.0, 0.23, 30 / 700))
    assert number.confidence == pytest.approx(0.6)  # the least sure of the words it joins
    # The column gutter between "No. INV-0042" and "Rech-" is a line break, as for the text layer.
    assert first.lines[0].bbox[2] < first.lines[1].bbox[0]

    assert second.number == 2 and second.method == "ocr"
    assert [line.text for line in second.lines] == ["Total: 12,50"]
    total = second.lines[0].words[0]
    assert total.bbox == pytest.approx((0.1, 0.5, 0.3, 0.52))  # from its word: symbols had none
    for page in (first, second):
        assert_sane_boxes(page)


def test_a_blank_page_has_no_lines() -> None:
    assert vision_page(first_page(vision.TextAnnotation()), 3).lines == []


# -- the real client against the stand-in ---------------------------------------------------------

FAST_RETRY = Retry(
    predicate=if_exception_type(api_exceptions.TooManyRequests, api_exceptions.ServerError),
    initial=0.01, maximum=0.02, timeout=0.5,
)


@pytest.fixture
def stand_in() -> VisionStandIn:
    return VisionStandIn(dpi=100)


@pytest.fixture
def reader(stand_in: VisionStandIn) -> Iterator[VisionTextSource]:
    with serving(stand_in) as url:
        yield reader_at(url)


def reader_at(url: str, **kwargs) -> VisionTextSource:
    client = vision.ImageAnnotatorClient(
        transport="rest", credentials=AnonymousCredentials(),
        client_options=ClientOptions(api_endpoint=url),
    )
    kwargs.setdefault("retry", FAST_RETRY)
    return VisionTextSource(client, language_hints=["en"], **kwargs)


def text_image(lines: list[str], size: tuple[int, int] = (1000, 700)) -> Image.Image:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(DEJAVU), 28) if DEJAVU.exists() else ImageFont.load_default(28)
    for row, line in enumerate(lines):
        draw.text((60, 60 + 70 * row), line, font=font, fill=0)
    return image


def encoded(image: Image.Image, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def merged(*documents: bytes) -> bytes:
    target = pdfium.PdfDocument.new()
    for content in documents:
        source = pdfium.PdfDocument(content)
        target.import_pages(source)
        source.close()
    out = io.BytesIO()
    target.save(out)
    target.close()
    return out.getvalue()


def test_it_is_a_text_source(reader: VisionTextSource) -> None:
    assert isinstance(reader, TextSource)


def test_an_image_invoice_is_read_in_one_call(reader, stand_in) -> None:
    image = text_image(["ACME Trading GmbH", "Invoice number INV-2026-0042",
                        "Total due 1,234.56 EUR" + " " * 30 + "Paid by transfer"])

    doc = reader.read(encoded(image), "image/png")

    assert stand_in.requests == {"images_annotate": 1} and stand_in.pages_read == 1
    assert stand_in.annotations[0].language_hints == ["en"]
    assert doc.method == "ocr" and [p.number for p in doc.pages] == [1]
    assert "INV-2026-0042" in doc.text.split()  # Vision's "INV", "-", "2026", ... joined again
    lines = [line.text for line in doc.pages[0].lines]
    assert "Total due 1,234.56 EUR" in lines and "Paid by transfer" in lines
    assert_sane_boxes(doc.pages[0])


def test_an_image_too_big_to_send_is_sent_as_a_smaller_jpeg(stand_in) -> None:
    image = text_image(["Invoice number INV-2026-0042"]).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=0)  # 2 MB of pixels
    with serving(stand_in) as url:
        doc = reader_at(url, max_inline_bytes=1_000_000).read(out.getvalue(), "image/png")
    [call] = stand_in.annotations
    assert out.tell() > 2_000_000 and call.content_bytes <= 1_000_000
    assert "INV-2026-0042" in doc.text.split()


@pytest.mark.slow
def test_the_corpus_scan_yields_its_invoice_number(reader, stand_in) -> None:
    doc = reader.read((CORPUS / "scans" / f"{INVOICE_103767}_scan.jpg").read_bytes(), "image/jpeg")
    assert stand_in.total_requests == 1
    assert "103767" in doc.text.split()


def test_a_text_layer_pdf_makes_no_vision_call(reader, stand_in) -> None:
    doc = reader.read(invoice_pdf(), "application/pdf")
    einvoice = reader.read((CORPUS / "einvoice" / f"{INVOICE_103767}.pdf").read_bytes(),
                           "application/pdf")

    assert stand_in.total_requests == 0
    assert doc.method == "text-layer" and "INV-2026-0042" in doc.text.split()
    assert einvoice.method == "e-invoice" and einvoice.xml and b"103767" in einvoice.xml


def test_only_the_pages_without_text_are_sent(reader, stand_in) -> None:
    cover = text_pdf([[(20, 30, "Please find the invoice for your order of May attached.")]])
    scans = image_pdf([text_image([f"Scanned page {n}", "Invoice INV-2026-0042"], (800, 500))
                       for n in (2, 3)])

    doc = reader.read(merged(cover, scans), "application/pdf")

    assert stand_in.requests == {"files_annotate": 1}
    [call] = stand_in.annotations
    assert call.pages == [2, 3] and call.mime_type == "application/pdf"
    assert [(p.number, p.method) for p in doc.pages] == [(1, "text-layer"), (2, "ocr"), (3, "ocr")]
    assert doc.pages[1].lines[0].text == "Scanned page 2"
    assert doc.pages[2].lines[0].text == "Scanned page 3"


@pytest.mark.slow
@pytest.mark.parametrize("inline", [True, False], ids=["whole PDF with pages", "PDF of the pages"])
def test_seven_scanned_pages_take_two_calls_of_at_most_five(stand_in, inline: bool) -> None:
    content = image_pdf([text_image([f"Page {n}"], (500, 300)) for n in range(1, 8)])

    with serving(stand_in) as url:
        doc = reader_at(url, max_inline_bytes=len(content) if inline else 0).read(
            content, "application/pdf")

    assert stand_in.pages_read == 7
    sent = [call.pages for call in stand_in.annotations]
    assert sent == ([[1, 2, 3, 4, 5], [6, 7]] if inline else [[1, 2, 3, 4, 5], [1, 2]])
    if not inline:  # each call carried only its own pages
        assert all(call.content_bytes < len(content) for call in stand_in.annotations)
    assert [p.number for p in doc.pages] == list(range(1, 8))
    assert [p.text for p in doc.pages] == [f"Page {n}" for n in range(1, 8)]


def test_a_multi_page_tiff_is_one_file_call(reader, stand_in) -> None:
    frames = [text_image([f"Page {n}"], (500, 300)) for n in (1, 2)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])

    doc = reader.read(out.getvalue(), "image/tiff")

    assert [(c.mime_type, c.pages) for c in stand_in.annotations] == [("image/tiff", [1, 2])]
    assert [p.text for p in doc.pages] == ["Page 1", "Page 2"]


# -- failures -------------------------------------------------------------------------------------

SMALL_IMAGE = encoded(text_image(["Invoice 42"], (400, 200)))


def test_429_and_503_are_retried_by_the_client() -> None:
    stand_in = VisionStandIn(faults=Faults(script=[429, 503]))
    with serving(stand_in) as url:
        doc = reader_at(url).read(SMALL_IMAGE, "image/png")
    assert stand_in.requests == {"images_annotate": 3} and stand_in.faults.injected == 2
    assert "42" in doc.text.split()


@pytest.mark.parametrize("code", [429, 503])
def test_lasting_overload_is_a_transient_error(code: int) -> None:
    stand_in = VisionStandIn(faults=Faults(script=[code] * 1000))
    with serving(stand_in) as url:
        with pytest.raises(TransientError, match="Cloud Vision images:annotate"):
            reader_at(url).read(SMALL_IMAGE, "image/png")
        with pytest.raises(TransientError, match=f"HTTP {code}"):
            reader_at(url, retry=None).read(SMALL_IMAGE, "image/png")


def test_an_unreachable_service_is_a_transient_error() -> None:
    with serving(VisionStandIn()) as url:
        pass  # the port is closed again
    with pytest.raises(TransientError):
        reader_at(url, retry=None).read(SMALL_IMAGE, "image/png")


@pytest.mark.parametrize("name", ["truncated JPEG", "PNG with a broken body"])
def test_an_image_vision_cannot_decode_is_bad_input(reader, stand_in, name: str) -> None:
    content, content_type, _ = BAD_INPUTS[name]
    with pytest.raises(BadInputError, match="Cloud Vision could not read the image: Bad image"):
        reader.read(content, content_type)
    assert stand_in.total_requests == 1


@pytest.mark.parametrize("code, kind", [(3, BadInputError), (14, TransientError)])
def test_an_item_error_is_bad_input_unless_vision_was_busy(code: int, kind: type) -> None:
    response = vision.AnnotateImageResponse(error={"code": code, "message": "no"})
    with pytest.raises(kind, match="Cloud Vision could not read page 2: no"):
        raise_for(response, "page 2")


LOCAL_CHECKS = {k: v for k, v in BAD_INPUTS.items()
                if k not in ("truncated JPEG", "PNG with a broken body")}


@pytest.mark.parametrize("content, content_type, message", LOCAL_CHECKS.values(), ids=LOCAL_CHECKS)
def test_bad_input_is_refused_as_the_local_source_does_before_any_call(
    reader, stand_in, content: bytes, content_type: str, message: str
) -> None:
    with pytest.raises(BadInputError) as vision_error:
        reader.read(content, content_type)
    with pytest.raises(BadInputError) as local_error:
        LocalTextSource().read(content, content_type)
    assert str(vision_error.value) == str(local_error.value)
    assert str(vision_error.value).startswith(message)
    assert stand_in.total_requests == 0


# -- the stand-in speaks Vision's JSON --------------------------------------------------------


def test_the_stand_in_answers_in_vision_json_with_the_enum_form_asked_for() -> None:
    image = base64.b64encode(SMALL_IMAGE).decode()
    body = {"requests": [
        {"image": {"content": image}, "features": [{"type": 11}]},
        {"image": {"content": base64.b64encode(b"not an image").decode()},
         "features": [{"type": "DOCUMENT_TEXT_DETECTION"}]},
    ]}
    stand_in = VisionStandIn()
    with serving(stand_in) as url:
        as_ints = requests.post(f"{url}/v1/images:annotate?$alt=json;enum-encoding=int",
                                json=body, timeout=30).json()
        as_names = requests.post(f"{url}/v1/images:annotate", json=body, timeout=30).json()
        six_pages = requests.post(f"{url}/v1/files:annotate", timeout=30, json={"requests": [
            {"inputConfig": {"content": "", "mimeType": "application/pdf"},
             "features": [{"type": 11}], "pages": [1, 2, 3, 4, 5, 6]}]})

    read, broken = as_ints["responses"]
    page = read["fullTextAnnotation"]["pages"][0]
    assert (page["width"], page["height"]) == (400, 200)
    symbols = [s for b in page["blocks"] for p in b["paragraphs"] for w in p["words"]
               for s in w["symbols"]]
    assert [s["text"] for s in symbols] == list("Invoice42")
    assert symbols[-1]["property"]["detectedBreak"]["type"] == 5  # LINE_BREAK, as an integer
    assert all(isinstance(v, int) for s in symbols for c in s["boundingBox"]["vertices"]
               for v in c.values())
    assert read["fullTextAnnotation"]["text"] == "Invoice 42\n"
    assert broken == {"error": {"code": 3, "message": "Bad image data."}}
    last = as_names["responses"][0]["fullTextAnnotation"]["pages"][0]["blocks"][-1]
    assert last["blockType"] == "TEXT"
    assert last["paragraphs"][-1]["words"][-1]["symbols"][-1]["property"] == {
        "detectedBreak": {"type": "LINE_BREAK"}}
    assert six_pages.status_code == 400
    assert six_pages.json()["error"]["status"] == "INVALID_ARGUMENT"
    # Zero coordinates are left out, as in Vision's JSON.
    assert bounding_poly((0, 5, 10, 20), (100, 50), normalized=False)["vertices"] == [
        {"y": 5}, {"x": 10, "y": 5}, {"x": 10, "y": 20}, {"y": 20}]
    assert bounding_poly((0, 0, 50, 25), (100, 50), normalized=True)["normalizedVertices"] == [
        {}, {"x": 0.5}, {"x": 0.5, "y": 0.5}, {"y": 0.5}]


@pytest.mark.slow
def test_an_async_batch_writes_page_range_shards_that_sort_numerically(stand_in) -> None:
    stand_in.storage["gs://inbox/scan.pdf"] = image_pdf(
        [text_image([f"Page {n}"], (500, 300)) for n in range(1, 12)])
    with serving(stand_in) as url:
        operation = reader_at(url).client.async_batch_annotate_files(requests=[{
            "input_config": {"gcs_source": {"uri": "gs://inbox/scan.pdf"},
                             "mime_type": "application/pdf"},
            "features": [{"type_": vision.Feature.Type.DOCUMENT_TEXT_DETECTION}],
            "output_config": {"gcs_destination": {"uri": "gs://out/scan-"}, "batch_size": 3},
        }])
        fast = polling.DEFAULT_POLLING.with_delay(initial=0.05, maximum=0.1)
        result = operation.result(timeout=30, polling=fast)

    assert stand_in.requests["get_operation"] >= 1  # it was polled until done
    assert operation.metadata.state == vision.OperationMetadata.State.DONE
    assert result.responses[0].output_config.gcs_destination.uri == "gs://out/scan-"
    shards = [key for key in stand_in.storage if key.startswith("gs://out/")]
    assert sorted(shards) == [f"gs://out/scan-output-{r}.json"
                              for r in ("1-to-3", "10-to-11", "4-to-6", "7-to-9")]
    by_first_page = sorted(shards, key=lambda k: int(k.rsplit("output-", 1)[1].split("-")[0]))
    pages = [
        vision_page(first_page(response.full_text_annotation), response.context.page_number)
        for key in by_first_page
        for response in vision.AnnotateFileResponse.from_json(stand_in.storage[key]).responses
    ]
    assert [p.text for p in pages] == [f"Page {n}" for n in range(1, 12)]
