"""The body of each Cloud Function: decode, run, answer. `functions/main.py` only forwards."""

from typing import Any

from mailroom.domain.commands import FlushRows, PostApproved, SyncErpStatus
from mailroom.entrypoints.cloud import events
from mailroom.entrypoints.cloud.http import Answer, authenticated
from mailroom.entrypoints.cloud.stages import run_stage, run_trigger
from mailroom.entrypoints.cloud.wiring import services, settings


def gmail_push(data: Any) -> None:
    run_trigger(lambda: events.gmail_notification(data), services)


def stage(topic: str, data: Any) -> None:
    run_trigger(lambda: events.stage_command(topic, data), services)


def flush_rows(request: Any) -> Answer:
    return authenticated("flush_rows", request.headers.get("Authorization"),
                         lambda: {"staged": run_stage(FlushRows(), services())})


def post_approved(endpoint: str, request: Any) -> Answer:
    def post() -> dict[str, Any]:
        report = run_stage(PostApproved(), services())
        return {"posted": report.posted, "failed": report.failed} if report else {}

    return authenticated(endpoint, request.headers.get("Authorization"), post)


def sync_erp_status(request: Any) -> Answer:
    return authenticated("sync_erp_status", request.headers.get("Authorization"),
                         lambda: run_stage(SyncErpStatus(), services()))


def renew_watch(request: Any) -> Answer:
    def renew() -> dict[str, Any]:
        google = settings().google
        return {name: mailbox.watch(google.watch_topic, google.watch_label_ids)
                for name, mailbox in services().mailboxes.items() if hasattr(mailbox, "watch")}

    return authenticated("renew_watch", request.headers.get("Authorization"), renew)
