"""`mailroom`: the root command, global options and error reporting."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from mailroom.domain.errors import MailroomError
from mailroom.entrypoints.cli import (
    addon_cmds, bench_cmds, demo_cmds, devstack_cmds, dlq_cmds, erp_cmds, extract_cmd, ledger_cmds,
    pipeline_cmds, review_cmds, sheet_cmds,
)
from mailroom.entrypoints.cli.context import CliContext, errors
from mailroom.entrypoints.structured_logging import configure

app = typer.Typer(
    name="mailroom",
    help="Turn invoices and purchase orders in email into reviewed ERP records.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[Path | None, typer.Option(
        "--home", envvar="MAILROOM_HOME", help="Folder for the local mailbox, archive, sheet and ledger."
    )] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="JSON logs on stderr.")] = False,
) -> None:
    configure("INFO" if verbose else "WARNING")
    ctx.obj = CliContext(home=home)


pipeline_cmds.register(app)
demo_cmds.register(app)
app.command("extract")(extract_cmd.extract_command)
app.add_typer(review_cmds.app, name="review")
app.add_typer(ledger_cmds.ledger_app, name="ledger")
app.add_typer(ledger_cmds.mailbox_app, name="mailbox")
app.add_typer(dlq_cmds.app, name="dlq")
app.add_typer(bench_cmds.app, name="bench")
app.add_typer(erp_cmds.app, name="erp")
app.add_typer(sheet_cmds.app, name="sheet")
app.add_typer(addon_cmds.app, name="addon")
app.add_typer(devstack_cmds.app, name="devstack")


def main() -> None:
    try:
        app()
    except MailroomError as exc:
        errors.print(f"[bold red]error:[/] {exc}")
        sys.exit(1)
