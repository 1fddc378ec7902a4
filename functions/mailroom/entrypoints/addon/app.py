"""The add-on's one HTTP function: decode the event, verify both tokens, route by path
(/home, /message, /action) and answer with Card v1 JSON. A refused request does nothing and
says only "unauthorized"; the event's tokens never reach a log line."""

import logging
from collections.abc import Callable
from functools import cache
from typing import Any

from mailroom.config import Settings
from mailroom.domain.errors import BadInputError, PermanentError, TransientError
from mailroom.entrypoints.addon.actions import ACTIONS, Click, Outcome, current, home, refresh
from mailroom.entrypoints.addon.auth import AddonAuth
from mailroom.entrypoints.addon.event import decode
from mailroom.entrypoints.addon.present import View
from mailroom.entrypoints.addon.widgets import to_json
from mailroom.entrypoints.oidc import Unauthorized
from mailroom.service_layer.services import Services

log = logging.getLogger(__name__)

Answer = tuple[dict[str, Any], int, dict[str, str]]
_JSON = {"Content-Type": "application/json"}


class Addon:
    def __init__(self, settings: Settings, services: Callable[[], Services], request: object = None) -> None:
        self.settings = settings
        self.services = services  # built on the first verified request, never for a refused one
        self.auth = AddonAuth(settings.addon, settings.cloud.certs_url, request)
        self.action_url = f"{settings.addon.url.rstrip('/')}/action"

    def __call__(self, path: str, body: Any, authorization: str | None = None) -> Answer:
        route = path.rstrip("/").rpartition("/")[2]  # /home on Cloud Functions, /addon/home in the preview
        try:
            event = decode(body)
            user = self.auth.user(route, event, authorization)
        except (Unauthorized, BadInputError) as exc:
            log.warning("add-on request refused", extra={"route": route, "reason": str(exc)})
            return {"error": "unauthorized"}, 401, {**_JSON, "WWW-Authenticate": "Bearer"}
        services = self.services()
        click = Click(View(self.action_url, self.settings.addon.sheet_url, user,
                           services.review.confidence_threshold), services, event)
        name = route if route != "action" else event.parameters.get("do", "")
        log.info("add-on request", extra={"route": route, "user": user.email, "action": name})
        card, note = _run(TRIGGERS.get(name) if route != "action" else ACTIONS.get(name), click)
        if route != "action":  # a trigger opens the sidebar: its card starts the stack
            return {"action": {"navigations": [{"pushCard": to_json(card)}]}}, 200, _JSON
        action: dict[str, Any] = {"navigations": [{"updateCard": to_json(card)}]}
        if note:
            action["notification"] = {"text": note}
        return {"renderActions": {"action": action}}, 200, _JSON


TRIGGERS = {"home": home, "message": refresh}


def _run(handler: Callable[[Click], Outcome] | None, click: Click) -> Outcome:
    if handler is None:
        return current(click), "unknown action"
    try:
        return handler(click)
    except (PermanentError, TransientError) as exc:
        # Refused (a transition the life cycle forbids, a bad value) or the ERP was away: say
        # why, on the card the click came from.
        log.warning("add-on action failed", extra={"reason": str(exc)})
        retry = " (try again in a minute)" if isinstance(exc, TransientError) else ""
        return current(click), f"Not done: {exc}{retry}"


@cache
def addon() -> Addon:
    """The deployed add-on, from the environment's settings and the cloud wiring."""
    from mailroom.entrypoints.cloud.wiring import services, settings

    return Addon(settings(), services)


def handle(request: Any) -> Answer:
    """Functions Framework's Flask request → the add-on."""
    try:
        deployed = addon()
    except ValueError as exc:  # not configured: fail closed, the same as a bad token
        log.error("add-on not configured", extra={"reason": str(exc)})
        return {"error": "unauthorized"}, 401, _JSON
    return deployed(request.path, request.get_json(silent=True), request.headers.get("Authorization"))
