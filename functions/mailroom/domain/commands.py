"""The messages that drive the pipeline, one per stage. Each is a pydantic model so the same
payload travels through the local queue and through Pub/Sub (as JSON) unchanged."""

from typing import ClassVar

from pydantic import BaseModel


class Command(BaseModel):
    topic: ClassVar[str]

    def dedupe_key(self) -> str:
        """Two deliveries with the same key are the same work."""
        return f"{self.topic}:{self.model_dump_json()}"


class MailboxChanged(Command):
    """A mailbox has news (a Gmail push notification, or `mailroom ingest`)."""

    topic: ClassVar[str] = "gmail-push"
    mailbox: str
    history_id: int | None = None


class IngestMessage(Command):
    topic: ClassVar[str] = "messages"
    mailbox: str
    message_id: str


class ProcessDocument(Command):
    topic: ClassVar[str] = "documents"
    document_id: str


class FlushRows(Command):
    """Write the rows waiting in the outbox to the staging sheet, in one batch."""

    topic: ClassVar[str] = "rows"


class PostApproved(Command):
    """Post every approved row (sent by the review trigger and a scheduled sweep)."""

    topic: ClassVar[str] = "post"


class SyncErpStatus(Command):
    topic: ClassVar[str] = "erp-status"


COMMANDS: dict[str, type[Command]] = {
    c.topic: c for c in (MailboxChanged, IngestMessage, ProcessDocument, FlushRows, PostApproved,
                          SyncErpStatus)
}
