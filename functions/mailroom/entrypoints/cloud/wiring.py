"""The cloud stack, built once per instance on first use (never at import: cold starts)."""

import threading
from functools import cache

from mailroom.config import Settings
from mailroom.service_layer.services import Services

_lock = threading.Lock()


@cache
def settings() -> Settings:
    from mailroom.entrypoints.structured_logging import configure

    loaded = Settings()
    configure(loaded.log_level)
    return loaded


_services: Services | None = None


def services() -> Services:
    global _services
    with _lock:  # gunicorn serves several requests per instance on threads
        if _services is None:
            from mailroom.bootstrap import bootstrap

            _services = bootstrap(settings(), runtime="functions").services
        return _services


def override(replacement: Services | None) -> None:
    """Tests and the dev stack hand in their own stack (None: build from settings again)."""
    global _services
    with _lock:
        _services = replacement
