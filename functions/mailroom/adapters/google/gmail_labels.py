"""Gmail label names ↔ ids. messages.modify takes ids, mailroom speaks names: this caches the
mailbox's labels, compares names case-insensitively (as Gmail does) and creates missing ones,
parents first, so `ERP/Posted` sits under `ERP` in Gmail's sidebar."""

import logging
from collections.abc import Iterable

from googleapiclient.discovery import Resource
from googleapiclient.errors import HttpError

from mailroom.adapters.google.errors import translate
from mailroom.adapters.google.gmail_requests import execute
from mailroom.domain.errors import BadInputError

log = logging.getLogger(__name__)


class GmailLabels:
    def __init__(self, users: Resource, user_id: str, num_retries: int) -> None:
        self._users = users
        self._user_id = user_id
        self._num_retries = num_retries
        self._by_id: dict[str, str] = {}  # id → name
        self._loaded = False

    def names(self, label_ids: Iterable[str]) -> frozenset[str]:
        label_ids = list(label_ids)
        if not self._loaded or any(i not in self._by_id for i in label_ids):
            self._refresh()  # a label created elsewhere since we last looked
            # Ids labels.list does not show keep their id as name, and are not asked again.
            self._by_id.update({i: i for i in label_ids if i not in self._by_id})
        return frozenset(self._by_id[i] for i in label_ids)

    def find(self, name: str) -> str | None:
        """The id of the label called `name` (any case), or None if the mailbox has none."""
        if not self._loaded:
            self._refresh()
        folded = name.strip().casefold()
        return next((i for i, n in self._by_id.items() if n.casefold() == folded), None)

    def ensure(self, name: str) -> str:
        """The id of `name`, created (with its missing parents) if needed."""
        name = name.strip().strip("/")
        if not name:
            raise BadInputError("a label needs a name")
        found = self.find(name)
        parent, _, _ = name.rpartition("/")
        if found is None and parent:
            self.ensure(parent)
            found = self.find(name)  # a 409 on the parent re-listed the labels: look again
        return found if found is not None else self._create(name)

    def _create(self, name: str) -> str:
        body = {"name": name, "labelListVisibility": "labelShow", "messageListVisibility": "show"}
        what = f"labels.create {name!r}"
        try:
            created = self._users.labels().create(userId=self._user_id, body=body).execute(
                num_retries=self._num_retries)
        except HttpError as exc:
            if exc.status_code != 409:
                raise translate(exc, what) from exc
            # "Label name exists or conflicts": another worker created it since we listed, or
            # our own earlier attempt did and its answer was lost. Use that one.
            self._refresh()
            found = self.find(name)
            if found is None:
                raise translate(exc, what) from exc
            return found
        log.info("created gmail label", extra={"label": name})
        self._by_id[created["id"]] = created["name"]
        return created["id"]

    def _refresh(self) -> None:
        listed = execute(self._users.labels().list(userId=self._user_id), "labels.list",
                         self._num_retries)
        self._by_id = {label["id"]: label["name"] for label in listed.get("labels", [])}
        self._loaded = True
