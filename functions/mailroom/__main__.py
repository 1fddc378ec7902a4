"""`python -m mailroom` is the `mailroom` command."""

from mailroom.entrypoints.cli import main

main()
