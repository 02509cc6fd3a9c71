"""Markdown with optional YAML front matter.

The body is kept as written (Markdown is already readable text, and claims quote it verbatim);
front matter keys become metadata under our names.
"""

from __future__ import annotations

import datetime as dt
import re

from trustreg.domain import yamlio
from trustreg.textextract.base import EXTRACTOR_VERSION, MAX_TITLE, Extracted, ExtractionError
from trustreg.textextract.decode import decode, normalise_newlines

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#{1,2}\s+(.+?)\s*#*\s*$", re.MULTILINE)
MAX_FRONT_MATTER = 64 * 1024

# front matter key -> metadata key (first one found wins)
_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "date": "published",
    "published": "published",
    "publishdate": "published",
    "pubdate": "published",
    "published_at": "published",
    "meaningfullyupdatedat": "updated",
    "updated": "updated",
    "lastmod": "updated",
    "modified": "updated",
    "updated_at": "updated",
    "last_modified_at": "updated",
    "publisher": "publisher",
    "canonical_url": "canonical_url",
    "canonical": "canonical_url",
    "canonicalurl": "canonical_url",
    "description": "description",
    "summary": "description",
}


def extract_markdown(data: bytes, *, charset: str | None = None) -> Extracted:
    text, encoding = decode(data, charset=charset)
    text = normalise_newlines(text)
    metadata: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        metadata = front_matter_metadata(match.group(1) or "")
        text = text[match.end() :]
    text = text.strip("\n")
    title = metadata.pop("title", "")
    if not title:
        heading = _HEADING.search(text)
        title = heading.group(1) if heading else ""
    return Extracted(
        text=text,
        title=title[:MAX_TITLE],
        media="markdown",
        metadata=metadata,
        extractor=f"markdown/front-matter {encoding} textextract/{EXTRACTOR_VERSION}",
    )


def front_matter_metadata(block: str) -> dict[str, str]:
    if len(block) > MAX_FRONT_MATTER:
        raise ExtractionError(
            f"parser failure: front matter is {len(block)} characters, the limit is {MAX_FRONT_MATTER}"
        )
    try:
        # Aliases are harmless here (only a few top-level keys are read) and real pages use them.
        loaded = yamlio.load(block, aliases=True)
    except yamlio.YamlProblem as exc:
        raise ExtractionError(f"parser failure: front matter: {exc}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ExtractionError("parser failure: front matter is not a mapping of keys to values")
    metadata: dict[str, str] = {}
    for key, value in loaded.items():
        ours = _KEYS.get(str(key).lower())
        if ours is None or ours in metadata:
            continue
        if (shown := _as_text(value)) is not None:
            metadata[ours] = shown
    return metadata


def _as_text(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        parts = [str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip()]
        return ", ".join(parts) or None
    if isinstance(value, dict):
        name = value.get("name")
        return str(name).strip() if isinstance(name, str) and name.strip() else None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        shown = str(value).strip()
        return shown[:400] or None
    return None
