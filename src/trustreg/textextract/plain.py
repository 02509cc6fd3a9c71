"""Plain text: decode and normalise line endings; the first line is the title."""

from __future__ import annotations

from trustreg.textextract.base import EXTRACTOR_VERSION, MAX_TITLE, Extracted
from trustreg.textextract.decode import decode, normalise_newlines


def extract_plain(data: bytes, *, charset: str | None = None) -> Extracted:
    text, encoding = decode(data, charset=charset)
    text = normalise_newlines(text).strip("\n")
    first_line = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return Extracted(
        text=text,
        title=first_line[:MAX_TITLE],
        media="text",
        metadata={},
        extractor=f"text/{encoding} textextract/{EXTRACTOR_VERSION}",
    )
