"""What every extractor shares: the result, the error, the version stamp. Imports nothing of ours,
so the extractors and the dispatcher (``core``) that picks one never import each other in a circle."""

from __future__ import annotations

from dataclasses import dataclass, field

EXTRACTOR_VERSION = "2"  # 2: trafilatura reads the page without scripts, and only up to a size

MAX_TITLE = 200


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
