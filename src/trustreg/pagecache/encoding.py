"""Which compressed twin of a cached page a client gets, and how twins are made.

A client that accepts brotli gets brotli, else gzip when it accepts that, else the page as it is:
the order and the reading of ``Accept-Encoding`` (a coding named with ``q=0`` is refused) are the
bulk files' (``bulk.serving``), and so are the compressors' settings (``bulk.store``): brotli
quality 9 with a 16 MB window, gzip level 6 with no time or name in its header, so the same page
always compresses to the same bytes. The parts are siblings that may not import each other, so the
settings are repeated here and a test holds the two equal.
"""

from __future__ import annotations

import gzip
import re

import brotli
from django.http import HttpRequest

BROTLI_QUALITY = 9
BROTLI_WINDOW = 24
GZIP_LEVEL = 6
IDENTITY = ""
CODINGS = ("br", "gzip")

_REFUSED = r"(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))"  # named with q=0: refused
_ACCEPTS = {"br": re.compile(r"\bbr\b" + _REFUSED), "gzip": re.compile(r"\bgzip\b" + _REFUSED)}


def negotiate(request: HttpRequest) -> str:
    """The coding ``request`` gets: "br", "gzip" or :data:`IDENTITY`."""
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    return next((coding for coding in CODINGS if _ACCEPTS[coding].search(accepted)), IDENTITY)


def compress(body: bytes, coding: str) -> bytes:
    if coding == "br":
        return bytes(brotli.compress(body, quality=BROTLI_QUALITY, lgwin=BROTLI_WINDOW))
    if coding == "gzip":
        return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    raise ValueError(f"unknown coding {coding!r}")
