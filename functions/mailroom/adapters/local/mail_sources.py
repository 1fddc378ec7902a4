"""Where local mail comes from: a Maildir, an mbox file, or a folder of .eml files.

Each source yields its messages in a stable order, as (where it came from, how to read its
bytes), so a message that cannot be read is reported without stopping the others."""

import mailbox
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from mailroom.domain.errors import BadInputError

MailSource = tuple[str, Callable[[], bytes]]


def messages_in(path: Path) -> Iterator[MailSource]:
    """Raises BadInputError, before reading anything, for a path that is none of the three."""
    if (path / "cur").is_dir() and (path / "new").is_dir():
        return _maildir(path)
    if path.is_file() and _starts_like_mbox(path):
        return _mbox(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".eml" and p.is_file())
        if files:
            return ((str(file.relative_to(path)), file.read_bytes) for file in files)
    raise BadInputError(
        f"{path} is not a Maildir (a folder with cur/ and new/), an mbox file (starting with "
        "'From ') or a folder containing .eml files"
    )


def _maildir(path: Path) -> Iterator[MailSource]:
    box = mailbox.Maildir(path, factory=None, create=False)
    # Maildir file names start with the delivery time, so sorting them keeps arrival order.
    for key in sorted(box.keys()):
        yield key, partial(box.get_bytes, key)


def _mbox(path: Path) -> Iterator[MailSource]:
    box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():  # in file order
            yield f"{path.name}#{key}", partial(box.get_bytes, key)
    finally:
        box.close()


def _starts_like_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(5) == b"From "
    except OSError as exc:
        raise BadInputError(f"cannot read {path}: {exc}") from exc
