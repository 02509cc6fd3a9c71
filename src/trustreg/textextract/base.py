"""What every extractor shares: the result, the error, the version stamp. Imports nothing of ours,
so the extractors and the dispatcher (``core``) that picks one never import each other in a circle."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

EXTRACTOR_VERSION = "2"  # 2: trafilatura reads the page without scripts, and only up to a size

MAX_TITLE = 200
# A parse's time limit is CPU time, which the kernel enforces in the child (RLIMIT_CPU) and which a
# busy machine stretches little. The wall clock is only a backstop for a child that waits without
# using CPU, at this multiple of the limit: on a loaded machine (a shared CI host, a monitor beside a
# busy web process) a parse well within its CPU limit can take several times as long in wall time.
WALL_CLOCK_MARGIN = 10


def cpu_limit_seconds(timeout: float) -> int:
    """The whole seconds of CPU a parse limited to ``timeout`` may use (RLIMIT_CPU counts seconds)."""
    return max(1, math.ceil(timeout))


class ExtractionError(Exception):
    """The input could not be turned into text; the message says why (too large, timed out,
    not text, unknown encoding, parser failure)."""


@dataclass(frozen=True)
class Extracted:
    text: str  # plain text, paragraphs separated by blank lines
    title: str
    media: str  # "html" | "pdf" | "markdown" | "text"
    metadata: dict[str, str] = field(default_factory=dict)
    extractor: str = ""
