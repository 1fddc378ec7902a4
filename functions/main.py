"""Cloud Functions (gen2) entry points: thin translators, one per trigger. Each decodes its
trigger, runs one pipeline stage and returns; everything heavier is imported on first call so
a cold start pays only for Functions Framework itself.

Deploy source is this folder; `terraform/functions.tf` names these functions."""

import functions_framework


@functions_framework.cloud_event
def on_gmail_push(event):
    """gmail-push topic: Gmail's notification → list new mail → one `messages` message each."""
    from mailroom.entrypoints.cloud import api

    api.gmail_push(event.data)


@functions_framework.cloud_event
def on_message(event):
    """messages topic: archive the original and its attachments, then one `documents` message each."""
    from mailroom.entrypoints.cloud import api

    api.stage("messages", event.data)


@functions_framework.cloud_event
def on_document(event):
    """documents topic: read, extract, validate, stage the row, label the thread."""
    from mailroom.entrypoints.cloud import api

    api.stage("documents", event.data)


@functions_framework.http
def flush_rows(request):
    """Scheduled every minute: write the rows read since the last run to the Sheet in one batch."""
    from mailroom.entrypoints.cloud import api

    return api.flush_rows(request)


@functions_framework.http
def on_review(request):
    """A reviewer decided (Sheet notifier or add-on): post approved rows now."""
    from mailroom.entrypoints.cloud import api

    return api.post_approved("on_review", request)


@functions_framework.http
def post_sweep(request):
    """Scheduled: post approved rows nobody's trigger reached."""
    from mailroom.entrypoints.cloud import api

    return api.post_approved("post_sweep", request)


@functions_framework.http
def sync_erp_status(request):
    """Scheduled: mirror ERP states (paid, cancelled) to the Sheet and the Gmail labels."""
    from mailroom.entrypoints.cloud import api

    return api.sync_erp_status(request)


@functions_framework.http
def renew_watch(request):
    """Scheduled daily: users.watch for every configured mailbox (a watch lasts 7 days)."""
    from mailroom.entrypoints.cloud import api

    return api.renew_watch(request)


@functions_framework.http
def addon(request):
    """The Gmail add-on: /home, /message (the open mail's card) and /action (its buttons)."""
    from mailroom.entrypoints.addon import app

    return app.handle(request)


@functions_framework.http
def erp_status_callback(request):
    """The webhook connector's return path: a signed ERP status report for one document."""
    from mailroom.entrypoints.cloud import api

    return api.erp_status_callback(request)
