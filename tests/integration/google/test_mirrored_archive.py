"""MirroredArchive over the Cloud Storage and Drive archives, each against its stand-in."""

from collections.abc import Iterator

import pytest
from google.api_core.retry import Retry
from google.auth.credentials import AnonymousCredentials
from google.cloud import storage
from google.cloud.storage.retry import DEFAULT_RETRY
from googleapiclient.discovery import build

from mailroom.adapters.google.drive_archive import DriveArchive
from mailroom.adapters.google.gcs_archive import GcsArchive
from mailroom.adapters.mirrored_archive import MirroredArchive
from mailroom.domain.errors import ConflictError, NotFoundError, TransientError
from mailroom.standins.drive import DriveStandIn, RoutedHttp
from mailroom.standins.gcs import GcsStandIn
from mailroom.standins.server import serving

FAST_RETRY: Retry = DEFAULT_RETRY.with_delay(initial=0.001, maximum=0.01)
META = {"mailbox": "ap@example.com", "message_id": "18c1", "part_id": "2"}
KEY = "ap@example.com/18c1/2/invoice.pdf"
Mirror = tuple[GcsStandIn, DriveStandIn, MirroredArchive]


@pytest.fixture
def stand_ins() -> Iterator[Mirror]:
    gcs, drive = GcsStandIn(), DriveStandIn()
    with serving(gcs) as gcs_url, serving(drive) as drive_url:
        client = storage.Client(project="test", credentials=AnonymousCredentials(),
                                client_options={"api_endpoint": gcs_url})
        service = build("drive", "v3", http=RoutedHttp(drive_url), static_discovery=True)
        yield gcs, drive, MirroredArchive([
            GcsArchive(client.bucket("archive"), retry=FAST_RETRY),
            DriveArchive(service, drive.root_id, num_retries=0)])


def test_put_writes_both_and_links_the_primary(stand_ins: Mirror) -> None:
    gcs, drive, archive = stand_ins
    stored = archive.put(KEY, b"%PDF", content_type="application/pdf", metadata=META)
    assert stored.created and stored.uri == f"gs://archive/{KEY}"
    assert gcs.objects()[KEY].data == b"%PDF" and [f.data for f in drive.documents()] == [b"%PDF"]
    assert archive.link(KEY).startswith("https://console.cloud.google.com/storage/browser/")
    assert not archive.put(KEY, b"%PDF", content_type="application/pdf", metadata=META).created


def test_a_failed_copy_is_completed_by_redelivery(stand_ins: Mirror) -> None:
    gcs, drive, archive = stand_ins
    drive.faults.script = [503]  # Drive's lookup fails once; GCS has already stored its copy
    with pytest.raises(TransientError):
        archive.put(KEY, b"%PDF", content_type="application/pdf", metadata=META)
    assert list(gcs.objects()) == [KEY] and not drive.documents()
    assert archive.put(KEY, b"%PDF", content_type="application/pdf", metadata=META).created
    assert gcs.writes == 1 and len(drive.documents()) == 1


def test_get_falls_back_to_the_copy_that_has_it(stand_ins: Mirror) -> None:
    gcs, _, archive = stand_ins
    archive.put(KEY, b"%PDF", content_type="application/pdf", metadata=META)
    del gcs.objects()[KEY]
    assert archive.get(KEY) == b"%PDF"
    with pytest.raises(NotFoundError):
        archive.get("ap@example.com/none/2/x.pdf")


def test_a_conflict_in_any_copy_is_a_conflict(stand_ins: Mirror) -> None:
    _, _, archive = stand_ins
    archive.put(KEY, b"one", content_type="application/pdf", metadata=META)
    with pytest.raises(ConflictError):
        archive.put(KEY, b"two", content_type="application/pdf", metadata=META)
