"""Deriving text from kept bytes: one stamp per extractor version, so stale text can be re-derived.

Only copies whose text our extractor derived from their bytes are ever re-derived: a pasted or
bundled copy's text *is* the copy, kept as is (``KEPT_AS_IS``).
"""

from __future__ import annotations

from dataclasses import dataclass

from trustreg.textextract import EXTRACTOR_VERSION, extract

STAMP_PREFIX = f"v{EXTRACTOR_VERSION}:"
MAX_ERROR_CHARS = 1_000


@dataclass(frozen=True)
class Derived:
    text: str
    title: str
    stamp: str  # stored as Snapshot.text_extractor
    error: str  # why no text could be derived ("" when it could)


# How a copy was kept (``Snapshot.How``) when its text is the copy itself: stamped with that name.
KEPT_AS_IS = frozenset({"pasted", "bundled"})


def is_current(stamp: str) -> bool:
    return stamp.startswith(STAMP_PREFIX)


def stamp_for(extractor: str) -> str:
    """The stamp of text our extractor (this version of it) derived with ``extractor``."""
    return (STAMP_PREFIX + extractor)[:100]


def derived_from_bytes(how: str) -> bool:
    """Whether a copy kept this way has text our extractor derived (and may derive again)."""
    return how not in KEPT_AS_IS


def derive(
    data: bytes, *, content_type: str | None, name: str | None = None, parse_seconds: float = 10.0
) -> Derived:
    """Never raises: hostile bytes end as an error message, kept beside the bytes."""
    try:
        extracted = extract(data, content_type=content_type or None, name=name, pdf_timeout=parse_seconds,
                            html_timeout=parse_seconds)
    except Exception as exc:  # ExtractionError, and anything a parser throws on crafted input
        message = str(exc) or type(exc).__name__
        return Derived("", "", f"{STAMP_PREFIX}error", message[:MAX_ERROR_CHARS])
    return Derived(extracted.text, extracted.title, stamp_for(extracted.extractor), "")
