"""The add-on's event object → what the handlers need (shape: docs/google-apis.md §3.2).

Tokens are SecretStr so no repr, log line or error message can carry them."""

from typing import Any

from pydantic import BaseModel, Field, SecretStr

from mailroom.domain.errors import BadInputError


class AddonEvent(BaseModel):
    system_id_token: SecretStr | None = None
    user_id_token: SecretStr | None = None
    message_id: str | None = None  # the open message (contextual triggers and its actions)
    thread_id: str | None = None
    # Scoped to the open message; reading it from Gmail needs it beside the user's OAuth token.
    access_token: SecretStr | None = None
    parameters: dict[str, str] = Field(default_factory=dict)
    form: dict[str, str] = Field(default_factory=dict)


def decode(body: Any) -> AddonEvent:
    if not isinstance(body, dict):
        raise BadInputError("the add-on event is not a JSON object")
    common = _object(body, "commonEventObject")
    auth = _object(body, "authorizationEventObject")
    gmail = _object(body, "gmail")
    return AddonEvent(
        system_id_token=auth.get("systemIdToken") or None,
        user_id_token=auth.get("userIdToken") or None,
        message_id=gmail_message_id(gmail.get("messageId")),
        thread_id=gmail.get("threadId") or None,
        access_token=gmail.get("accessToken") or None,
        parameters={str(k): str(v) for k, v in _object(common, "parameters").items()},
        form={str(k): _first_string(v) for k, v in _object(common, "formInputs").items()},
    )


def gmail_message_id(raw: Any) -> str | None:
    """Gmail's UI can send `msg-f:<decimal>`, which the REST API rejects: it wants the hex id."""
    if not raw:
        return None
    text = str(raw)
    prefix, _, number = text.partition(":")
    return format(int(number), "x") if prefix == "msg-f" and number.isdigit() else text


def _object(parent: dict[str, Any], name: str) -> dict[str, Any]:
    value = parent.get(name) or {}
    if not isinstance(value, dict):
        raise BadInputError(f"{name} is not an object")
    return value


def _first_string(value: Any) -> str:
    """A text input arrives as {"stringInputs": {"value": ["..."]}}; an emptied one may be absent."""
    try:
        values = value["stringInputs"]["value"]
    except (KeyError, TypeError):
        return ""
    return str(values[0]) if values else ""
