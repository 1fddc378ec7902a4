"""Running one stage for one trigger, with the retry contract Pub/Sub and Cloud Scheduler give.

- Done, or a permanent failure (bad input is already recorded on the row and label by the
  handler): return normally, so the message is acknowledged.
- A transient failure, or anything unexpected: raise. Functions Framework answers 500, Pub/Sub
  redelivers with the subscription's backoff, and after its max attempts the message goes to
  the dead-letter topic, where `mailroom dlq` shows and replays it."""

import logging
from collections.abc import Callable
from typing import Any

from mailroom.domain.commands import Command
from mailroom.domain.errors import BadInputError, PermanentError
from mailroom.service_layer.handlers import handle
from mailroom.service_layer.services import Services

log = logging.getLogger(__name__)


def run_trigger(decode: Callable[[], Command], services: Callable[[], Services]) -> Any:
    """Decode the trigger, then run its stage. A trigger that cannot be decoded is logged and
    acknowledged: no redelivery can fix it (and nothing is built for it)."""
    try:
        command = decode()
    except BadInputError as exc:
        log.error("undecodable trigger, acknowledged", extra={"reason": str(exc)})
        return None
    return run_stage(command, services())


def run_stage(command: Command, services: Services) -> Any:
    try:
        return handle(command, services)
    except PermanentError as exc:
        log.error("permanent failure, acknowledged",
                  extra={"topic": command.topic, "reason": str(exc), **_ids(command)})
        return None


def _ids(command: Command) -> dict[str, str]:
    """The ids worth a log field: Cloud Logging can then filter on a message or document."""
    return {k: str(v) for k, v in command.model_dump().items() if k.endswith("id") or k == "mailbox"}
