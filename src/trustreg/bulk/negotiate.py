"""What the bulk files' answers share: which encoding a client takes, and the headers every read carries."""

from __future__ import annotations

import re

_REFUSED = r"(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))"  # named with q=0: refused
_ACCEPTS_BR = re.compile(r"\bbr\b" + _REFUSED)
_ACCEPTS_GZIP = re.compile(r"\bgzip\b" + _REFUSED)
READ_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, X-Trustreg-Generation, X-Trustreg-Built-At",
    "Cache-Control": "public, max-age=60",
}


def accepts_br(accept_encoding: str) -> bool:
    return bool(_ACCEPTS_BR.search(accept_encoding))


def accepts_gzip(accept_encoding: str) -> bool:
    return bool(_ACCEPTS_GZIP.search(accept_encoding))
