"""The composition root: builds the adapters the settings name and hands them to the service
layer. Adapters are imported here, lazily, so importing mailroom costs nothing until a stack is
actually built (cold starts on Cloud Functions).

Two choices make a stack:
- `settings.backend`: where mail, originals, text and review rows live: "local" (the
  embedded default: a local mailbox, the filesystem, Tesseract, SQLite) or "google" (Gmail,
  Cloud Storage and/or Drive, Cloud Vision, a Google Sheet).
- the runtime: "cli" drives the stages from a durable SQLite queue with SQLite state (one
  machine); "functions" publishes to Pub/Sub and keeps state in Cloud Storage (Cloud Functions,
  where no disk survives an instance)."""

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal

from mailroom.config import Settings
from mailroom.domain.review import ReviewPolicy
from mailroom.domain.rules import Rules
from mailroom.service_layer.services import Extractor, Services

if TYPE_CHECKING:
    from mailroom.adapters.google.pubsub_publisher import PubSubPublisher
    from mailroom.adapters.local.ledger import LocalLedger
    from mailroom.adapters.local.mailbox import LocalMailbox
    from mailroom.adapters.local.queue import SqliteQueue
    from mailroom.adapters.local.sheet import SqliteStagingSheet
    from mailroom.ports import Archive, DeadLetters, Erp, Mailbox, StagingSheet, TextSource

Runtime = Literal["cli", "functions"]


@dataclass
class Stack:
    settings: Settings
    services: Services
    queue: "SqliteQueue | None"  # the CLI runner's queue; None under Cloud Functions (Pub/Sub)
    ledger: "LocalLedger | None"  # the embedded ERP, when it is the configured one


@dataclass
class LocalStack(Stack):
    """The embedded default, with the concrete adapters only the CLI uses beyond the ports."""

    queue: "SqliteQueue"
    mailbox: "LocalMailbox"
    sheet: "SqliteStagingSheet"


def bootstrap(settings: Settings, *, runtime: Runtime = "cli") -> Stack:
    if settings.backend == "local" and runtime == "cli":
        return bootstrap_local(settings)
    from mailroom.adapters.local.ledger import LocalLedger

    settings.home.mkdir(parents=True, exist_ok=True)
    mailboxes, archive, text_source, sheet = _google_ports(settings)
    erp = build_erp(settings)
    if runtime == "functions":
        publisher, state, queue = *_cloud_pipeline(settings), None
    else:
        from mailroom.adapters.local.queue import SqliteQueue
        from mailroom.adapters.local.state import SqliteStateStore

        queue = SqliteQueue(settings.home / "queue.sqlite")
        publisher, state = queue, SqliteStateStore(settings.home / "state.sqlite")
    services = _services(settings, mailboxes=mailboxes, archive=archive, text_source=text_source,
                         sheet=sheet, erp=erp, state=state, publisher=publisher)
    return Stack(settings, services, queue, erp if isinstance(erp, LocalLedger) else None)


def bootstrap_local(settings: Settings) -> LocalStack:
    from mailroom.adapters.local.archive import FilesystemArchive
    from mailroom.adapters.local.ledger import LocalLedger
    from mailroom.adapters.local.mailbox import LocalMailbox
    from mailroom.adapters.local.queue import SqliteQueue
    from mailroom.adapters.local.sheet import SqliteStagingSheet
    from mailroom.adapters.local.state import SqliteStateStore

    home = settings.home
    home.mkdir(parents=True, exist_ok=True)
    mailbox = LocalMailbox(home / "mailbox", name=settings.mailbox)
    queue = SqliteQueue(home / "queue.sqlite")
    sheet = SqliteStagingSheet(home / "sheet.sqlite")
    erp = build_erp(settings)
    services = _services(
        settings, mailboxes={settings.mailbox.lower(): mailbox},
        archive=FilesystemArchive(home / "archive"), text_source=build_text_source(settings),
        sheet=sheet, erp=erp, state=SqliteStateStore(home / "state.sqlite"), publisher=queue,
    )
    ledger = erp if isinstance(erp, LocalLedger) else None
    return LocalStack(settings, services, queue, ledger, mailbox, sheet)


def _services(settings: Settings, **ports) -> Services:  # type: ignore[no-untyped-def]
    return Services(
        **ports,
        extract=build_extractor(settings),
        rules=rules_from(settings),
        review=ReviewPolicy(**settings.review.model_dump()),
        max_attachment_bytes=settings.max_attachment_bytes,
        label_parent=settings.label_parent,
    )


def build_erp(settings: Settings) -> "Erp":
    """The connector MAILROOM_ERP__CONNECTOR names (the local ledger by default, kept in home)."""
    from mailroom.adapters.erp.registry import connector_for
    from mailroom.adapters.erp.settings import ErpSettings

    erp_settings = ErpSettings(ledger_path=settings.home / "ledger.sqlite")
    return connector_for(erp_settings.connector, erp_settings)


def build_extractor(settings: Settings) -> Extractor:
    """The domain engine with the configured templates bound in. Templates load here, once,
    so a broken one stops start-up with its name instead of failing every document."""
    from mailroom.domain.reading import extract

    if settings.templates_dir is None:
        return extract
    from mailroom.domain.extraction.templates import load_templates
    from mailroom.service_layer.templates_on_disk import read_templates

    return partial(extract, templates=load_templates(read_templates(settings.templates_dir)))


def build_text_source(settings: Settings) -> "TextSource":
    from mailroom.adapters.text.local_text_source import LocalTextSource

    ocr = settings.ocr
    return LocalTextSource(
        languages=ocr.languages, dpi=ocr.dpi, max_pages=ocr.max_pages,
        max_pixels=ocr.max_pixels, page_timeout_s=ocr.page_timeout_s,
    )


def _google_ports(settings: Settings) -> tuple[
        "dict[str, Mailbox]", "Archive", "TextSource", "StagingSheet"]:
    if settings.backend == "local":
        raise ValueError("the Cloud Functions runtime needs MAILROOM_BACKEND=google")
    from mailroom.adapters.google import clients
    from mailroom.adapters.google.gmail import GmailMailbox, GmailRules, search_query
    from mailroom.adapters.google.sheets_staging import SheetsStaging
    from mailroom.adapters.google.sheets_template import load_template
    from mailroom.adapters.google.vision_ocr import VisionTextSource

    google = settings.google
    if not google.mailboxes:
        raise ValueError("MAILROOM_GOOGLE__MAILBOXES lists no mailbox to read")
    mail = settings.rules
    rules = GmailRules(label_ids=tuple(google.watch_label_ids), full_sync_query=google.full_sync_query,
                       full_sync_max_messages=google.full_sync_max_messages,
                       query=search_query(mail.sender_domains, mail.subject_keywords, mail.blocked_senders))
    mailboxes: dict[str, Mailbox] = {}
    for address in google.mailboxes:
        service, batch_uri = clients.gmail_service(google, address)
        mailboxes[address.lower()] = GmailMailbox(service, name=address, rules=rules, batch_uri=batch_uri)
    text_source = VisionTextSource(clients.vision_client(google), language_hints=google.vision_language_hints,
                                   max_pages=settings.ocr.max_pages, max_pixels=settings.ocr.max_pixels)
    sheet = SheetsStaging(clients.sheets_spreadsheet(google), load_template())
    return mailboxes, _archive(settings), text_source, sheet


def _archive(settings: Settings) -> "Archive":
    from datetime import timedelta

    from mailroom.adapters.google import clients
    from mailroom.adapters.google.drive_archive import DriveArchive
    from mailroom.adapters.google.gcs_archive import GcsArchive
    from mailroom.adapters.mirrored_archive import MirroredArchive

    google = settings.google
    archives: list[Archive] = []
    if google.archive in ("gcs", "both"):
        ttl = google.archive_signed_link_ttl_s
        archives.append(GcsArchive(clients.storage_client(google).bucket(google.bucket),
                                   prefix=google.archive_prefix,
                                   signed_link_ttl=timedelta(seconds=ttl) if ttl else None))
    if google.archive in ("drive", "both"):
        archives.append(DriveArchive(clients.drive_service(google), google.drive_folder_id,
                                     drive_id=google.drive_shared_drive_id or None))
    return archives[0] if len(archives) == 1 else MirroredArchive(archives)


def _cloud_pipeline(settings: Settings):  # type: ignore[no-untyped-def]
    from mailroom.adapters.google import clients
    from mailroom.adapters.google.gcs_state import GcsStateStore

    bucket = settings.cloud.state_bucket
    if not bucket:
        raise ValueError("MAILROOM_CLOUD__STATE_BUCKET is not set")
    state = GcsStateStore(clients.storage_client(settings.google).bucket(bucket))
    return _pubsub_publisher(settings), state


def _pubsub_publisher(settings: Settings) -> "PubSubPublisher":
    from mailroom.adapters.google import clients
    from mailroom.adapters.google.pubsub_publisher import PubSubPublisher

    google = settings.google
    return PubSubPublisher(clients.pubsub_publisher_client(google), google.project,
                           topic_prefix=settings.cloud.topic_prefix)


def build_dead_letters(settings: Settings, *, local: bool = False) -> "DeadLetters":
    """Where `mailroom dlq` looks. With the Google backend: the Pub/Sub dead-letter subscription,
    where the deployed functions' failures wait (it needs no mailbox, Sheet or archive settings).
    Otherwise, or with `local`, the local queue's dead letters (`mailroom run` on either backend
    queues locally)."""
    if settings.backend == "local" or local:
        from mailroom.adapters.local.queue import SqliteQueue

        settings.home.mkdir(parents=True, exist_ok=True)
        return SqliteQueue(settings.home / "queue.sqlite")
    from mailroom.adapters.google import clients
    from mailroom.adapters.google.pubsub_dead_letters import PubSubDeadLetters

    google = settings.google
    if not google.project:
        raise ValueError("MAILROOM_GOOGLE__PROJECT is not set: it names the project whose dead"
                         " letters `mailroom dlq` reads")
    subscriber = clients.pubsub_subscriber_client(google)
    subscription = subscriber.subscription_path(google.project,
                                                settings.cloud.dead_letter_subscription)
    return PubSubDeadLetters(subscriber, _pubsub_publisher(settings), subscription)


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
