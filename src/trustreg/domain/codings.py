"""Content codings: which one a client takes, and the compressors' settings.

One rule for every part that sends compressed bytes (the bulk files, the kept past days, the cached
pages): brotli before gzip, a coding named with ``q=0`` refused, brotli quality 9 with a 16 MB
window and gzip level 6 with no time or name in its header, so the same text always compresses to
the same bytes (and the same ETag).
"""

from __future__ import annotations

import re

# Brotli for clients that accept it (every current browser): quality 9 with a 16 MB window finds the
# repeats between records far apart, which gzip's 32 KB window cannot (data.json at 2,000 offerings:
# 343 KB against gzip's 1,267 KB, 0.4 s of CPU; quality 11 gains 7% more for 80 times the CPU).
BROTLI_QUALITY = 9
BROTLI_WINDOW = 24
GZIP_LEVEL = 6

_REFUSED = r"(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))"  # named with q=0: refused
_ACCEPTS = {"br": re.compile(r"\bbr\b" + _REFUSED), "gzip": re.compile(r"\bgzip\b" + _REFUSED)}


def accepts(coding: str, accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` value takes ``coding`` ("br" or "gzip")."""
    return bool(_ACCEPTS[coding].search(accept_encoding))
