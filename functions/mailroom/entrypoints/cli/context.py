"""What every command shares: the settings, a lazily built local stack, and the console."""

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import typer
from rich.console import Console

from mailroom.bootstrap import LocalStack, bootstrap_local
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
    def stack(self) -> LocalStack:
        return bootstrap_local(self.settings)


def ctx_of(ctx: typer.Context) -> CliContext:
    obj = ctx.find_root().obj
    assert isinstance(obj, CliContext)
    return obj
