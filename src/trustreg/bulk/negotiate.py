"""What the bulk files' answers share: which encoding a client takes, and the headers every read carries."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest

from trustreg.domain import codings

READ_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, X-Trustreg-Generation, X-Trustreg-Built-At",
    "Cache-Control": "public, max-age=60",
}


def coding(request: HttpRequest, offered: Sequence[str] = codings.CODINGS) -> str:
    """"br", "gzip" or "identity", by the one rule (``domain.codings.choose``)."""
    return codings.choose(codings.header(request.META), offered)
