"""Driving adapters: the CLI, the local runner, and (later) the Cloud Functions translators."""
