"""`mailroom review`: what a reviewer does in the Sheet, from the terminal."""

import getpass
import json
from typing import Annotated

import typer
from rich.table import Table

from mailroom.domain.errors import NotFoundError
from mailroom.domain.models import StagedRow
from mailroom.domain.status import Status
from mailroom.entrypoints.cli.context import console, ctx_of
from mailroom.service_layer import review

app = typer.Typer(help="List, inspect, edit, approve or reject staged rows.", no_args_is_help=True)

Key = Annotated[str, typer.Argument(help="A row key (document id) or a unique prefix of it.")]
Reviewer = Annotated[str, typer.Option("--reviewer", help="Who decides (for the audit log).")]


def _me() -> str:
    return getpass.getuser()


@app.command("list")
def list_rows(ctx: typer.Context,
              status: Annotated[list[Status] | None, typer.Option("--status", "-s", help="Only these.")] = None,
              as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The staged rows, in sheet order."""
    rows = ctx_of(ctx).stack.services.sheet.rows(statuses=status or None)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows]))
        return
    table = Table("key", "status", "type", "number", "seller / buyer", "total", "attention")
    for row in rows:
        party = row.buyer_name if row.document_type == "purchase_order" else row.seller_name
        total = f"{row.grand_total} {row.currency or ''}" if row.grand_total is not None else ""
        table.add_row(row.key[:12], row.status, row.document_type or "", row.invoice_number or "",
                      party or row.filename, total, row.error or row.low_confidence or row.checks)
    console.print(table)


@app.command()
def show(ctx: typer.Context, key: Key) -> None:
    """Every column of one row, and each extracted field's confidence and reason."""
    stack = ctx_of(ctx).stack
    row = _find(ctx, key)
    for name, value in row.model_dump(mode="json").items():
        if value not in (None, ""):
            console.print(f"[bold]{name}[/]: {value}")
    record = stack.services.state.document(row.key)
    if record is not None and record.extraction is not None:
        console.print(f"\n[bold]read by[/] {record.extraction.method}")
        for name, found in record.extraction.fields.items():
            console.print(f"  {name} = {found.value}  [dim]({found.confidence:.2f}: {found.why})[/]")


@app.command()
def approve(ctx: typer.Context, keys: Annotated[list[str] | None, typer.Argument(help="Row keys or prefixes.")] = None,
            clean: Annotated[bool, typer.Option("--clean", help="Approve every row that needs no attention.")] = False,
            reviewer: Reviewer = "") -> None:
    """Approve rows for posting (refused, with the reasons, if a row could not be posted)."""
    stack = ctx_of(ctx).stack
    targets = [_find(ctx, k).key for k in keys or []]
    if clean:
        targets += [r.key for r in stack.services.sheet.rows(statuses=[Status.EXTRACTED])]
    if not targets:
        raise typer.BadParameter("name rows to approve, or use --clean")
    for key in targets:
        row = review.approve(stack.services, key, reviewer or _me())
        console.print(f"{key[:12]} → {row.status}")


@app.command()
def reject(ctx: typer.Context, key: Key,
           reason: Annotated[str, typer.Option("--reason", "-r", help="Why (kept on the row).")],
           reviewer: Reviewer = "") -> None:
    """Reject a row: it will never be posted."""
    row = review.reject(ctx_of(ctx).stack.services, _find(ctx, key).key, reviewer or _me(), reason)
    console.print(f"{row.key[:12]} → {row.status}")


@app.command()
def hold(ctx: typer.Context, key: Key,
         reason: Annotated[str, typer.Option("--reason", "-r")] = "", reviewer: Reviewer = "") -> None:
    """Put a row on hold (e.g. waiting for a credit note)."""
    row = review.hold(ctx_of(ctx).stack.services, _find(ctx, key).key, reviewer or _me(), reason)
    console.print(f"{row.key[:12]} → {row.status}")


@app.command()
def edit(ctx: typer.Context, key: Key,
         assignments: Annotated[list[str], typer.Argument(help="field=value pairs, e.g. due_date=2026-03-01")],
         reviewer: Reviewer = "") -> None:
    """Correct fields; dates and amounts are parsed in any common format."""
    values = dict(_split(a) for a in assignments)
    row = review.edit(ctx_of(ctx).stack.services, _find(ctx, key).key, reviewer or _me(), values)
    console.print(f"{row.key[:12]} updated ({row.status})" + (f": {row.checks}" if row.checks else ""))


def _split(assignment: str) -> tuple[str, str]:
    name, sep, value = assignment.partition("=")
    if not sep:
        raise typer.BadParameter(f"'{assignment}' is not field=value")
    return name.strip(), value


def _find(ctx: typer.Context, key: str) -> StagedRow:
    rows = [r for r in ctx_of(ctx).stack.services.sheet.rows() if r.key.startswith(key)]
    if len(rows) != 1:
        raise NotFoundError(f"{'no' if not rows else 'more than one'} row matches '{key}'")
    return rows[0]
