"""Python's cyclic garbage collector, kept to its young generations while a large registry is read
and loaded.

A full collection walks every object alive. Reading 20,000 offerings' data files keeps millions of
them (the parsed YAML, then the records), so the full collections the growing heap sets off walk it
again and again: 22% of ``read_dir``'s CPU time at 20,000 offerings, 17% of ``trustreg load``'s at
2,000 (docs/benchmarks.md, "Scale"). Young collections go on meanwhile, so short-lived cycles are
still freed; only what survives them waits for the first full collection after.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_saved: tuple[int, int, int] = gc.get_threshold()
NEVER = 2**30  # young collections between two full ones: none while paused


@contextmanager
def full_collections_paused() -> Iterator[None]:
    """No full collection while inside (nested and from several threads alike: the thresholds in
    force before the first holder come back when the last one leaves)."""
    global _holders, _saved
    with _lock:
        if _holders == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], NEVER)
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                gc.set_threshold(*_saved)
