"""Attachments the pipeline must refuse: a truncated PDF and one far over the size limit."""

import itertools
import re
from collections.abc import Iterator
from random import Random

_PADDING_LINE = b"%" + b"=" * 78 + b"\n"  # a PDF comment: readers skip it
_LINES_PER_BLOCK = 4096
_PADDING_BLOCK = _PADDING_LINE * _LINES_PER_BLOCK  # 320 KiB written at a time


def corrupt_pdf(valid_pdf: bytes, rng: Random) -> bytes:
    """A PDF cut off mid-transfer: a PDF-1.7 header, the first part of a real file, then noise.

    Cross-reference table and trailer are gone, so PDF readers (pdfium too) cannot open it.
    """
    body = valid_pdf[valid_pdf.index(b"\n") + 1 :]
    cut = int(len(body) * rng.uniform(0.35, 0.6))
    return b"%PDF-1.7\n" + body[:cut] + rng.randbytes(rng.randint(800, 2400))


def padded_pdf(valid_pdf: bytes, size: int) -> Iterator[bytes]:
    """`valid_pdf` grown to exactly `size` bytes and still valid, as chunks, never whole in memory.

    The padding is comment lines placed just before the cross-reference table: no object moves,
    only the `startxref` offset at the end changes.
    """
    xref_at = valid_pdf.rindex(b"\nxref\n") + 1
    head, tail = valid_pdf[:xref_at], valid_pdf[xref_at:]
    # A fixed-width offset keeps the tail's length whatever the padding: one equation, no loop.
    padding = size - len(head) - len(_with_startxref(tail, 0))
    if padding < len(_PADDING_LINE):
        raise ValueError(f"cannot pad a {len(valid_pdf)}-byte PDF to {size} bytes")
    return itertools.chain((head,), _padding(padding), (_with_startxref(tail, xref_at + padding),))


def _with_startxref(tail: bytes, offset: int) -> bytes:
    # Ten digits, zero-padded like the cross-reference entries themselves; readers take the number.
    return re.sub(rb"startxref\s+\d+", b"startxref\n%010d" % offset, tail)


def _padding(length: int) -> Iterator[bytes]:
    """Comment lines adding up to exactly `length` bytes (at least one full line)."""
    lines, odd = divmod(length, len(_PADDING_LINE))
    if odd:
        # One longer first line takes the odd bytes.
        lines -= 1
        yield b"%" + b"=" * (len(_PADDING_LINE) + odd - 2) + b"\n"
    blocks, lines = divmod(lines, _LINES_PER_BLOCK)
    for _ in range(blocks):
        yield _PADDING_BLOCK
    yield _PADDING_LINE * lines
