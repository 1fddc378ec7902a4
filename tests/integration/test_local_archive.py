"""FilesystemArchive on a real folder: write-once, content-addressed, safe against traversal."""

import hashlib
import json
import threading
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from mailroom.adapters.local.archive import FilesystemArchive
from mailroom.domain.errors import BadInputError, ConflictError, NotFoundError
from mailroom.domain.ids import archive_key
from mailroom.ports import Archive

KEY = archive_key("ap@example.com", "18c0ffee18c0ffee", "1", "invoice.pdf")
PDF = b"%PDF-1.7 an invoice"


@pytest.fixture
def archive(tmp_path: Path) -> FilesystemArchive:
    return FilesystemArchive(tmp_path / "archive")


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_the_filesystem_archive_implements_the_archive_port(archive):
    assert isinstance(archive, Archive)


def test_a_put_object_reads_back_and_is_indexed_by_its_key(archive, tmp_path):
    stored = archive.put(KEY, PDF, content_type="application/pdf", metadata={"part_id": "1"})

    digest = hashlib.sha256(PDF).hexdigest()
    assert (stored.created, stored.sha256, stored.size) == (True, digest, len(PDF))
    assert archive.get(KEY) == PDF
    assert (tmp_path / "archive" / "blobs" / "sha256" / digest[:2] / digest).read_bytes() == PDF
    index = json.loads((tmp_path / "archive" / "keys" / f"{KEY}.json").read_text())
    assert index == {"sha256": digest, "size": len(PDF), "content_type": "application/pdf",
                     "metadata": {"part_id": "1"}}


def test_putting_the_same_bytes_again_changes_nothing(archive, tmp_path):
    first = archive.put(KEY, PDF, content_type="application/pdf", metadata={})
    files = files_under(tmp_path)

    again = archive.put(KEY, PDF, content_type="application/pdf", metadata={})

    assert again.created is False and again.uri == first.uri and again.sha256 == first.sha256
    assert files_under(tmp_path) == files


def test_other_bytes_under_an_existing_key_are_a_conflict(archive):
    archive.put(KEY, PDF, content_type="application/pdf", metadata={})

    with pytest.raises(ConflictError, match="already holds other content"):
        archive.put(KEY, b"%PDF-1.7 a forgery", content_type="application/pdf", metadata={})
    assert archive.get(KEY) == PDF


def test_two_keys_with_the_same_bytes_share_one_blob(archive, tmp_path):
    archive.put(KEY, PDF, content_type="application/pdf", metadata={})
    archive.put(KEY.replace("/1/", "/2/"), PDF, content_type="application/pdf", metadata={})

    assert len(files_under(tmp_path / "archive" / "blobs")) == 1


def test_concurrent_puts_of_one_key_create_it_once(archive, tmp_path):
    start = threading.Barrier(8)
    results = []

    def put() -> None:
        start.wait()
        results.append(archive.put(KEY, PDF, content_type="application/pdf", metadata={}))

    threads = [threading.Thread(target=put) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r.created for r in results) == [False] * 7 + [True]
    assert len(files_under(tmp_path / "archive" / "blobs")) == 1
    assert len(files_under(tmp_path / "archive" / "keys")) == 1  # and no temporary files left


def test_the_link_is_a_file_uri_of_the_original(archive):
    archive.put(KEY, PDF, content_type="application/pdf", metadata={})

    uri = archive.link(KEY)

    assert urlparse(uri).scheme == "file"
    assert Path(url2pathname(urlparse(uri).path)).read_bytes() == PDF


def test_an_unknown_key_is_not_found(archive):
    with pytest.raises(NotFoundError):
        archive.get(KEY)
    with pytest.raises(NotFoundError):
        archive.link(KEY)


@pytest.mark.parametrize(
    "key", ["../outside", "a/../../outside", "/etc/passwd", "a//b", "a/./b", "", "a\\..\\b"]
)
def test_keys_that_could_leave_the_archive_are_refused(archive, tmp_path, key):
    with pytest.raises(BadInputError, match="unsafe archive key"):
        archive.put(key, PDF, content_type="application/pdf", metadata={})
    with pytest.raises(BadInputError):
        archive.get(key)
    assert not (tmp_path / "outside.json").exists()
