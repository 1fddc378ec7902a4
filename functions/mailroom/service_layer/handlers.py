"""Which handler serves which command. The local runner and the Cloud Functions entry points
both dispatch through `handle`, so there is one path through the pipeline."""

from collections.abc import Callable
from typing import Any

from mailroom.domain.commands import (
    Command, FlushRows, IngestMessage, MailboxChanged, PostApproved, ProcessDocument, SyncErpStatus,
)
from mailroom.service_layer.erp_status import sync_erp_status
from mailroom.service_layer.fetch import fetch_new_messages
from mailroom.service_layer.flush import flush_rows
from mailroom.service_layer.ingest import ingest_message
from mailroom.service_layer.post import post_approved
from mailroom.service_layer.process import process_document
from mailroom.service_layer.services import Services

HANDLERS: dict[type[Command], Callable[[Any, Services], object]] = {
    MailboxChanged: fetch_new_messages,
    IngestMessage: ingest_message,
    ProcessDocument: process_document,
    FlushRows: flush_rows,
    PostApproved: post_approved,
    SyncErpStatus: sync_erp_status,
}


def handle(command: Command, services: Services) -> object:
    return HANDLERS[type(command)](command, services)
