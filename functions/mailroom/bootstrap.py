"""The composition root: builds the adapters named by the settings and hands them to the
service layer. Adapters are imported here, lazily, so importing mailroom costs nothing until
a stack is actually built (cold starts on Cloud Functions)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.config import Settings
from mailroom.domain.review import ReviewPolicy
from mailroom.domain.rules import Rules
from mailroom.service_layer.services import Services

if TYPE_CHECKING:
    from mailroom.ports import TextSource
    from mailroom.adapters.local.ledger import LocalLedger
    from mailroom.adapters.local.mailbox import LocalMailbox
    from mailroom.adapters.local.queue import SqliteQueue
    from mailroom.adapters.local.sheet import SqliteStagingSheet


@dataclass
class LocalStack:
    """The embedded default, with the concrete adapters the CLI needs beyond the ports."""

    settings: Settings
    services: Services
    mailbox: "LocalMailbox"
    queue: "SqliteQueue"
    sheet: "SqliteStagingSheet"
    ledger: "LocalLedger"


def bootstrap_local(settings: Settings) -> LocalStack:
    from mailroom.adapters.local.archive import FilesystemArchive
    from mailroom.adapters.local.ledger import LocalLedger
    from mailroom.adapters.local.mailbox import LocalMailbox
    from mailroom.adapters.local.queue import SqliteQueue
    from mailroom.adapters.local.sheet import SqliteStagingSheet
    from mailroom.adapters.local.state import SqliteStateStore
    from mailroom.domain.reading import extract

    home = settings.home
    home.mkdir(parents=True, exist_ok=True)
    mailbox = LocalMailbox(home / "mailbox", name=settings.mailbox)
    queue = SqliteQueue(home / "queue.sqlite")
    sheet = SqliteStagingSheet(home / "sheet.sqlite")
    ledger = LocalLedger(home / "ledger.sqlite")
    services = Services(
        mailboxes={settings.mailbox.lower(): mailbox},
        archive=FilesystemArchive(home / "archive"),
        text_source=build_text_source(settings),
        sheet=sheet,
        erp=ledger,
        state=SqliteStateStore(home / "state.sqlite"),
        publisher=queue,
        extract=extract,
        rules=rules_from(settings),
        review=ReviewPolicy(**settings.review.model_dump()),
        max_attachment_bytes=settings.max_attachment_bytes,
        label_parent=settings.label_parent,
    )
    return LocalStack(settings, services, mailbox, queue, sheet, ledger)


def build_text_source(settings: Settings) -> "TextSource":
    from mailroom.adapters.text.local_text_source import LocalTextSource

    ocr = settings.ocr
    return LocalTextSource(
        languages=ocr.languages, dpi=ocr.dpi, max_pages=ocr.max_pages,
        max_pixels=ocr.max_pixels, page_timeout_s=ocr.page_timeout_s,
    )


def rules_from(settings: Settings) -> Rules:
    r = settings.rules
    return Rules(
        ignore_bulk=r.ignore_bulk,
        sender_domains=tuple(r.sender_domains),
        blocked_senders=tuple(r.blocked_senders),
        subject_keywords=tuple(r.subject_keywords),
        document_types=tuple(r.document_types),
        min_inline_image_bytes=r.min_inline_image_bytes,
    )
