"""`mailroom devstack`: the Cloud Functions on this machine, against the Google stand-ins."""

import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from mailroom.entrypoints.cli.context import console

app = typer.Typer(help="The Cloud Functions locally, wired to stand-ins of every Google API.",
                  no_args_is_help=True)


@app.command()
def up(home: Annotated[Path, typer.Option(help="Where the functions keep their local files.")] = Path(
        ".mailroom-devstack")) -> None:
    """Start every function and stand-in and print their URLs; Ctrl-C stops them."""
    from mailroom.devstack.stack import devstack

    with devstack(home) as stack:
        table = Table("function", "url")
        for name, url in stack.urls.items():
            table.add_row(name, url)
        console.print(table)
        console.print(f"Gmail stand-in mailbox {stack.settings.google.mailboxes[0]}; Ctrl-C to stop.")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            console.print("stopped")


@app.command()
def demo(scans: Annotated[bool, typer.Option(help="Include the scanned documents (OCR'd by the Vision stand-in).")] = True,
         concurrency: Annotated[int, typer.Option(min=1, help="Deliveries in flight at once.")] = 4) -> None:
    """The generated mailbox through the functions: push, archive, read, stage, review, post."""
    from mailroom.devstack.stack import devstack, run_mail_through
    from mailroom.entrypoints.cloud import wiring

    with tempfile.TemporaryDirectory(prefix="mailroom-devstack-") as tmp, devstack(Path(tmp) / "stack") as stack:
        emls = sample_mails(Path(tmp), scans)
        with console.status("mail flowing through the functions"):
            seconds = run_mail_through(stack, emls, concurrency=concurrency)
        rows = wiring.services().sheet.rows()
        console.print(f"{len(emls)} mails → {len(rows)} rows: "
                      + ", ".join(f"{n} {s}" for s, n in sorted(Counter(r.status.value for r in rows).items())))
        console.print(f"dead letters: {len(stack.dispatcher.dead_letters)}")
        for phase, value in seconds.items():
            console.print(f"{phase}: {value:.2f} s")


def bench(concurrency: Annotated[list[int], typer.Option(help="Deliveries in flight; repeat to compare.")] = [1, 4],  # noqa: B006
          scans: Annotated[bool, typer.Option(help="Include the scanned documents.")] = False) -> None:
    """Latency from Gmail's notification to staged rows, and mails/s, through the functions."""
    from mailroom.devstack.stack import devstack, run_mail_through

    table = Table("in flight", "mails", "to documents read", "to rows in Sheet", "mails/s")
    for in_flight in concurrency:
        with tempfile.TemporaryDirectory(prefix="mailroom-devstack-") as tmp, devstack(Path(tmp) / "stack") as stack:
            emls = sample_mails(Path(tmp), scans)
            seconds = run_mail_through(stack, emls, concurrency=in_flight)
        read, staged = seconds["notification to documents read"], seconds["notification to rows in the Sheet"]
        table.add_row(str(in_flight), str(len(emls)), f"{read:.2f} s", f"{staged:.2f} s", f"{len(emls) / staged:.2f}")
    console.print(table)


def sample_mails(folder: Path, scans: bool) -> list[Path]:
    from mailroom.samples import generate_mailbox

    sample = generate_mailbox(folder / "samples")
    skip = set() if scans else {"scan-jpeg", "image-only-pdf"}
    return [sample.inbox / Path(m.file).name for m in sample.mails if m.case not in skip]
