"""Transient faults as the reverse proxy in front of Odoo or ERPNext sends them: nginx's HTML
page with the status code, not the application's own error format (the app never saw the
request). Also closing the connection after the app did its work: a lost response."""

import socket
from http import HTTPStatus

from flask import Response, request

from mailroom.standins.server import Faults


class ProxyFaults(Faults):
    def respond(self) -> Response | None:
        code = self.next_failure()
        if code is None:
            return None
        self.injected += 1
        reason = HTTPStatus(code).phrase
        page = (f"<html><head><title>{code} {reason}</title></head><body><center><h1>{code} {reason}"
                "</h1></center><hr><center>nginx</center></body></html>")
        return Response(page, status=code, content_type="text/html", headers={"Retry-After": "0"})


def drop_connection() -> None:
    """Close the client's connection before the response is written, as a proxy timing out or a
    network cut does: the work is done, the client only sees the connection end."""
    connection = request.environ["werkzeug.socket"]
    connection.shutdown(socket.SHUT_RDWR)
