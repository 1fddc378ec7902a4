"""Driven adapters: the ports implemented against real engines (local files and SQLite here,
Google APIs and ERPs beside). Nothing is imported at package import time; bootstrap picks."""
