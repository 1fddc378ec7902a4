"""`mailroom demo` (the whole flow on generated mail) and `mailroom samples`."""

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from mailroom.bootstrap import LocalStack
from mailroom.domain.errors import BadInputError
from mailroom.domain.status import Status
from mailroom.entrypoints.cli.context import console, ctx_of
from mailroom.entrypoints.cli.pipeline_cmds import drive, summary_line
from mailroom.service_layer import review
from mailroom.service_layer.status import pipeline_status

DEMO_REVIEWER = "demo-reviewer"


def register(app: typer.Typer) -> None:
    app.command()(demo)
    app.command()(samples)


def demo(ctx: typer.Context) -> None:
    """Run the whole flow on a generated multilingual mailbox (running it again changes nothing).

    Ingest, read, stage; a reviewer approves the clean rows; post to the local ledger; the
    accountant pays one bill; the labels follow.
    """
    from mailroom.samples import generate_mailbox

    stack = ctx_of(ctx).local_stack("demo")
    home = stack.settings.home
    console.rule("[bold]1. mail arrives")
    inbox = home / "samples" / "inbox"
    if not inbox.is_dir():  # generated once; the same seed would give the same bytes anyway
        generate_mailbox(home / "samples")
    imported = stack.mailbox.import_path(inbox)
    console.print(f"{len(imported.added)} new mails in {inbox} ({len(imported.already_present)} seen before)")
    console.rule("[bold]2. archive, read, extract, stage")
    console.print(summary_line(drive(stack, post=False)))
    console.rule("[bold]3. a reviewer approves what can be posted, and leaves the rest")
    _review(stack)
    console.rule("[bold]4. post to the ledger; the accountant pays one bill")
    console.print(summary_line(drive(stack)))
    _pay_first_bill(stack)
    console.print(summary_line(drive(stack)))
    _summary(stack)


def _review(stack: LocalStack) -> None:
    """The demo reviewer approves every row that is complete and consistent; rows with
    missing values stay in the queue, as they would for a person."""
    for row in stack.sheet.rows(statuses=[Status.EXTRACTED, Status.NEEDS_REVIEW]):
        try:
            review.approve(stack.services, row.key, DEMO_REVIEWER)
        except BadInputError as exc:
            console.print(f"left for review: {row.filename} ({exc})")
        else:
            console.print(f"approved {row.invoice_number} from {row.seller_name or row.buyer_name}")


def _pay_first_bill(stack: LocalStack) -> None:
    bills = [e for e in stack.ledger.entries() if e.number.startswith("BILL/")]
    if bills and bills[0].state == "posted":
        stack.ledger.mark_paid(bills[0].number)
        console.print(f"paid {bills[0].number} in the ledger")


def _summary(stack: LocalStack) -> None:
    home = stack.settings.home
    exports = home / "exports"
    exports.mkdir(exist_ok=True)
    stack.sheet.export_xlsx(exports / "staging.xlsx")
    stack.sheet.export_csv(exports / "staging.csv")
    console.rule("[bold]result")
    table = Table("status", "number / file", "party", "total", "ERP / reason", box=box.SIMPLE_HEAD, pad_edge=False)
    for column, width in zip(table.columns, (12, 13, 16, 13, 18), strict=True):  # fits 80 columns
        column.no_wrap, column.overflow, column.max_width = True, "ellipsis", width
    for row in stack.sheet.rows():
        party = row.buyer_name if row.document_type == "purchase_order" else row.seller_name
        total = f"{row.grand_total} {row.currency or ''}" if row.grand_total is not None else ""
        why = row.erp_number or row.error or row.note or row.checks or row.low_confidence
        table.add_row(row.status, row.invoice_number or row.filename, party or "", total, why)
    console.print(table)
    counts = pipeline_status(stack.services)
    console.print(f"messages: {counts['messages']}  ·  posted: {counts['posted']} (paid {counts['paid']})"
                  f"  ·  needs review: {counts['needs_review']}  ·  errors: {counts['errors']}"
                  f"  ·  duplicates: {counts['duplicates']}")
    console.print(f"""
[bold]Where to look[/]
  archived originals   {home / 'archive'}
  staging sheet        {exports / 'staging.xlsx'}  (and .csv)
  review queue         .venv/bin/mailroom --home {home} review list
  ledger (local ERP)   .venv/bin/mailroom --home {home} ledger list
  Gmail-style labels   .venv/bin/mailroom --home {home} mailbox list
  everything, as JSON  .venv/bin/mailroom --home {home} status --json""")


def samples(out: Annotated[Path, typer.Argument(help="Folder to write into.")],
            seed: Annotated[int, typer.Option(help="Same seed, same bytes.")] = 7,
            documents: Annotated[int, typer.Option(help="Also write an extraction corpus of N documents.")] = 0) -> None:
    """Write the sample mailbox (and optionally a larger document corpus) with ground truth."""
    from mailroom.samples import generate_documents, generate_mailbox

    sample = generate_mailbox(out, seed=seed)
    console.print(f"{len(sample.mails)} mails in {sample.inbox}, truth in {out / 'truth.jsonl'}")
    if documents:
        folder = generate_documents(out / "corpus", seed=seed, count=documents)
        console.print(f"{documents} documents in {folder}")
