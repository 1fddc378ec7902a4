"""`mailroom dlq`: messages that kept failing. One path for both backends: the local queue's
dead letters, or with MAILROOM_BACKEND=google the Pub/Sub dead-letter subscription
(MAILROOM_CLOUD__DEAD_LETTER_SUBSCRIPTION in MAILROOM_GOOGLE__PROJECT); `dlq --local` reads the
local queue on either backend."""

import dataclasses
import json
from typing import Annotated

import typer

from mailroom.bootstrap import build_dead_letters
from mailroom.entrypoints.cli.context import console, ctx_of, errors
from mailroom.ports import DeadLetters

app = typer.Typer(help="Messages that kept failing (dead letters).", no_args_is_help=True)


@app.callback()
def dlq(ctx: typer.Context, local: Annotated[bool, typer.Option(
        "--local", help="The local queue's dead letters (from `mailroom run`), even with MAILROOM_BACKEND=google.")]
        = False) -> None:
    ctx.meta["dlq_local"] = local


@app.command("list")
def dlq_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable: every field.")] = False,
) -> None:
    """Dead-lettered messages and why they failed. Looking consumes nothing."""
    letters = _dead_letters(ctx).dead_letters()
    if as_json:
        typer.echo(json.dumps([dataclasses.asdict(letter) for letter in letters], sort_keys=True))
        return
    for letter in letters:
        topic = letter.topic or "(unknown source)"
        console.print(f"{letter.id}  {topic}  attempts={letter.attempts}  {letter.reason}\n"
                      f"    {letter.payload}", markup=False, highlight=False)


@app.command()
def replay(
    ctx: typer.Context,
    letter_id: Annotated[str | None, typer.Argument(help="Id from `dlq list`.")] = None,
    every: Annotated[bool, typer.Option("--all", help="Replay every dead letter.")] = False,
) -> None:
    """Put a dead letter back on its topic (after fixing the cause)."""
    if (letter_id is None) == (not every):
        raise typer.BadParameter("give one dead letter id, or --all")
    store = _dead_letters(ctx)
    outcome = store.replay(letter_id)
    hint = f"; {store.resume_hint}" if store.resume_hint else ""
    for replayed, topic in outcome.replayed.items():
        console.print(f"replayed {replayed} to {topic}{hint}", markup=False, highlight=False)
    for kept, why in outcome.kept.items():
        errors.print(f"not replayed {kept}: {why}", markup=False, highlight=False)
    if outcome.kept:
        raise typer.Exit(1)


def _dead_letters(ctx: typer.Context) -> DeadLetters:
    try:
        return build_dead_letters(ctx_of(ctx).settings, local=ctx.meta.get("dlq_local", False))
    except ValueError as exc:  # a setting is missing: say which instead of a traceback
        raise typer.BadParameter(str(exc)) from exc
