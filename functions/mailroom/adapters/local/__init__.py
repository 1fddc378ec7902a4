"""The embedded default: every port backed by real local engines, with no Google account.

Everything lives under one data folder (`.mailroom/` by default): SQLite files in WAL mode
that the CLI and a running `mailroom run` can share, and a write-once folder of originals."""
