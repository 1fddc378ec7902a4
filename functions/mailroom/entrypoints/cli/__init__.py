"""The `mailroom` command line."""

from mailroom.entrypoints.cli.app import main

__all__ = ["main"]
