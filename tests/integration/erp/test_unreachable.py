"""An ERP that is not there, or never answers, is a transient error for every transport."""

import socket
from collections.abc import Iterator

import pytest

from mailroom.adapters.erp.base import http_error
from mailroom.adapters.erp.erpnext.client import FrappeClient
from mailroom.adapters.erp.odoo.client import OdooClient
from mailroom.adapters.erp.webhook.client import WebhookClient
from mailroom.domain.errors import NotFoundError, PermanentError, TransientError


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """Accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


CALLS = {
    "odoo-xmlrpc": lambda url: OdooClient(url, "db", "u", "k", timeout=0.2).version(),
    "odoo-jsonrpc": lambda url: OdooClient(url, "db", "u", "k", protocol="jsonrpc", timeout=0.2).version(),
    "erpnext": lambda url: FrappeClient(url, "k", "s", timeout=0.2).get("Supplier", "x"),
    "webhook": lambda url: WebhookClient(url, "secret", retries=0, timeout=0.2).send({}, "key"),
}


@pytest.mark.parametrize("transport", CALLS)
def test_a_refused_connection_is_transient(transport, closed_port):
    with pytest.raises(TransientError, match="did not answer"):
        CALLS[transport](f"http://127.0.0.1:{closed_port}")


@pytest.mark.parametrize("transport", CALLS)
def test_a_server_that_never_answers_is_transient(transport, silent_port):
    with pytest.raises(TransientError, match="did not answer"):
        CALLS[transport](f"http://127.0.0.1:{silent_port}")


@pytest.mark.parametrize(("status", "kind"), [(400, PermanentError), (401, PermanentError), (403, PermanentError),
                                             (404, NotFoundError), (408, TransientError), (417, PermanentError),
                                             (429, TransientError), (502, TransientError), (503, TransientError)])
def test_http_statuses_map_to_the_error_kinds(status, kind):  # 404: a PermanentError that says so
    error = http_error(status, "x")
    assert type(error) is kind
