"""Property: whatever interleaving of duplicate deliveries, lost responses and 429/503 storms,
once the queue has redelivered until every posting went through, each approved document is
exactly one ERP record (with its file attached once) — for every connector, and through the
sync stage itself."""

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailroom.domain.commands import MailboxChanged, PostApproved
from mailroom.domain.errors import TransientError
from mailroom.domain.status import Status
from mailroom.service_layer.handlers import handle

from tests.integration.erp.conftest import EVERY_CONNECTOR, PDF, World, make_world, posting
from tests.unit.conftest import CLEAN, make_services, mail, pump

FAULTS = st.sampled_from(["none", "lose", "storm", "lose-and-storm"])
DELIVERIES = st.lists(st.tuples(st.integers(0, 2), FAULTS), max_size=8)
MAX_REDELIVERIES = 12  # far more than the faults a run can queue up
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def inject(world: World, fault: str) -> None:
    if "lose" in fault:
        world.lose_next_create()
    if "storm" in fault and world.can_fail:
        world.storm(503, 429)


def until_through(attempt) -> object:
    for _ in range(MAX_REDELIVERIES):
        try:
            return attempt()
        except TransientError:
            continue
    raise AssertionError("still failing after every redelivery")


@pytest.mark.parametrize("name", EVERY_CONNECTOR)
@SETTINGS
@given(documents=st.integers(1, 3), deliveries=DELIVERIES)
def test_any_interleaving_of_retries_gives_one_record_per_document(board, name, documents, deliveries):
    with tempfile.TemporaryDirectory() as folder:
        world = make_world(name, board, Path(folder))
        attachment = PDF if world.erp.capabilities.attachments else None
        postings = [posting(f"doc-{i}", f"F-{i}") for i in range(documents)]
        for index, fault in deliveries:
            inject(world, fault)
            try:
                world.erp.post(postings[index % documents], attachment)
            except TransientError:
                pass  # the queue will redeliver it
        records = [until_through(lambda p=p: world.erp.post(p, attachment)) for p in postings]

        assert world.count() == documents
        assert len({record.erp_id for record in records}) == documents
        for record in records:
            assert world.attachments(record) == (["ACME-F-1.pdf"] if attachment else [])


@pytest.mark.parametrize("name", ["odoo-xmlrpc", "erpnext"])
@SETTINGS
@given(documents=st.integers(1, 3), sweeps=st.lists(FAULTS, max_size=6))
def test_any_interleaving_of_sync_sweeps_posts_each_approved_row_once(board, name, documents, sweeps):
    with tempfile.TemporaryDirectory() as folder:
        world = make_world(name, board, Path(folder))
        services = make_services()
        services.erp = world.erp
        for i in range(documents):
            services.mailboxes["ap@example.com"].deliver(  # type: ignore[attr-defined]
                f"m{i}", mail((f"bill-{i}.pdf", CLEAN.replace("F-1", f"F-{i}").encode()), subject=f"Invoice {i}"))
        services.publisher.publish(MailboxChanged(mailbox="ap@example.com"))
        pump(services)
        for row in services.sheet.rows():
            services.sheet.update({row.key: {"status": Status.APPROVED}})
        for fault in sweeps:  # sweeps (and duplicate deliveries of them) with faults in between
            inject(world, fault)
            try:
                handle(PostApproved(), services)
            except TransientError:
                pass
        until_through(lambda: handle(PostApproved(), services))

        rows = services.sheet.rows()
        assert [row.status for row in rows] == [Status.POSTED] * documents
        assert world.count() == documents == len({row.erp_id for row in rows})
        statuses = [until_through(lambda row=row: world.erp.status(row.erp_id)) for row in rows]
        assert all(len(world.attachments(record)) == 1 for record in statuses)  # type: ignore[arg-type]
