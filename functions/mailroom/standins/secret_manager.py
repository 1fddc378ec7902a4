"""Secret Manager v1 `versions:access`, the one call mailroom makes."""

import base64

import google_crc32c
from flask import Response, jsonify

from mailroom.standins.server import StandIn, google_error


class SecretManagerStandIn(StandIn):
    def __init__(self, secrets: dict[str, bytes] | None = None, **kwargs) -> None:
        self.secrets = dict(secrets or {})  # "projects/P/secrets/S" → payload
        self.corrupt = False  # answer with a checksum that does not match
        super().__init__(**kwargs)

    def routes(self) -> None:
        self.app.add_url_rule(
            "/v1/projects/<project>/secrets/<secret>/versions/<version>:access",
            "versions.access", self._access, methods=["GET"],
        )

    def _access(self, project: str, secret: str, version: str) -> Response:
        name = f"projects/{project}/secrets/{secret}"
        if name not in self.secrets:
            return google_error(404, f"Secret [{name}] not found or has no versions.")
        data = self.secrets[name]
        crc = google_crc32c.value(data) ^ (1 if self.corrupt else 0)
        return jsonify({
            "name": f"{name}/versions/1",
            "payload": {"data": base64.b64encode(data).decode(), "dataCrc32c": str(crc)},
        })
