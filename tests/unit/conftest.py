from collections.abc import Callable
from email.message import EmailMessage

import pytest

from mailroom.domain.models import Extraction, ExtractedField, Provenance
from mailroom.domain.review import ReviewPolicy
from mailroom.domain.rules import Rules
from mailroom.domain.text import DocumentText
from mailroom.domain.commands import FlushRows
from mailroom.service_layer.flush import OUTBOX
from mailroom.service_layer.handlers import handle
from mailroom.service_layer.services import Services
from tests.unit.fakes import (
    FakeArchive, FakeErp, FakeMailbox, FakePublisher, FakeSheet, FakeState, FakeTextSource,
)

CLEAN = ("invoice_number=F-1;issue_date=2026-01-31;seller_name=ACME GmbH;seller_vat_id=DE136695976;"
         "currency=EUR;net_total=100.00;tax_total=19.00;grand_total=119.00")


def fake_extract(text: DocumentText, *, sender: str | None = None) -> Extraction:
    """Reads 'name=value;...' text; a 'conf=0.5' entry sets every field's confidence."""
    pairs = dict(item.split("=", 1) for item in text.text.split(";") if "=" in item)
    confidence = float(pairs.pop("conf", "0.99"))
    document_type = pairs.pop("type", "invoice")
    fields = {name: ExtractedField(value=value, confidence=confidence,
                                   provenance=Provenance(method="text-layer", page=1), why="fake")
              for name, value in pairs.items()}
    return Extraction(document_type=document_type, method="text-layer", fields=fields)  # type: ignore[arg-type]


def make_services() -> Services:
    return Services(
        mailboxes={"ap@example.com": FakeMailbox()},
        archive=FakeArchive(), text_source=FakeTextSource(), sheet=FakeSheet(), erp=FakeErp(),
        state=FakeState(), publisher=FakePublisher(), extract=fake_extract,
        rules=Rules(ignore_bulk=True, sender_domains=(), blocked_senders=(), subject_keywords=(),
                    document_types=("application/pdf", "image/*", "application/xml"),
                    min_inline_image_bytes=40_000),
        review=ReviewPolicy(), max_attachment_bytes=1000,
    )


@pytest.fixture
def services() -> Services:
    return make_services()


def mail(*attachments: tuple[str, bytes], subject: str = "Invoice", bulk: bool = False,
         date: str | None = None) -> bytes:
    message = EmailMessage()
    if date:
        message["Date"] = date
    message["From"] = "Vendor <billing@vendor.example>"
    message["To"] = "ap@example.com"
    message["Subject"] = subject
    message["Message-ID"] = f"<{subject.replace(' ', '.')}@vendor.example>"
    if bulk:
        message["List-Unsubscribe"] = "<mailto:unsubscribe@vendor.example>"
    message.set_content("Please find attached.")
    for filename, content in attachments:
        message.add_attachment(content, maintype="application", subtype="pdf", filename=filename)
    return message.as_bytes()


def pump(services: Services, *, times_each: int = 1, on_handled: Callable[[object], None] | None = None) -> None:
    """Deliver every published command (each `times_each` times) until nothing is left; when
    the queue runs dry with rows due, flush them as the runner (or the scheduler) would."""
    publisher = services.publisher
    assert isinstance(publisher, FakePublisher)
    while publisher.published or services.state.pending(OUTBOX):
        command = publisher.published.pop(0) if publisher.published else FlushRows()
        for _ in range(times_each):
            handle(command, services)
        if on_handled:
            on_handled(command)
