"""`mailroom sheet create | check`: the Google Sheet reviewers work in, built from and checked
against the template. Credentials are Application Default Credentials (`gcloud auth
application-default login`, or the service account on Cloud); the spreadsheet id and a
stand-in endpoint default to the settings `google.spreadsheet_id` and `google.endpoints.sheets`."""

from pathlib import Path
from typing import Annotated

import typer

from mailroom.adapters.google.sheets_admin import check_spreadsheet, create_spreadsheet
from mailroom.adapters.google.sheets_client import open_spreadsheet, sheets_client
from mailroom.adapters.google.sheets_template import DEFAULT_TEMPLATE, load_template
from mailroom.entrypoints.cli.context import console, ctx_of

app = typer.Typer(
    help="The Google staging sheet: build it from the template, check it for drift.",
    no_args_is_help=True,
)

EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        help="Send Sheets calls to this base URL (a stand-in), unauthenticated. "
        "Default: the setting google.endpoints.sheets, else Google.",
    ),
]
TemplateOption = Annotated[Path, typer.Option("--template", help="The sheet template (YAML).")]


@app.command()
def create(
    ctx: typer.Context,
    title: Annotated[
        str, typer.Option("--title", help="The new spreadsheet's name.")
    ] = "mailroom staging",
    editors: Annotated[
        list[str] | None,
        typer.Option(
            "--editor",
            help="Who else may write the protected columns: the pipeline's service account.",
        ),
    ] = None,
    endpoint: EndpointOption = None,
    template: TemplateOption = DEFAULT_TEMPLATE,
) -> None:
    """Create a spreadsheet laid out as the template says; prints its id and link."""
    client = sheets_client(endpoint or ctx_of(ctx).settings.google.endpoints.sheets or None)
    spreadsheet = create_spreadsheet(client, load_template(template), title, editors or [])
    typer.echo(spreadsheet.id)
    typer.echo(spreadsheet.url)


@app.command()
def check(
    ctx: typer.Context,
    spreadsheet_id: Annotated[
        str | None,
        typer.Option("--spreadsheet-id", help="Default: the setting google.spreadsheet_id."),
    ] = None,
    endpoint: EndpointOption = None,
    template: TemplateOption = DEFAULT_TEMPLATE,
) -> None:
    """Report how a live sheet differs from the template (exit status 1 if it does)."""
    google = ctx_of(ctx).settings.google
    if not (spreadsheet_id := spreadsheet_id or google.spreadsheet_id):
        raise typer.BadParameter("give --spreadsheet-id or set MAILROOM_GOOGLE__SPREADSHEET_ID")
    client = sheets_client(endpoint or google.endpoints.sheets or None)
    problems = check_spreadsheet(open_spreadsheet(client, spreadsheet_id), load_template(template))
    for problem in problems:
        console.print(f"drift: {problem}", markup=False, soft_wrap=True)
    if problems:
        raise typer.Exit(1)
    console.print("the sheet matches the template")
