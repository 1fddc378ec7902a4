"""Stage 1: a mailbox has news → hand every new message on, then move the cursor."""

import logging

from mailroom.domain.commands import IngestMessage, MailboxChanged
from mailroom.service_layer.services import Services

log = logging.getLogger(__name__)


def cursor_name(mailbox: str) -> str:
    return f"history:{mailbox.lower()}"


def fetch_new_messages(command: MailboxChanged, services: Services) -> int:
    mailbox = services.mailbox(command.mailbox)
    name = cursor_name(mailbox.name)
    cursor = services.state.cursor(name)
    # Notifications arrive late, twice and out of order: one that is not newer than the cursor
    # carries no news (Gmail history ids only grow).
    if command.history_id is not None and cursor is not None and command.history_id <= int(cursor):
        log.info("stale notification", extra={"mailbox": mailbox.name, "history_id": command.history_id})
        return 0
    news = mailbox.list_new(cursor)
    for message_id in news.message_ids:
        services.publisher.publish(IngestMessage(mailbox=mailbox.name, message_id=message_id))
    # Only now: a crash before this line re-lists the same ids, and ingest is idempotent.
    services.state.set_cursor(name, news.cursor)
    log.info("new messages", extra={"mailbox": mailbox.name, "count": len(news.message_ids)})
    return len(news.message_ids)
