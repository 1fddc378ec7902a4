"""`mailroom bench google`: what the Google backend costs in API calls, counted by the
stand-ins the real client libraries talk to (docs/google-apis.md has the quota tables)."""

import json
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from mailroom.entrypoints.cli.context import console


def google(mailbox: Annotated[Path | None, typer.Argument(
               help="A folder of .eml files (default: the generated sample mailbox).")] = None,
           scans: Annotated[bool, typer.Option(help="Include the scanned documents (OCR'd by the Vision stand-in).")] = True,
           repeat: Annotated[int, typer.Option(min=1, help="Deliver every mail this many times (as resent copies), for a burst of rows.")] = 1,
           as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Gmail calls and quota units per message, Sheets requests per 100 rows, Vision calls per
    text-layer and per scanned document, on the Google backend against local stand-ins."""
    from mailroom.bootstrap import bootstrap
    from mailroom.devstack.google_standins import google_stand_ins
    from mailroom.entrypoints.cli.pipeline_cmds import drive

    with tempfile.TemporaryDirectory(prefix="mailroom-bench-google-") as tmp, google_stand_ins() as stand_ins:
        home = Path(tmp)
        emls = _copies(_mails(home, mailbox, scans), repeat, home / "copies")
        stand_ins.deliver(emls)
        stack = bootstrap(stand_ins.settings(home / "stack"))
        started = time.perf_counter()
        drive(stack, post=False)
        elapsed = time.perf_counter() - started
        documents = stack.services.state.documents()
        counts = stand_ins.counts()
    figures = _figures(len(emls), documents, counts, elapsed)
    if as_json:
        typer.echo(json.dumps(figures))
        return
    table = Table("figure", "value")
    for name, value in figures.items():
        table.add_row(name, str(value))
    console.print(table)


def _mails(home: Path, mailbox: Path | None, scans: bool) -> list[Path]:
    if mailbox is not None:
        return sorted(mailbox.glob("*.eml"))
    from mailroom.samples import generate_mailbox

    sample = generate_mailbox(home / "samples")
    skip = set() if scans else {"scan-jpeg", "image-only-pdf"}
    return [sample.inbox / Path(m.file).name for m in sample.mails if m.case not in skip]


def _copies(emls: list[Path], repeat: int, folder: Path) -> list[Path]:
    """Each mail `repeat` times under a new Message-ID: a month-end burst of re-sent mail."""
    if repeat == 1:
        return emls
    folder.mkdir(parents=True)
    copies = []
    for n in range(repeat):
        for eml in emls:
            copy = folder / f"{n:03d}-{eml.name}"
            copy.write_bytes(eml.read_bytes().replace(b"Message-ID: <", f"Message-ID: <copy{n}.".encode(), 1))
            copies.append(copy)
    return copies


def _figures(mails: int, documents, counts: dict[str, int], elapsed: float) -> dict[str, object]:  # type: ignore[no-untyped-def]
    scanned = [d for d in documents if d.extraction is not None and d.extraction.method == "ocr"]
    text_layer = [d for d in documents if d.extraction is not None and d.extraction.method != "ocr"]
    rows = len(documents)
    return {
        "emails": mails,
        "documents": rows,
        "seconds": round(elapsed, 2),
        "gmail_calls_per_message": round(counts["gmail_calls"] / mails, 2),
        "gmail_round_trips_per_message": round(counts["gmail_round_trips"] / mails, 2),
        "gmail_quota_units_per_message": round(counts["gmail_quota_units"] / mails, 2),
        "sheets_requests": counts["sheets_requests"],
        "sheets_requests_per_100_rows": round(100 * counts["sheets_requests"] / rows, 1) if rows else None,
        "gcs_requests_per_document": round(counts["gcs_requests"] / rows, 2) if rows else None,
        "text_layer_documents": len(text_layer),
        "scanned_documents": len(scanned),
        # Every Vision request is for a scanned document: text layers are read locally.
        "vision_requests": counts["vision_requests"],
        "vision_pages": counts["vision_pages"],
    }
