"""Pub/Sub CloudEvents → pipeline commands.

The event's data is MessagePublishedData: {"message": {"data": <base64>, "messageId",
"attributes", "publishTime"}, "subscription"}
(https://cloud.google.com/eventarc/docs/cloudevents#pubsub). On `gmail-push` the message is
Gmail's notification {"emailAddress", "historyId"}; historyId arrives as a JSON number although
the guide shows a string, so both are accepted. On our own topics it is a command's JSON."""

import base64
import binascii
import json
from typing import Any

from pydantic import ValidationError

from mailroom.domain.commands import COMMANDS, Command, MailboxChanged
from mailroom.domain.errors import BadInputError


def pubsub_payload(data: Any) -> dict[str, Any]:
    """The decoded JSON object inside a Pub/Sub CloudEvent's data."""
    try:
        encoded = data["message"]["data"]
        payload = json.loads(base64.b64decode(encoded, validate=False))
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise BadInputError(f"not a Pub/Sub message with JSON data: {type(exc).__name__}") from None
    if not isinstance(payload, dict):
        raise BadInputError("Pub/Sub message data is not a JSON object")
    return payload


def gmail_notification(data: Any) -> MailboxChanged:
    payload = pubsub_payload(data)
    try:
        return MailboxChanged(mailbox=str(payload["emailAddress"]), history_id=int(payload["historyId"]))
    except (KeyError, TypeError, ValueError):
        raise BadInputError("not a Gmail notification (emailAddress, historyId)") from None


def stage_command(topic: str, data: Any) -> Command:
    """The command a stage topic carries (`messages`, `documents`, ...)."""
    try:
        return COMMANDS[topic].model_validate(pubsub_payload(data))
    except ValidationError as exc:
        raise BadInputError(f"not a {topic} command: {exc.error_count()} invalid fields") from None
