"""The body of each Cloud Function: decode, run, answer. `functions/main.py` only forwards."""

from typing import Any

from mailroom.domain.commands import FlushRows, PostApproved, SyncErpStatus
from mailroom.entrypoints.cloud import events
from mailroom.entrypoints.cloud.http import Answer, answered, authenticated, refused
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


def erp_status_callback(request: Any) -> Answer:
    """An external system (Zapier, Make, n8n, a NetSuite script) reports a posted document's
    ERP status, signed with the webhook secret (HMAC over timestamp and body)."""
    from mailroom.adapters.erp.settings import ErpSettings
    from mailroom.adapters.erp.webhook.connector import verify_status_callback
    from mailroom.domain.errors import PermanentError
    from mailroom.service_layer.erp_status import apply_reported_status

    secret = ErpSettings().webhook.secret
    try:
        report = verify_status_callback(request.headers, request.get_data(),
                                        secret.get_secret_value() if secret else "")
    except PermanentError as exc:
        return refused("erp_status_callback", str(exc))
    return answered("erp_status_callback", lambda: {
        "changed": apply_reported_status(report.idempotency_key, report.record, services())})
