"""Deriving text from kept bytes: one stamp per extractor version, so stale text can be re-derived."""

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


def is_current(stamp: str) -> bool:
    return stamp.startswith(STAMP_PREFIX)


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
    return Derived(extracted.text, extracted.title, (STAMP_PREFIX + extracted.extractor)[:100], "")
