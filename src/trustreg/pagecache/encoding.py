"""Which compressed twin of a cached page a client gets, and how twins are made.

A client that accepts brotli gets brotli, else gzip when it accepts that, else the page as it is:
the order, the reading of ``Accept-Encoding`` and the compressors' settings are the bulk files'
(one rule, ``domain.codings``), so the same page always compresses to the same bytes.
"""

from __future__ import annotations

from django.http import HttpRequest

from trustreg.domain import codings
from trustreg.domain.codings import BROTLI_QUALITY, BROTLI_WINDOW, GZIP_LEVEL  # noqa: F401 - what pages are packed with

IDENTITY = ""
CODINGS = ("br", "gzip")


def negotiate(request: HttpRequest) -> str:
    """The coding ``request`` gets: "br", "gzip" or :data:`IDENTITY`."""
    chosen = codings.choose(codings.header(request.META), CODINGS)
    return IDENTITY if chosen == codings.IDENTITY else chosen


def compress(body: bytes, coding: str) -> bytes:
    """A page's twin, made once per generation and kept: the kept files' settings."""
    return codings.compress(body, coding)
