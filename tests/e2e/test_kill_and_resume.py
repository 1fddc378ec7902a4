"""Killing `mailroom run` (SIGKILL, no cleanup) at any point and running it again finishes
the work with no duplicates and nothing lost."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import end_state, mailroom

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """The sample mailbox without the scans, so each run takes seconds, not minutes."""
    from mailroom.samples import generate_mailbox

    sample = generate_mailbox(tmp_path_factory.mktemp("samples"), huge_attachment_bytes=200_000)
    folder = tmp_path_factory.mktemp("inbox")
    slow = {Path(m.file).name for m in sample.mails if m.case in ("scan-jpeg", "image-only-pdf")}
    for eml in sorted(sample.inbox.glob("*.eml")):
        if eml.name not in slow:
            shutil.copy(eml, folder / eml.name)
    return folder


@pytest.fixture(scope="module")
def expected(inbox, tmp_path_factory):
    home = tmp_path_factory.mktemp("reference")
    _full_flow(home, inbox)
    return end_state(home)


def _full_flow(home: Path, inbox: Path) -> None:
    mailroom(home, "ingest", str(inbox))
    mailroom(home, "run")
    mailroom(home, "review", "approve", "--clean", "--reviewer", "test", check=False)
    mailroom(home, "sync")


def _killed_after(home: Path, seconds: float, *args: str) -> None:
    env = {**os.environ, "MAILROOM_HOME": str(home)}
    process = subprocess.Popen([sys.executable, "-m", "mailroom", *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("kill_after_s", [0.8, 1.6, 2.6])
def test_run_killed_while_processing_then_rerun_ends_like_an_uninterrupted_run(
        inbox, expected, tmp_path, kill_after_s):
    mailroom(tmp_path, "ingest", str(inbox))
    _killed_after(tmp_path, kill_after_s, "run")
    mailroom(tmp_path, "run")
    mailroom(tmp_path, "review", "approve", "--clean", "--reviewer", "test", check=False)
    mailroom(tmp_path, "sync")
    assert end_state(tmp_path) == expected


@pytest.mark.parametrize("kill_after_s", [0.7, 1.2])
def test_sync_killed_while_posting_then_rerun_posts_each_row_once(inbox, expected, tmp_path, kill_after_s):
    mailroom(tmp_path, "ingest", str(inbox))
    mailroom(tmp_path, "run")
    mailroom(tmp_path, "review", "approve", "--clean", "--reviewer", "test", check=False)
    _killed_after(tmp_path, kill_after_s, "sync")
    mailroom(tmp_path, "sync")
    assert end_state(tmp_path) == expected
