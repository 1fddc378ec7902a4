"""The buttons: each reads its parameters, calls the service layer (the same functions the
Sheet and the CLI use) and answers with the card to show next and a notification."""

from collections.abc import Callable
from dataclasses import dataclass

from google.apps.card_v1 import types as c

from mailroom.domain.commands import IngestMessage
from mailroom.domain.errors import BadInputError, NotFoundError, PermanentError
from mailroom.domain.models import StagedRow
from mailroom.domain.staging import posting_from_row
from mailroom.entrypoints.addon.event import AddonEvent
from mailroom.entrypoints.addon.form_cards import REASON_INPUT, edit_card, edited_fields, reject_card
from mailroom.entrypoints.addon.home_card import home_card
from mailroom.entrypoints.addon.message_card import message_card
from mailroom.entrypoints.addon.present import View
from mailroom.service_layer import review
from mailroom.service_layer.addon_queries import message_documents, review_queue
from mailroom.service_layer.post import post_document
from mailroom.service_layer.services import Services

Outcome = tuple[c.Card, str]  # the next card, and what the notification says ("" for none)


@dataclass
class Click:
    view: View
    services: Services
    event: AddonEvent

    @property
    def who(self) -> str:
        return self.view.user.email

    def row(self) -> StagedRow:
        key = self.event.parameters.get("key", "")
        row = self.services.sheet.get(key)
        if row is None:
            raise NotFoundError(f"no staged row {key!r}")
        return row

    def message(self, message_id: str | None = None) -> c.Card:
        """The open message's card, as it stands now."""
        found = message_id or self.event.parameters.get("message") or self.event.message_id
        if not found:
            raise BadInputError("no message is open")
        return message_card(self.view, found, message_documents(self.services, found))


def home(click: Click) -> Outcome:
    return home_card(click.view, review_queue(click.services)), ""


def refresh(click: Click) -> Outcome:
    return click.message(), ""


def approve(click: Click) -> Outcome:
    row = review.approve(click.services, click.row().key, click.who)
    return click.message(row.message_id), f"Approved {_name(row)}"


def ask_reason(click: Click) -> Outcome:
    return reject_card(click.view, click.row()), ""


def reject(click: Click) -> Outcome:
    row = review.reject(click.services, click.row().key, click.who, click.event.form.get(REASON_INPUT, ""))
    return click.message(row.message_id), f"Rejected {_name(row)}"


def hold(click: Click) -> Outcome:
    row = review.hold(click.services, click.row().key, click.who)
    return click.message(row.message_id), f"{_name(row)} is on hold"


def edit(click: Click) -> Outcome:
    return edit_card(click.view, click.row()), ""


def save(click: Click) -> Outcome:
    before = click.row()
    changed = edited_fields(click.event.form, before)
    if not changed:
        return click.message(before.message_id), "Nothing changed"
    row = review.edit(click.services, before.key, click.who, changed)
    try:
        posting_from_row(row)  # the same check approval makes, said now rather than then
        verdict = "ready to approve"
    except BadInputError as exc:
        verdict = f"still: {exc}"
    return click.message(row.message_id), f"Saved {', '.join(changed)}; {verdict}"


def rerun(click: Click) -> Outcome:
    row = review.rerun_extraction(click.services, click.row().key, click.who)
    return click.message(row.message_id), f"Read again: {row.status.lower().replace('_', ' ')}"


def post(click: Click) -> Outcome:
    row = click.row()
    if not click.view.user.may_post(row.grand_total):
        limit = click.view.user.limit
        raise BadInputError("only an approver may post" if not click.view.user.approver
                            else f"{row.grand_total} is above your posting limit of {limit}")
    number = post_document(click.services, row.key)
    return click.message(row.message_id), f"Posted as {number}"


def process(click: Click) -> Outcome:
    message_id = click.event.parameters.get("message") or click.event.message_id
    if not message_id:
        raise BadInputError("no message is open")
    mailbox = _mailbox_of(click)
    click.services.publisher.publish(IngestMessage(mailbox=mailbox, message_id=message_id))
    return click.message(message_id), "Queued: this mail is being read; refresh in a moment"


def current(click: Click) -> c.Card:
    """The card a failed click came from: its message's, or the homepage."""
    try:
        return click.message()
    except PermanentError:
        return home(click)[0]


def _mailbox_of(click: Click) -> str:
    """The user's own mailbox if mailroom reads it, else the only one it reads (a shared inbox)."""
    mailboxes = click.services.mailboxes
    if click.who.lower() in mailboxes:
        return click.who
    if len(mailboxes) == 1:
        return next(iter(mailboxes))
    raise BadInputError(f"mailroom does not read {click.who}'s mailbox")


def _name(row: StagedRow) -> str:
    return row.invoice_number or row.filename


ACTIONS: dict[str, Callable[[Click], Outcome]] = {
    "home": home, "refresh": refresh, "approve": approve, "reject": ask_reason, "reject_confirmed": reject,
    "hold": hold, "edit": edit, "save": save, "rerun": rerun, "post": post, "process": process,
}
