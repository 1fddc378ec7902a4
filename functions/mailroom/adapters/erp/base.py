"""What every connector shares: the `check` a mapping is validated with, the mapping file, the
note that ties an ERP record to its document, and how HTTP status codes become our errors."""

from abc import abstractmethod
from pathlib import Path

import yaml
from pydantic import ValidationError

from mailroom.domain.erp_mapping import ErpMapping
from mailroom.domain.errors import MailroomError, PermanentError, TransientError
from mailroom.domain.models import ErpPosting
from mailroom.ports import Erp

# Written into the record's note and searched for by `find`: the ERP keeps our key in the same
# write that creates the record, so no lost response can separate the two.
KEY_TAG = "mailroom:"


class ErpConnector(Erp):
    @abstractmethod
    def check(self, mapping: ErpMapping) -> list[str]:
        """What the mapping names that the ERP does not have, one readable line each."""


def key_tag(idempotency_key: str) -> str:
    """Bracketed, so the tag of key `ab` is not found inside the tag of key `abc`."""
    return f"[{KEY_TAG}{idempotency_key}]"


def note_for(posting: ErpPosting) -> str:
    """Plain lines a person can follow back to the mail; the last one is the key tag."""
    lines = [f"Original: {posting.source_link}" if posting.source_link else "",
             f"Mail thread: {posting.thread_link}" if posting.thread_link else "",
             f"Posted by mailroom {key_tag(posting.idempotency_key)}"]
    return "\n".join(line for line in lines if line)


def load_mapping(path: Path | None) -> ErpMapping:
    """No file is an empty mapping: partners must then exist in the ERP and no tax is mapped."""
    if path is None:
        return ErpMapping()
    try:
        return ErpMapping.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except OSError as exc:
        raise PermanentError(f"cannot read the ERP mapping {path}: {exc.strerror}") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise PermanentError(f"the ERP mapping {path} is invalid: {exc}") from exc


def http_error(status: int, message: str) -> MailroomError:
    """408, 429 and 5xx are worth retrying (timeouts, rate limits, restarts, proxies); any other
    refusal is the ERP saying no, and saying it again will not change."""
    if status in (408, 429) or status >= 500:
        return TransientError(f"HTTP {status}: {message}")
    return PermanentError(message)
