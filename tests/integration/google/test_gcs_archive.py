"""GcsArchive on the real google-cloud-storage client against the Cloud Storage stand-in."""

import hashlib
from collections.abc import Iterator
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.api_core.retry import Retry
from google.auth.credentials import AnonymousCredentials
from google.oauth2 import service_account
from google.cloud import storage
from google.cloud.storage.retry import DEFAULT_RETRY

from mailroom.adapters.google.gcs_archive import GcsArchive
from mailroom.domain.errors import ConflictError, NotFoundError, TransientError
from mailroom.standins.gcs import GcsStandIn
from mailroom.standins.server import Faults, serving

FAST_RETRY: Retry = DEFAULT_RETRY.with_delay(initial=0.001, maximum=0.01)
EML = b"From: a@example.com\r\nSubject: invoice\r\nContent-Type: message/rfc822\r\n\r\nbody\r\n"
META = {"mailbox": "ap@example.com", "message_id": "18c1", "part_id": "2"}


@pytest.fixture
def stand_in() -> GcsStandIn:
    return GcsStandIn(("archive",))


@pytest.fixture
def client(stand_in: GcsStandIn) -> Iterator[storage.Client]:
    with serving(stand_in) as url:
        yield storage.Client(project="test", credentials=AnonymousCredentials(),
                             client_options={"api_endpoint": url})


def archive(client: storage.Client, **kwargs: object) -> GcsArchive:
    return GcsArchive(client.bucket("archive"), prefix="originals", retry=FAST_RETRY, **kwargs)


def test_writes_once_with_content_type_and_metadata(
        client: storage.Client, stand_in: GcsStandIn,
) -> None:
    stored = archive(client).put("ap/18c1/eml/message.eml", EML, content_type="message/rfc822",
                                 metadata=META)
    assert stored.created and stored.uri == "gs://archive/originals/ap/18c1/eml/message.eml"
    obj = stand_in.objects()["originals/ap/18c1/eml/message.eml"]
    assert obj.data == EML and obj.content_type == "message/rfc822"
    assert obj.metadata == {**META, "sha256": hashlib.sha256(EML).hexdigest()}
    assert stand_in.object_requests == 1
    assert archive(client).get("ap/18c1/eml/message.eml") == EML


def test_pdf_keeps_its_type(client: storage.Client, stand_in: GcsStandIn) -> None:
    archive(client).put("k/a.pdf", b"%PDF-1.7 ...", content_type="application/pdf", metadata=META)
    assert stand_in.objects()["originals/k/a.pdf"].content_type == "application/pdf"


def test_repeat_with_same_bytes_is_not_created_again(
        client: storage.Client, stand_in: GcsStandIn,
) -> None:
    archive(client).put("k/a.pdf", b"%PDF one", content_type="application/pdf", metadata=META)
    generation = stand_in.objects()["originals/k/a.pdf"].generation
    again = archive(client).put("k/a.pdf", b"%PDF one", content_type="application/pdf",
                                metadata=META)
    assert not again.created
    assert stand_in.objects()["originals/k/a.pdf"].generation == generation
    assert stand_in.object_requests == 3  # upload; then upload (412) and metadata


def test_other_bytes_under_the_same_key_conflict(
        client: storage.Client, stand_in: GcsStandIn,
) -> None:
    archive(client).put("k/a.pdf", b"%PDF one", content_type="application/pdf", metadata=META)
    with pytest.raises(ConflictError):
        archive(client).put("k/a.pdf", b"%PDF two", content_type="application/pdf", metadata=META)
    assert stand_in.objects()["originals/k/a.pdf"].data == b"%PDF one"


def test_object_without_sha256_metadata_is_compared_by_md5(client: storage.Client) -> None:
    bare = client.bucket("archive").blob("originals/k/old.pdf")
    bare.upload_from_string(b"legacy", content_type="application/pdf")
    assert not archive(client).put("k/old.pdf", b"legacy", content_type="application/pdf",
                                   metadata=META).created
    with pytest.raises(ConflictError):
        archive(client).put("k/old.pdf", b"other", content_type="application/pdf", metadata=META)


def test_lost_response_then_library_retry_is_success(
        client: storage.Client, stand_in: GcsStandIn,
) -> None:
    stand_in.lost.script = [503]  # the upload is stored, the client hears 503 and retries: 412
    stored = archive(client).put("k/a.pdf", b"%PDF", content_type="application/pdf", metadata=META)
    assert not stored.created and stand_in.lost.injected == 1
    assert len(stand_in.objects()) == 1
    assert stand_in.requests["upload"] == 2 and stand_in.requests["get_object"] == 1


def test_large_upload_goes_resumable(client: storage.Client, stand_in: GcsStandIn) -> None:
    big = bytes(range(256)) * (9 * 4096)  # 9 MiB: above the 8 MiB multipart limit
    archive(client).put("k/scan.pdf", big, content_type="application/pdf", metadata=META)
    obj = stand_in.objects()["originals/k/scan.pdf"]
    assert obj.data == big and obj.content_type == "application/pdf"
    assert obj.metadata["part_id"] == "2"
    assert stand_in.requests["upload"] == 1 and stand_in.requests["upload_chunk"] == 1
    with pytest.raises(ConflictError):  # the precondition holds for resumable uploads too
        archive(client).put("k/scan.pdf", big[:-1] + b"x", content_type="application/pdf",
                            metadata=META)


def test_stand_in_lists_by_prefix_in_pages(client: storage.Client) -> None:
    for name in ("a/1", "a/2", "a/3", "b/1"):
        archive(client).put(name, name.encode(), content_type="text/plain", metadata={})
    names = [b.name for b in client.list_blobs("archive", prefix="originals/a/", page_size=2)]
    assert names == ["originals/a/1", "originals/a/2", "originals/a/3"]


def test_missing_key_is_not_found(client: storage.Client) -> None:
    with pytest.raises(NotFoundError):
        archive(client).get("nothing/here")


def test_exhausted_retries_are_transient(client: storage.Client, stand_in: GcsStandIn) -> None:
    stand_in.faults.rate = 1.0
    with pytest.raises(TransientError):
        GcsArchive(client.bucket("archive"), retry=None).put(
            "k/a.pdf", b"%PDF", content_type="application/pdf", metadata=META)


def test_link_is_the_console_url(client: storage.Client, stand_in: GcsStandIn) -> None:
    assert archive(client).link("ap/18c1/2/a b.pdf") == (
        "https://console.cloud.google.com/storage/browser/_details/"
        "archive/originals/ap/18c1/2/a%20b.pdf")
    assert stand_in.object_requests == 0


def test_signed_links_need_credentials_that_sign(client: storage.Client) -> None:
    with pytest.raises(ValueError, match="sign"):
        archive(client, signed_link_ttl=timedelta(hours=1))


def test_signed_link_with_a_service_account_key(stand_in: GcsStandIn) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    credentials = service_account.Credentials.from_service_account_info({
        "type": "service_account", "client_email": "archive@test.iam.gserviceaccount.com",
        "private_key": pem, "private_key_id": "1",
        "token_uri": "https://oauth2.googleapis.com/token"})
    signer = storage.Client(project="test", credentials=credentials)
    link = archive(signer, signed_link_ttl=timedelta(minutes=15)).link("ap/18c1/2/a.pdf")
    assert link.startswith("https://storage.googleapis.com/archive/originals/ap/18c1/2/a.pdf?")
    assert "X-Goog-Algorithm=GOOG4-RSA-SHA256" in link and "X-Goog-Expires=900" in link
    assert stand_in.total_requests == 0  # signed locally


def test_under_transient_faults_every_object_is_stored_once() -> None:
    stand_in = GcsStandIn(faults=Faults(rate=0.2, seed=7), lost=Faults(rate=0.1, seed=8))
    with serving(stand_in) as url:
        client = storage.Client(project="test", credentials=AnonymousCredentials(),
                                client_options={"api_endpoint": url})
        contents = {f"m{i}/part.pdf": f"%PDF {i}".encode() for i in range(30)}
        for key, content in contents.items():
            archive(client).put(key, content, content_type="application/pdf", metadata=META)
    assert stand_in.faults.injected > 0 and stand_in.lost.injected > 0
    stored = stand_in.objects()
    assert {n.removeprefix("originals/"): o.data for n, o in stored.items()} == contents
    assert all(o.metadata["sha256"] == hashlib.sha256(o.data).hexdigest() for o in stored.values())
    assert stand_in.writes == 30  # no object was ever written twice
