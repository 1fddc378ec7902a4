"""Stage 2: ingest one message. The original .eml and every document attachment are archived
before anything else, so nothing is lost whatever happens next; then one ProcessDocument per
document is handed on."""

import logging

from mailroom.domain.commands import IngestMessage, ProcessDocument
from mailroom.domain.errors import BadInputError, NotFoundError
from mailroom.domain.ids import EML_PART_ID, archive_key, document_id
from mailroom.domain.mime import ParsedMessage, parse_message
from mailroom.domain.models import Attachment, DocumentRecord, ReceivedMessage
from mailroom.domain.status import Status
from mailroom.ports import RawMessage
from mailroom.service_layer.services import Services

log = logging.getLogger(__name__)


def ingest_message(command: IngestMessage, services: Services) -> None:
    done_key = f"ingest:{command.mailbox.lower()}:{command.message_id}"
    if services.state.is_done(done_key):
        return
    mailbox = services.mailbox(command.mailbox)
    try:
        raw = mailbox.fetch(command.message_id)
    except NotFoundError:
        # Deleted between the notification and now (Gmail says this happens): nothing to keep.
        services.state.record_message(mailbox.name, command.message_id, "vanished")
        services.state.mark_done(done_key)
        return
    eml_key = archive_key(mailbox.name, raw.message_id, EML_PART_ID, "message.eml")
    _archive(services, eml_key, raw.raw, "message/rfc822", mailbox.name, raw.message_id, EML_PART_ID)
    for document in _documents(services, mailbox.name, raw, eml_key):
        services.publisher.publish(ProcessDocument(document_id=document.id))
    services.state.mark_done(done_key)


def _documents(services: Services, mailbox: str, raw: RawMessage, eml_key: str) -> list[DocumentRecord]:
    try:
        parsed = parse_message(raw.raw, mailbox=mailbox, message_id=raw.message_id, thread_id=raw.thread_id)
    except BadInputError as exc:
        return [_unreadable_message(services, mailbox, raw, eml_key, str(exc))]
    reason = services.rules.reason_to_ignore(parsed.message)
    if reason is not None:
        services.state.record_message(mailbox, raw.message_id, "ignored", reason)
        services.audit(raw.message_id, "ignored", reason=reason)
        return []
    documents = [_keep(services, parsed, a) for a in services.rules.documents(parsed.message)]
    services.state.record_message(mailbox, raw.message_id, "ingested", f"{len(documents)} documents")
    return documents


def _keep(services: Services, parsed: ParsedMessage, attachment: Attachment) -> DocumentRecord:
    message = parsed.message
    key = archive_key(message.mailbox, message.message_id, attachment.part_id, attachment.filename)
    content_type = services.rules.effective_type(attachment)
    _archive(services, key, parsed.contents[attachment.part_id], content_type,
             message.mailbox, message.message_id, attachment.part_id, attachment.sha256)
    record = _record(message, attachment, key, content_type)
    return _save_once(services, record)


def _record(message: ReceivedMessage, attachment: Attachment, key: str, content_type: str) -> DocumentRecord:
    return DocumentRecord(
        id=document_id(message.mailbox, message.message_id, attachment.part_id),
        mailbox=message.mailbox, message_id=message.message_id, thread_id=message.thread_id,
        part_id=attachment.part_id, filename=attachment.filename, content_type=content_type,
        size=attachment.size, sha256=attachment.sha256, archive_key=key,
        sender=message.sender, subject=message.subject, received_at=message.received_at,
        warnings=message.warnings,
    )


def _unreadable_message(
    services: Services, mailbox: str, raw: RawMessage, eml_key: str, reason: str
) -> DocumentRecord:
    """A mail that cannot be parsed at all still gets a row (for the .eml) and an error label."""
    services.state.record_message(mailbox, raw.message_id, "error", reason)
    record = DocumentRecord(
        id=document_id(mailbox, raw.message_id, EML_PART_ID), mailbox=mailbox,
        message_id=raw.message_id, thread_id=raw.thread_id, part_id=EML_PART_ID,
        filename="message.eml", content_type="message/rfc822", size=len(raw.raw),
        sha256="", archive_key=eml_key, status=Status.ERROR, error=f"unreadable mail: {reason}",
    )
    return _save_once(services, record)


def _save_once(services: Services, record: DocumentRecord) -> DocumentRecord:
    existing = services.state.document(record.id)
    if existing is not None:  # a redelivery: never reset a document that has moved on
        return existing
    services.state.save_document(record)
    services.audit(record.id, "received", filename=record.filename, message_id=record.message_id)
    return record


def _archive(services: Services, key: str, content: bytes, content_type: str, mailbox: str,
             message_id: str, part_id: str, sha256: str = "") -> None:
    stored = services.archive.put(key, content, content_type=content_type, metadata={
        "mailbox": mailbox, "message_id": message_id, "part_id": part_id,
        **({"sha256": sha256} if sha256 else {}),
    })
    if stored.created:
        log.info("archived", extra={"key": key, "size": stored.size})
