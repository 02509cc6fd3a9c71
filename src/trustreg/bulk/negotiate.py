"""What the bulk files' answers share: which encoding a client takes, and the headers every read carries."""

from __future__ import annotations

from trustreg.domain.codings import accepts

READ_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, X-Trustreg-Generation, X-Trustreg-Built-At",
    "Cache-Control": "public, max-age=60",
}


def accepts_br(accept_encoding: str) -> bool:
    return accepts("br", accept_encoding)


def accepts_gzip(accept_encoding: str) -> bool:
    return accepts("gzip", accept_encoding)
