"""`mailroom addon`: the Gmail add-on, locally."""

from decimal import Decimal
from typing import Annotated

import typer

from mailroom.entrypoints.cli.context import console, ctx_of

app = typer.Typer(help="The Gmail sidebar add-on.", no_args_is_help=True)


@app.command()
def preview(ctx: typer.Context,
            port: Annotated[int, typer.Option(help="Loopback port (0: any free one).")] = 8765,
            host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
            user: Annotated[str, typer.Option(help="Who clicks (a configured reviewer).")] = "reviewer@local.test",
            approver: Annotated[bool, typer.Option(help="Also an approver (may post now).")] = True,
            limit: Annotated[Decimal | None, typer.Option(parser=Decimal, help="The approver's amount limit.")] = None) -> None:
    """Serve a Gmail-like page with the add-on's sidebar, against the local stack."""
    from mailroom.entrypoints.addon.preview import Preview, PreviewUser
    from mailroom.standins.google_identity import GoogleIdentityStandIn
    from mailroom.standins.server import serving

    stack = ctx_of(ctx).local_stack("addon preview")
    identity = GoogleIdentityStandIn()
    with serving(identity) as signer:
        identity.certs_url = f"{signer}/oauth2/v1/certs"
        site = Preview(stack, identity, PreviewUser(user, approver, limit))
        server = site.bind(host, port)
        # The first line is the address: scripts and the browser test read it.
        console.print(f"{site.base}", highlight=False, soft_wrap=True)
        console.print(f"[dim]add-on preview for {user} on {stack.settings.home}; Ctrl-C stops it[/]")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
