"""`mailroom bench`: measured figures, never timed tests."""

import json
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import track
from rich.table import Table

from mailroom.benchmarks.extraction import BenchReport, load_truth, score, time_document
from mailroom.bootstrap import bootstrap_local, build_text_source, rules_from
from mailroom.config import Settings
from mailroom.entrypoints.cli import bench_google, devstack_cmds
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


@app.command()
def extract(folder: Annotated[Path, typer.Argument(help="A folder with documents and truth.jsonl.", exists=True)],
            show_wrong: Annotated[bool, typer.Option("--show-wrong", help="List every wrong field.")] = False,
            as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Per-field accuracy, coverage, confident-field precision and documents/s against truth.jsonl."""
    from mailroom.domain.reading import extract as extract_fields
    from mailroom.service_layer.documents_on_disk import extract_all

    settings = Settings()
    truth = load_truth(folder)
    report = BenchReport(documents=len(truth))
    by_source = {str(folder / entry["file"]): entry for entry in truth}
    started = time.perf_counter()
    outcomes = extract_all(list(by_source), build_text_source(settings), rules_from(settings), extract_fields)
    for outcome in track(outcomes, total=len(by_source), description="extracting", console=console, transient=True):
        if outcome.extraction is None:
            report.errors.append(f"{outcome.source}: {outcome.error}")
        else:
            score(report, by_source[outcome.source], outcome.extraction)
            time_document(report, outcome.extraction.method, outcome.seconds, outcome.ocr_pages)
    report.seconds = time.perf_counter() - started
    _print_extract_report(report, show_wrong=show_wrong, as_json=as_json)


def _print_extract_report(report: BenchReport, *, show_wrong: bool, as_json: bool) -> None:
    per_field = {name: {"expected": s.expected, "coverage": round(s.found / s.expected, 4) if s.expected else None,
                        "accuracy": round(s.correct / s.expected, 4) if s.expected else None}
                 for name, s in report.fields.items()}
    figures = {"documents": report.documents, "errors": report.errors, "accuracy": round(report.accuracy, 4),
               "confident_precision": round(report.confident_precision, 4),
               "confident_fields": sum(report.confident.values()),
               "documents_per_s": round(report.documents / report.seconds, 2),
               "first_document_s": round(report.first_document_seconds or 0.0, 3),
               "speed": {method: {"documents": s.documents, "documents_per_s": round(s.documents_per_s, 2),
                                  "ocr_pages": s.ocr_pages, "seconds_per_ocr_page":
                                      round(s.seconds_per_ocr_page, 2) if s.ocr_pages else None}
                         for method, s in sorted(report.speed.items())},
               "fields": per_field}
    if as_json:
        typer.echo(json.dumps(figures))
        return
    table = Table("field", "in truth", "coverage", "accuracy")
    for name, stat in per_field.items():
        if stat["expected"]:
            table.add_row(name, str(stat["expected"]), f"{stat['coverage']:.1%}", f"{stat['accuracy']:.1%}")
    console.print(table)
    for line in report.errors + (report.wrong if show_wrong else []):
        console.print(f"[red]{line}[/]")
    console.print(f"[bold]field accuracy {report.accuracy:.1%}[/] · confident (≥0.9) precision "
                  f"{report.confident_precision:.1%} of {figures['confident_fields']} · "
                  f"{figures['documents_per_s']} documents/s · {len(report.errors)} errors")
    rates = [f"{method} {s['documents_per_s']} documents/s ({s['documents']})"
             + (f", {s['seconds_per_ocr_page']} s per OCR page" if s["ocr_pages"] else "")
             for method, s in figures["speed"].items()]
    console.print(f"speed after the first document ({figures['first_document_s'] * 1000:.0f} ms, one-time "
                  f"setup included): " + (" · ".join(rates) or "no further documents"))


app.command("google")(bench_google.google)
app.command("devstack")(devstack_cmds.bench)


@app.command()
def addon(rounds: Annotated[int, typer.Option(help="Calls per figure.")] = 50,
          as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Gmail add-on latency per trigger and action (token checks, service layer, card JSON)."""
    from mailroom.entrypoints.addon.bench import run

    figures = run(rounds)
    if as_json:
        typer.echo(json.dumps(figures))
        return
    table = Table("call", "median ms", "p95 ms", "max ms")
    for name, figure in figures.items():
        table.add_row(name, *(f"{figure[k]:.1f}" for k in ("median_ms", "p95_ms", "max_ms")))
    console.print(table)
