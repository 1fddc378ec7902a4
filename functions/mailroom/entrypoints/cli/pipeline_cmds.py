"""ingest, run, sync, status, export: the pipeline from the command line."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from mailroom.bootstrap import Stack
from mailroom.domain.commands import MailboxChanged, PostApproved, SyncErpStatus
from mailroom.entrypoints.cli.context import console, ctx_of
from mailroom.entrypoints.local_runner import RunReport, run_until_idle
from mailroom.service_layer.status import pipeline_status

_STAGE_NAMES = {"gmail-push": "listed", "messages": "mails", "documents": "documents",
                "post": "posting sweeps", "erp-status": "status syncs"}


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(run)
    app.command()(sync)
    app.command()(status)
    app.command()(export)


def ingest(ctx: typer.Context, path: Annotated[Path, typer.Argument(
    help="A Maildir, an mbox file, or a folder of .eml files.", exists=True)]) -> None:
    """Add mail to the local mailbox (like Gmail receiving it). Run `mailroom run` next."""
    stack = ctx_of(ctx).local_stack("ingest")
    report = stack.mailbox.import_path(path)
    stack.queue.publish(MailboxChanged(mailbox=stack.mailbox.name))
    console.print(f"{len(report.added)} new messages, {len(report.already_present)} already in the mailbox.")


def run(ctx: typer.Context) -> None:
    """Process everything waiting: fetch, archive, read, stage, post approved rows, sync labels."""
    report = drive(ctx_of(ctx).stack)
    console.print(summary_line(report))


def drive(stack: Stack, *, post: bool = True) -> RunReport:
    """Run the pipeline until idle with a progress display; posting/sync come last."""
    for mailbox in stack.services.mailboxes.values():
        stack.queue.publish(MailboxChanged(mailbox=mailbox.name))
    report = _run_with_progress(stack)
    if post:
        stack.queue.publish(PostApproved())
        stack.queue.publish(SyncErpStatus())
        report = _merge(report, _run_with_progress(stack))
    return report


def sync(ctx: typer.Context, dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Validate and show what would be posted; change nothing.")] = False) -> None:
    """Post approved rows to the ERP, then mirror ERP status (paid, cancelled) to rows and labels."""
    stack = ctx_of(ctx).stack
    if dry_run:
        from mailroom.service_layer.post import post_approved

        result = post_approved(PostApproved(), stack.services, dry_run=True)
        for line in result.posted:
            console.print(line)
        for key, reason in result.failed.items():
            console.print(f"[red]{key}[/]: {reason}")
        return
    stack.queue.publish(PostApproved())
    stack.queue.publish(SyncErpStatus())
    console.print(summary_line(_run_with_progress(stack)))


def status(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Machine-readable.")] = False) -> None:
    """Counts per status and per stage."""
    stack = ctx_of(ctx).stack
    counts = pipeline_status(stack.services)
    counts["queue"] = {"pending": stack.queue.pending_count(), "dead_letters": len(stack.queue.dead_letters())}
    if as_json:
        typer.echo(json.dumps(counts, sort_keys=True))
        return
    for name, value in counts.items():
        console.print(f"[bold]{name}[/]: {value}")


def export(ctx: typer.Context,
           xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write the staging sheet as .xlsx.")] = None,
           csv: Annotated[Path | None, typer.Option("--csv", help="Write the staging sheet as .csv.")] = None) -> None:
    """Export the local staging sheet (text from mail never becomes a formula)."""
    if xlsx is None and csv is None:
        raise typer.BadParameter("give --xlsx FILE and/or --csv FILE")
    sheet = ctx_of(ctx).local_stack("export").sheet
    for path, write in ((xlsx, sheet.export_xlsx), (csv, sheet.export_csv)):
        if path is not None:
            write(path)
            console.print(f"wrote {path}")


def _run_with_progress(stack: Stack) -> RunReport:
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def show(_topic: str, report: RunReport) -> None:
            bar.update(task, description=summary_line(report) + f" · {stack.queue.pending_count()} waiting")

        return run_until_idle(stack.services, stack.queue, progress=show)


def summary_line(report: RunReport) -> str:
    parts = [f"{count} {_STAGE_NAMES.get(topic, topic)}" for topic, count in report.handled.items()]
    if report.retried:
        parts.append(f"{report.retried} retries")
    return "handled " + (", ".join(parts) or "nothing")


def _merge(first: RunReport, second: RunReport) -> RunReport:
    return RunReport(handled=first.handled + second.handled, seconds=first.seconds + second.seconds,
                     retried=first.retried + second.retried, failed=first.failed + second.failed)
