"""Local inspection commands: the ledger (the embedded ERP) and the mailbox."""

from typing import Annotated

import typer
from rich.table import Table

from mailroom.entrypoints.cli.context import console, ctx_of

ledger_app = typer.Typer(help="The local ledger: the embedded stand-in for an ERP.", no_args_is_help=True)
mailbox_app = typer.Typer(help="The local mailbox and its labels.", no_args_is_help=True)


@ledger_app.command("list")
def ledger_list(ctx: typer.Context) -> None:
    """Every entry in the ledger."""
    table = Table("number", "state", "partner", "reference", "total", "source")
    for entry in _ledger(ctx).entries():
        table.add_row(entry.number, entry.state, entry.partner_name, entry.reference,
                      f"{entry.grand_total} {entry.currency}", entry.idempotency_key[:12])
    console.print(table)


@ledger_app.command()
def pay(ctx: typer.Context, number: Annotated[str, typer.Argument(help="Ledger number, e.g. BILL/2026/0001.")]) -> None:
    """Mark an entry paid, as the accountant would in the ERP. `mailroom sync` mirrors it."""
    record = _ledger(ctx).mark_paid(number)
    console.print(f"{record.number} → {record.state}")


@ledger_app.command()
def cancel(ctx: typer.Context, number: Annotated[str, typer.Argument(help="Ledger number.")]) -> None:
    """Cancel an entry in the ledger. `mailroom sync` mirrors it."""
    record = _ledger(ctx).cancel(number)
    console.print(f"{record.number} → {record.state}")


@mailbox_app.command("list")
def mailbox_list(ctx: typer.Context) -> None:
    """Messages in the local mailbox with their labels."""
    table = Table("id", "from", "subject", "labels")
    for message in ctx_of(ctx).local_stack("mailbox list").mailbox.messages():
        table.add_row(message.message_id, message.sender, message.subject, ", ".join(sorted(message.labels)))
    console.print(table)


def _ledger(ctx: typer.Context):  # type: ignore[no-untyped-def]
    ledger = ctx_of(ctx).stack.ledger
    if ledger is None:
        raise typer.BadParameter("the configured ERP is not the local ledger")
    return ledger
