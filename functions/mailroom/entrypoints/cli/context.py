"""What every command shares: the settings, a lazily built local stack, and the console."""

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import typer
from rich.console import Console

from mailroom.bootstrap import LocalStack, Stack, bootstrap
from mailroom.config import Settings

console = Console()
errors = Console(stderr=True)


@dataclass
class CliContext:
    home: Path | None = None
    overrides: dict[str, object] = field(default_factory=dict)

    @cached_property
    def settings(self) -> Settings:
        values = {"home": self.home} if self.home else {}
        return Settings(**values, **self.overrides)  # type: ignore[arg-type]

    @cached_property
    def stack(self) -> Stack:
        return bootstrap(self.settings)

    def local_stack(self, command: str) -> LocalStack:
        """The embedded stack, for commands that only make sense on it."""
        stack = self.stack
        if not isinstance(stack, LocalStack):
            raise typer.BadParameter(
                f"`mailroom {command}` works on the local backend; MAILROOM_BACKEND is "
                f"'{self.settings.backend}' (with Google, mail arrives in Gmail and rows in the Sheet)")
        return stack


def ctx_of(ctx: typer.Context) -> CliContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, CliContext)
    return obj
