"""`mailroom erp check`: does the ERP have everything the mapping names (partners, taxes,
accounts, products, companies, currencies)? Exits 1 listing what is missing."""

from pathlib import Path
from typing import Annotated

import typer

from mailroom.adapters.erp.base import ErpConnector, load_mapping
from mailroom.adapters.erp.registry import connector_for
from mailroom.adapters.erp.settings import ConnectorName, ErpSettings
from mailroom.entrypoints.cli.context import console

app = typer.Typer(help="The ERP connector and its mapping.", no_args_is_help=True)


@app.command()
def check(
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", help="The YAML mapping (default: MAILROOM_ERP__MAPPING_PATH).")] = None,
    connector: Annotated[ConnectorName | None, typer.Option(
        "--connector", help="Which ERP (default: MAILROOM_ERP__CONNECTOR).")] = None,
) -> None:
    """Validate the mapping against the live ERP and report what is missing."""
    settings = ErpSettings()
    name = connector or settings.connector
    loaded = load_mapping(mapping or settings.mapping_path)  # a broken file fails before any call
    if name == "local":
        console.print("the local ledger takes any partner, tax and account: nothing to check")
        return
    erp = connector_for(name, settings, loaded)
    assert isinstance(erp, ErpConnector)
    problems = erp.check(loaded)
    for problem in problems:
        console.print(f"[red]missing[/] {problem}", soft_wrap=True)  # one line each, for grep
    if problems:
        raise typer.Exit(1)
    console.print(f"[green]ok[/] {name} has the {len(loaded.partners)} partners, "
                  f"{len(loaded.taxes) + len(loaded.sale_taxes)} taxes and every account, product,"
                  " company and currency the mapping names")


@app.command()
def rollback(ctx: typer.Context,
             key: Annotated[str, typer.Argument(help="The document id (see `mailroom review list`).")],
             by: Annotated[str, typer.Option("--by", help="Who rolls it back, for the audit log.")] = "cli") -> None:
    """Remove the ERP draft a posting created and mark the document Cancelled (never a posted entry)."""
    from mailroom.entrypoints.cli.context import ctx_of
    from mailroom.service_layer.rollback import roll_back

    record = roll_back(ctx_of(ctx).stack.services, key, by)
    console.print(f"{record.id}: draft {record.erp_number} rolled back → {record.status}")
