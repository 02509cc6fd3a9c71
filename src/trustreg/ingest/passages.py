"""Split a document's text into passages that keep their character offsets.

A passage is one line (a paragraph, a list item, a table row), trimmed of surrounding markup, so
that ``document_text[p.start:p.end] == p.text`` always holds. Very long lines are cut at sentence
ends. A passage inside a quotation (an HTML ``<blockquote>`` or Markdown ``>`` lines) carries the
links of that quotation (typically its ``<footer>`` or ``<cite>``) as *leads*: the page a blog
quotes is the primary source a maintainer should read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trustreg.ingest import cues

MAX_PASSAGE_CHARS = 1_500
MAX_PASSAGES = 20_000

_EDGE_TAG = re.compile(r"^\s*(?:</?[a-zA-Z][^<>]{0,200}>\s*)+|(?:\s*</?[a-zA-Z][^<>]{0,200}>)+\s*$")
_LETTER = re.compile(r"[^\W\d_]")
_MD_LINK = re.compile(r"\[([^\]]{0,300})\]\((https?://[^\s)]{1,2000})\)")
_BARE_URL = re.compile(r"(?<![(\[\"'=])\bhttps?://[^\s<>\"')\]]{1,2000}")
_HREF = re.compile(r"""href\s*=\s*["'](https?://[^"']{1,2000})["']""", re.IGNORECASE)
_ONLY_LINK = re.compile(r"^\\?\[[^\]]*\]\([^)]*\)$|^!\[[^\]]*\]\([^)]*\)$|^https?://\S+$")
_BLOCKQUOTE_OPEN = re.compile(r"<blockquote\b", re.IGNORECASE)
_BLOCKQUOTE_CLOSE = re.compile(r"</blockquote\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Passage:
    index: int
    start: int
    end: int
    text: str
    leads: tuple[str, ...] = ()


def urls_of(text: str) -> list[str]:
    """Absolute links in ``text``: Markdown links, href attributes and bare URLs, in order."""
    found: list[tuple[int, str]] = []
    for match in _MD_LINK.finditer(text):
        found.append((match.start(2), match.group(2)))
    for match in _HREF.finditer(text):
        found.append((match.start(1), match.group(1)))
    for match in _BARE_URL.finditer(text):
        found.append((match.start(), match.group(0)))
    ordered = [url.rstrip(".,;:") for _, url in sorted(found)]
    return list(dict.fromkeys(ordered))


def _quotation_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quotations: HTML blockquotes and runs of Markdown ``>`` lines."""
    regions = []
    position = 0
    while (opening := _BLOCKQUOTE_OPEN.search(text, position)) is not None:
        closing = _BLOCKQUOTE_CLOSE.search(text, opening.end())
        end = closing.end() if closing else len(text)
        regions.append((opening.start(), end))
        position = end
    offset = 0
    run_start = None
    for line in text.split("\n") + [""]:
        if line.lstrip().startswith(">"):
            if run_start is None:
                run_start = offset
        elif run_start is not None:
            regions.append((run_start, offset))
            run_start = None
        offset += len(line) + 1
    return regions


def split_passages(text: str, *, max_chars: int = MAX_PASSAGE_CHARS) -> list[Passage]:
    regions = _quotation_regions(text)
    region_leads = [tuple(urls_of(text[s:e])) for s, e in regions]
    passages: list[Passage] = []
    for block_start, block_end in _blocks(text):
        for start, end in _line_pieces(text[block_start:block_end], block_start, max_chars):
            piece = text[start:end]
            if not _LETTER.search(piece) or _ONLY_LINK.match(piece):
                continue
            leads = list(urls_of(piece))
            for (r_start, r_end), urls in zip(regions, region_leads, strict=True):
                if r_start <= start < r_end:
                    leads.extend(urls)
            passages.append(Passage(len(passages), start, end, piece, tuple(dict.fromkeys(leads))))
            if len(passages) >= MAX_PASSAGES:
                return passages
    return passages


_BLOCK_MARKER = re.compile(r"^\s*(?:[-*+•>#|<]|\d{1,3}[.)]\s)")
_SOFT_WRAP_MIN = 60
_ENDS_WITH_URL = re.compile(r"https?://\S+$")
_LINK_LINE = re.compile(r"^[^:]{1,120}:\s*<?https?://\S+>?$")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Line spans, with hard-wrapped prose lines (Markdown, plain text) joined back together."""
    blocks: list[tuple[int, int]] = []
    offset = 0
    previous: str | None = None
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if (
            previous is not None
            and stripped
            and blocks
            and len(previous) >= _SOFT_WRAP_MIN
            and not previous.endswith((".", ":", "!", "?", ";", ">", "|"))
            and not _BLOCK_MARKER.match(line)
            and not _ENDS_WITH_URL.search(previous)
            and not _LINK_LINE.match(stripped)
        ):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
        previous = stripped if stripped else None
    return blocks


def _line_pieces(line: str, line_start: int, max_chars: int) -> list[tuple[int, int]]:
    start, end = _trim(line)
    if start >= end:
        return []
    if end - start <= max_chars:
        return [(line_start + start, line_start + end)]
    pieces = []
    chunk_start = None
    chunk_end = start
    for sentence in cues.sentences(line[start:end]):
        s, e = start + sentence.start, start + sentence.end
        if chunk_start is not None and e - chunk_start > max_chars:
            pieces.append((chunk_start, chunk_end))
            chunk_start = None
        while e - s > max_chars:  # one enormous "sentence": cut it hard
            pieces.append((s, s + max_chars))
            s += max_chars
        if chunk_start is None:
            chunk_start = s
        chunk_end = e
    if chunk_start is not None:
        pieces.append((chunk_start, chunk_end))
    trimmed = []
    for s, e in pieces:
        ts, te = _trim(line[s:e])
        if ts < te:
            trimmed.append((line_start + s + ts, line_start + s + te))
    return trimmed


def _trim(line: str) -> tuple[int, int]:
    """Offsets of ``line`` without surrounding whitespace and markup tags."""
    start, end = 0, len(line)
    while True:
        segment = line[start:end]
        lead = _EDGE_TAG.match(segment)
        if lead and lead.end() > 0 and lead.start() == 0 and segment[: lead.end()].strip() != "":
            start += lead.end()
            continue
        tail = re.search(r"(?:\s*</?[a-zA-Z][^<>]{0,200}>)+\s*$", segment)
        if tail and tail.start() < len(segment) and segment[tail.start() :].strip():
            end = start + tail.start()
            continue
        break
    segment = line[start:end]
    stripped_left = len(segment) - len(segment.lstrip())
    stripped_right = len(segment) - len(segment.rstrip())
    return start + stripped_left, end - stripped_right
