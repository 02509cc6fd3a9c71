"""Many pages of one text in one file, any page read with two seeks: the built fit results.

A preset's results at 20,000 offerings are 400 pages; one file a page would put 400 entries per
preset into the bulk manifest, which every reader of the manifest parses. So the pages go into one
file, after a fixed-width table of where each starts and how long it is, in bytes of UTF-8:

    trustreg-pages 1 <count>\n
    <offset:012d> <length:012d>\n      (one line a page, offsets from the end of the table)
    <page 1><page 2>...

A reader reads the first line, the page's line of the table and the page: the same work for page 1
of 1 or page 400 of 400.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

MAGIC = "trustreg-pages 1"
_ENTRY = 26  # "%012d %012d\n"
_MAX_FIRST_LINE = 64
MAX_PAGE_BYTES = 64 * 1024 * 1024  # a page larger than this is a broken file, not a page


def write_pages(fh: IO[str], pages: Sequence[str]) -> None:
    """Write ``pages`` to a text file opened with UTF-8 and ``newline=""`` (``bulk.store``'s)."""
    lengths = [len(p.encode("utf-8")) for p in pages]
    fh.write(f"{MAGIC} {len(pages)}\n")
    offset = 0
    for length in lengths:
        fh.write(f"{offset:012d} {length:012d}\n")
        offset += length
    for page in pages:
        fh.write(page)


def read_page(path: Path, number: int) -> str | None:
    """Page ``number`` (from 1) of a file ``write_pages`` wrote; None when it has no such page, or
    when the file is not one (missing, or its table does not fit the file)."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(_MAX_FIRST_LINE)
            magic, _, count_text = first.decode("ascii", "replace").rstrip("\n").rpartition(" ")
            if magic != MAGIC or not count_text.isdigit():
                return None
            count = int(count_text)
            if not 1 <= number <= count:
                return None
            fh.seek(len(first) + (number - 1) * _ENTRY)
            entry = fh.read(_ENTRY).decode("ascii", "replace").split()
            if len(entry) != 2 or not all(e.isdigit() for e in entry):
                return None
            offset, length = int(entry[0]), int(entry[1])
            if length > MAX_PAGE_BYTES:
                return None
            fh.seek(len(first) + count * _ENTRY + offset)
            data = fh.read(length)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if len(data) != length:
        return None
    return data.decode("utf-8", "replace")
