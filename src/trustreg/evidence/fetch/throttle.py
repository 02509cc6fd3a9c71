"""A per-host delay shared by every thread of one fetcher."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HostThrottle:
    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._delay = delay
        self._clock = clock
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()

    def reserve(self, key: str, delay: float | None = None) -> float:
        """Book the next slot for `key`; return how long to wait for it (0 when it is free now)."""
        gap = self._delay if delay is None else max(self._delay, delay)
        if gap <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot.get(key, 0.0))
            self._next_slot[key] = slot + gap
        return slot - now
