"""The cloud stack, built once per instance on first use (never at import: cold starts)."""

import threading

from mailroom.config import Settings
from mailroom.service_layer.services import Services

_lock = threading.Lock()
_settings: Settings | None = None
_services: Services | None = None


def settings() -> Settings:
    global _settings
    with _lock:
        if _settings is None:
            from mailroom.entrypoints.structured_logging import configure

            _settings = Settings()
            configure(_settings.log_level)
        return _settings


def services() -> Services:
    global _services
    current = settings()
    with _lock:  # gunicorn serves several requests per instance on threads
        if _services is None:
            from mailroom.bootstrap import bootstrap

            _services = bootstrap(current, runtime="functions").services
        return _services


def override(replacement: Services | None, replacement_settings: Settings | None = None) -> None:
    """Tests and the dev stack hand in their own stack, and settings if they want (None: build
    from the environment again)."""
    global _services
    with _lock:
        _services = replacement
    if replacement_settings is not None or replacement is None:
        _use_settings(replacement_settings)


def reload_settings() -> None:
    """Read the environment again on next use (tests that change it)."""
    _use_settings(None)


def _use_settings(replacement: Settings | None) -> None:
    global _settings
    with _lock:
        _settings = replacement
    from mailroom.entrypoints.cloud import http

    http.verifier.cache_clear()
