"""Rolling back a posting: only a draft, once, with row and labels following."""

import pytest

from mailroom.domain.errors import BadInputError, PermanentError
from mailroom.domain.status import Status
from mailroom.service_layer.rollback import roll_back
from tests.unit.test_pipeline_stages import MAILBOX, approve_all_and_post, deliver
from tests.unit.conftest import CLEAN, mail, pump


def posted(services) -> str:
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode())))
    pump(services)
    approve_all_and_post(services)
    [row] = services.sheet.rows(statuses=[Status.POSTED])
    return row.key


def test_a_posted_draft_is_rolled_back_once_and_the_mail_says_cancelled(services):
    key = posted(services)
    services.erp.rollback = lambda erp_id: services.erp.rolled.append(erp_id)  # type: ignore[attr-defined]
    services.erp.rolled = []  # type: ignore[attr-defined]
    roll_back(services, key, "clerk")
    roll_back(services, key, "clerk")
    assert len(services.erp.rolled) == 1  # type: ignore[attr-defined]
    assert services.sheet.get(key).status == Status.CANCELLED
    assert services.mailboxes[MAILBOX].labels("m1") == {"ERP/Cancelled"}


def test_an_erp_that_refuses_leaves_everything_as_it_was(services):
    key = posted(services)  # the fake ERP has no rollback: the port's default refuses
    with pytest.raises(PermanentError):
        roll_back(services, key, "clerk")
    assert services.sheet.get(key).status == Status.POSTED


def test_only_a_posted_document_can_be_rolled_back(services):
    deliver(services, "m1", mail(("a.pdf", CLEAN.encode())))
    pump(services)
    [row] = services.sheet.rows()
    with pytest.raises(BadInputError, match="only a posted"):
        roll_back(services, row.key, "clerk")
