"""One archive made of several (Cloud Storage and Drive, say): every original is written to
each, read from whichever has it, and linked from the first, the primary.

Nothing here needs to undo a half-done put. Every archive's put is write-once and idempotent,
so when one copy fails the error goes up, the message is redelivered, the copies that exist
answer `created=False`, and the missing one is written."""

from collections.abc import Mapping, Sequence

from mailroom.domain.errors import NotFoundError, TransientError
from mailroom.ports import Archive, ArchivedObject


class MirroredArchive(Archive):
    def __init__(self, archives: Sequence[Archive]) -> None:
        if not archives:
            raise ValueError("a mirrored archive needs at least one archive")
        self._archives = list(archives)

    def put(
        self, key: str, content: bytes, *, content_type: str, metadata: Mapping[str, str]
    ) -> ArchivedObject:
        primary, *copies = [a.put(key, content, content_type=content_type, metadata=metadata)
                            for a in self._archives]
        # Created if any copy was written now: for the caller that is news, not a retry.
        created = primary.created or any(c.created for c in copies)
        return ArchivedObject(key=primary.key, uri=primary.uri, sha256=primary.sha256,
                              size=primary.size, created=created)

    def get(self, key: str) -> bytes:
        """From the first archive that has the key; one that is down is skipped."""
        failures: list[Exception] = []
        for archive in self._archives:
            try:
                return archive.get(key)
            except (NotFoundError, TransientError) as exc:
                failures.append(exc)
        # Transient if any archive might still have it; not found only if all said so.
        raise next((e for e in failures if isinstance(e, TransientError)), failures[0])

    def link(self, key: str) -> str:
        return self._archives[0].link(key)
