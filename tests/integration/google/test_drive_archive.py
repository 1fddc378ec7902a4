"""DriveArchive on the real googleapiclient Drive v3 client against the Drive stand-in."""

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from googleapiclient.discovery import Resource, build

from mailroom.adapters.google.drive_archive import DriveArchive, key_property
from mailroom.domain.errors import ConflictError, NotFoundError, TransientError
from mailroom.standins.drive import DriveStandIn, RoutedHttp
from mailroom.standins.server import Faults, serving

EML = b"From: a@example.com\r\nSubject: invoice\r\n\r\nbody\r\n"
META = {"mailbox": "ap@example.com", "message_id": "18c1", "part_id": "2",
        "received_at": "2026-03-31T23:30:00-02:00"}  # April in UTC
KEY = "ap@example.com/18c1/2/invoice.pdf"


@pytest.fixture
def stand_in() -> DriveStandIn:
    return DriveStandIn(shared_drive=True)


@pytest.fixture
def service(stand_in: DriveStandIn) -> Iterator[Resource]:
    with serving(stand_in) as url:
        yield build("drive", "v3", http=RoutedHttp(url), static_discovery=True)


def archive(service: Resource, stand_in: DriveStandIn, **kwargs: object) -> DriveArchive:
    return DriveArchive(service, stand_in.root_id, drive_id="shared-1", num_retries=0,
                        clock=lambda: datetime(2026, 7, 1, tzinfo=UTC), **kwargs)


def folder_path(stand_in: DriveStandIn, file_id: str) -> str:
    names = []
    while file_id != stand_in.root_id:
        names.append(stand_in.files[file_id].name)
        file_id = stand_in.files[file_id].parents[0]
    return "/".join(reversed(names))


def test_writes_a_file_with_type_and_app_properties(
        service: Resource, stand_in: DriveStandIn,
) -> None:
    stored = archive(service, stand_in).put(KEY, b"%PDF-1.7", content_type="application/pdf",
                                            metadata=META)
    assert stored.created
    [file] = stand_in.documents()
    assert stored.uri == f"https://drive.google.com/file/d/{file.id}/view?usp=drivesdk"
    assert file.data == b"%PDF-1.7" and file.mime_type == "application/pdf"
    assert file.name == "18c1-2-invoice.pdf" and file.description == KEY
    assert file.app_properties == {
        "mailroomKey": key_property(KEY), "sha256": hashlib.sha256(b"%PDF-1.7").hexdigest(),
        "mailbox": "ap@example.com", "messageId": "18c1", "partId": "2"}
    assert folder_path(stand_in, file.parents[0]) == "ap@example.com/2026/04"
    assert archive(service, stand_in).get(KEY) == b"%PDF-1.7"
    assert archive(service, stand_in).link(KEY) == stored.uri


def test_eml_keeps_message_rfc822(service: Resource, stand_in: DriveStandIn) -> None:
    archive(service, stand_in).put("ap/18c1/eml/message.eml", EML, content_type="message/rfc822",
                                   metadata={"mailbox": "ap"})
    [file] = stand_in.documents()
    assert file.mime_type == "message/rfc822" and file.data == EML
    assert folder_path(stand_in, file.parents[0]) == "ap/2026/07"  # no received_at: the clock


def test_folders_are_created_once_and_reused(service: Resource, stand_in: DriveStandIn) -> None:
    first = archive(service, stand_in)
    first.put(KEY, b"one", content_type="application/pdf", metadata=META)
    assert stand_in.requests["create_metadata"] == 3  # mailbox, year, month
    before = stand_in.total_requests
    first.put(KEY + "2", b"two", content_type="application/pdf", metadata=META)
    assert stand_in.total_requests - before == 2  # the lookup and the upload: folders cached
    archive(service, stand_in).put(KEY + "3", b"three", content_type="application/pdf",
                                   metadata=META)
    assert len(stand_in.folders()) == 3  # a new process finds the folders instead
    assert len({f.parents[0] for f in stand_in.documents()}) == 1


def test_repeat_is_found_by_app_properties(service: Resource, stand_in: DriveStandIn) -> None:
    archive(service, stand_in).put(KEY, b"%PDF", content_type="application/pdf", metadata=META)
    before = stand_in.total_requests
    again = archive(service, stand_in).put(KEY, b"%PDF", content_type="application/pdf",
                                           metadata=META)
    assert not again.created and len(stand_in.documents()) == 1
    assert stand_in.total_requests - before == 1 and stand_in.requests["upload"] == 1


def test_other_bytes_under_the_same_key_conflict(service: Resource, stand_in: DriveStandIn) -> None:
    archive(service, stand_in).put(KEY, b"one", content_type="application/pdf", metadata=META)
    with pytest.raises(ConflictError):
        archive(service, stand_in).put(KEY, b"two", content_type="application/pdf", metadata=META)
    assert [f.data for f in stand_in.documents()] == [b"one"]


def test_lost_create_response_is_found_on_redelivery(
        service: Resource, stand_in: DriveStandIn,
) -> None:
    target = archive(service, stand_in)
    target.put(KEY, b"warm", content_type="application/pdf", metadata=META)  # folders exist
    stand_in.lost.script = [503]
    with pytest.raises(TransientError):
        target.put(KEY + "x", b"%PDF", content_type="application/pdf", metadata=META)
    assert not target.put(KEY + "x", b"%PDF", content_type="application/pdf", metadata=META).created
    assert len(stand_in.documents()) == 2


def test_large_upload_goes_resumable(service: Resource, stand_in: DriveStandIn) -> None:
    big = bytes(range(256)) * (9 * 4096)  # 9 MiB
    archive(service, stand_in).put(KEY, big, content_type="application/pdf", metadata=META)
    [file] = stand_in.documents()
    assert file.data == big and file.app_properties["partId"] == "2"
    assert stand_in.requests["upload"] == 1 and stand_in.requests["upload_chunk"] == 1


def test_long_keys_and_values_fit_drive_limits(service: Resource, stand_in: DriveStandIn) -> None:
    mailbox = "accounts-payable-ünïcødé@" + "x" * 120 + ".example"
    key = f"{mailbox}/18c1/2/" + "n" * 80
    archive(service, stand_in).put(key, b"x", content_type="application/pdf",
                                   metadata={**META, "mailbox": mailbox})
    assert not archive(service, stand_in).put(key, b"x", content_type="application/pdf",
                                              metadata={**META, "mailbox": mailbox}).created


def test_quotes_in_names_are_escaped_in_queries(
        service: Resource, stand_in: DriveStandIn,
) -> None:
    mailbox = "o'brien\\ap@example.com"
    for part in "23":  # a new archive each time: the second finds the folders by name
        archive(service, stand_in).put(f"{mailbox}/18c1/{part}/x.pdf", part.encode(),
                                       content_type="application/pdf",
                                       metadata={**META, "mailbox": mailbox})
    assert [f.name for f in stand_in.folders()] == [mailbox, "2026", "04"]


def test_missing_key_is_not_found(service: Resource, stand_in: DriveStandIn) -> None:
    with pytest.raises(NotFoundError):
        archive(service, stand_in).get(KEY)
    with pytest.raises(NotFoundError):
        archive(service, stand_in).link(KEY)


def test_shared_drive_flags_are_needed(service: Resource, stand_in: DriveStandIn) -> None:
    my_drive = DriveArchive(service, stand_in.root_id, num_retries=0)  # no drive_id
    archive(service, stand_in).put(KEY, b"x", content_type="application/pdf", metadata=META)
    with pytest.raises(NotFoundError):  # its search leaves out the shared drive's files
        my_drive.get(KEY)


def test_under_transient_faults_every_document_is_stored_once() -> None:
    stand_in = DriveStandIn(shared_drive=True, faults=Faults(rate=0.2, seed=3),
                            lost=Faults(rate=0.1, seed=4))
    contents = {f"ap/m{i}/2/part.pdf": f"%PDF {i}".encode() for i in range(30)}
    with serving(stand_in) as url:
        service = build("drive", "v3", http=RoutedHttp(url), static_discovery=True)
        for key, content in contents.items():
            for _ in range(20):  # what redelivery does: the whole put again
                try:
                    archive(service, stand_in).put(key, content, content_type="application/pdf",
                                                   metadata=META)
                    break
                except TransientError:
                    continue
    assert stand_in.faults.injected > 0 and stand_in.lost.injected > 0
    assert sorted(f.description for f in stand_in.documents()) == sorted(contents)
    assert {f.description: f.data for f in stand_in.documents()} == contents
    assert len(stand_in.folders()) == 3
