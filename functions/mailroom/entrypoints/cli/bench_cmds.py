"""`mailroom bench`: measured figures, never timed tests."""

import json
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from mailroom.bootstrap import bootstrap_local
from mailroom.config import Settings
from mailroom.entrypoints.cli.context import console
from mailroom.entrypoints.cli.pipeline_cmds import drive

app = typer.Typer(help="Benchmarks that print the figures the issues ask for.", no_args_is_help=True)


@app.command()
def pipeline(mailbox: Annotated[Path | None, typer.Argument(
                 help="A Maildir, mbox or .eml folder (default: the generated sample mailbox).")] = None,
             as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Emails per second and time per stage, on a fresh local stack."""
    with tempfile.TemporaryDirectory(prefix="mailroom-bench-") as tmp:
        home = Path(tmp)
        if mailbox is None:
            from mailroom.samples import generate_mailbox

            mailbox = generate_mailbox(home / "samples").inbox
        stack = bootstrap_local(Settings(home=home / "stack"))
        started = time.perf_counter()
        imported = stack.mailbox.import_path(mailbox)
        report = drive(stack)
        elapsed = time.perf_counter() - started
    mails = len(imported.added)
    figures = {
        "emails": mails,
        "documents": report.handled["documents"],
        "seconds": round(elapsed, 3),
        "emails_per_s": round(mails / elapsed, 2),
        "stage_seconds": {topic: round(s, 3) for topic, s in report.seconds.items()},
    }
    if as_json:
        typer.echo(json.dumps(figures))
        return
    table = Table("stage", "handled", "seconds", "ms each")
    for topic, seconds in report.seconds.items():
        count = report.handled[topic] or 1
        table.add_row(topic, str(report.handled[topic]), f"{seconds:.2f}", f"{1000 * seconds / count:.0f}")
    console.print(table)
    console.print(f"{mails} emails, {figures['documents']} documents in {elapsed:.2f} s "
                  f"→ [bold]{figures['emails_per_s']} emails/s[/]")
