"""The pipeline's stages on GmailMailbox and the Gmail stand-in (the other ports are the unit
tests' fakes): a push notification becomes rows and Gmail labels, and the notifications our
own label writes cause bring no second round of work."""

from collections.abc import Iterator

import pytest
from mailroom.adapters.google.gmail import GmailMailbox
from mailroom.domain.commands import MailboxChanged
from mailroom.service_layer.fetch import cursor_name
from mailroom.service_layer.services import Services
from mailroom.standins.gmail import GmailStandIn
from mailroom.standins.server import serving

from tests.integration.google.gmail_client import gmail_client
from tests.unit.conftest import CLEAN, mail, make_services, pump

MAILBOX = "ap@example.com"


@pytest.fixture
def stand_in() -> GmailStandIn:
    return GmailStandIn(email=MAILBOX)


@pytest.fixture
def services(stand_in: GmailStandIn) -> Iterator[Services]:
    with serving(stand_in) as url:
        services = make_services()
        services.mailboxes = {MAILBOX: GmailMailbox(gmail_client(url), name=MAILBOX)}
        yield services


def notify(stand_in: GmailStandIn, services: Services) -> list[str]:
    """Deliver every notification the watch published, in order, and run the stages; returns
    the names of the commands handled."""
    handled: list[str] = []
    while stand_in.mailbox.notifications:
        note = stand_in.mailbox.notifications.pop(0)
        services.publisher.publish(MailboxChanged(mailbox=note["emailAddress"],
                                                  history_id=note["historyId"]))
        pump(services, on_handled=lambda command: handled.append(type(command).__name__))
    return handled


def test_a_pushed_mail_becomes_a_row_and_a_gmail_label_once(
    stand_in: GmailStandIn, services: Services,
) -> None:
    services.mailbox(MAILBOX).watch("projects/p/topics/gmail-push")  # type: ignore[attr-defined]
    assert notify(stand_in, services) == ["MailboxChanged"]  # watch's first: nothing there yet
    message_id = stand_in.mailbox.deliver(mail(("invoice.pdf", CLEAN.encode())))
    handled = notify(stand_in, services)

    assert len(services.sheet.rows()) == 1
    assert stand_in.mailbox.label_names(message_id) == {"INBOX", "UNREAD", "ERP/Staged"}
    assert handled.count("IngestMessage") == 1
    # Our label write was notified too, listed, and found to be no work.
    assert handled.count("MailboxChanged") == 2
    assert services.state.cursor(cursor_name(MAILBOX)) == str(stand_in.mailbox.history_id)
