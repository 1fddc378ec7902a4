"""Sheets' per-user quotas, for the stand-in: so many requests of a kind per minute."""

import threading
from collections import defaultdict, deque
from collections.abc import Callable


class Quota:
    """A sliding one-minute window per (user, kind)."""

    def __init__(self, per_minute: int, clock: Callable[[], float]) -> None:
        self.per_minute, self.clock = per_minute, clock
        self._seen: defaultdict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def admit(self, user: str, kind: str) -> bool:
        with self._lock:
            now, seen = self.clock(), self._seen[user, kind]
            while seen and seen[0] <= now - 60:
                seen.popleft()
            if len(seen) >= self.per_minute:
                return False
            seen.append(now)
            return True
