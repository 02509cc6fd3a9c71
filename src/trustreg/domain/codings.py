"""Content codings: which one a client takes, and the compressors' settings.

One rule for every part that sends compressed bytes (the bulk files, the kept past days, the cached
pages, the API): :func:`choose` reads ``Accept-Encoding`` (RFC 9110 §12.5.3), brotli quality 9 with
a 16 MB window and gzip level 6 with no time or name in its header, so the same text always
compresses to the same bytes (and the same ETag).

A request with no ``Accept-Encoding`` at all gets the identity coding. RFC 9110 lets a server send
any coding then, but does not say the client can decode it, and the one client in common use that
sends no header, curl without ``--compressed``, writes gzip bytes out undecoded: so, as WhiteNoise,
nginx and Django's GZipMiddleware do, no header means the text as it is. An empty header, or one
refusing every coding (``identity``, ``gzip;q=0, br;q=0``), gets the text too; a header refusing
identity as well (``*;q=0``) still gets it rather than a 406, which no client we know wants.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence

import brotli

# Brotli for clients that accept it (every current browser): quality 9 with a 16 MB window finds the
# repeats between records far apart, which gzip's 32 KB window cannot (data.json at 2,000 offerings:
# 343 KB against gzip's 1,267 KB, 0.4 s of CPU; quality 11 gains 7% more for 80 times the CPU).
BROTLI_QUALITY = 9
BROTLI_WINDOW = 24
GZIP_LEVEL = 6

IDENTITY = "identity"
CODINGS = ("br", "gzip")  # what the server offers, brotli first when the client weighs both alike
_MAX_HEADER = 1024  # characters of the header read: a longer one is cut (browsers send ~30)
_MAX_ELEMENTS = 32
_QVALUE = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")  # RFC 9110 §12.4.2: at most three decimals
_ALIASES = {"x-gzip": "gzip"}  # RFC 9110 §8.4.1.3: a recipient treats x-gzip as gzip


def weights(accept_encoding: str) -> dict[str, float]:
    """Each coding an ``Accept-Encoding`` value names, lower-cased, with its weight (1 when none is
    given). An element with a malformed weight is left out (it neither grants nor refuses); a coding
    named twice keeps its lower weight, so a refusal is never outweighed."""
    if len(accept_encoding) > _MAX_HEADER:  # cut after the last whole element: "br;q=0" never read as "br"
        accept_encoding = accept_encoding[:_MAX_HEADER].rpartition(",")[0]
    found: dict[str, float] = {}
    for element in accept_encoding.split(",")[:_MAX_ELEMENTS]:
        name, *params = element.split(";")
        coding = name.strip().lower()
        if not coding:
            continue
        weight: float | None = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                weight = float(value.strip()) if _QVALUE.fullmatch(value.strip()) else None
        if weight is None:
            continue
        coding = _ALIASES.get(coding, coding)
        found[coding] = min(weight, found.get(coding, weight))
    return found


def choose(accept_encoding: str | None, offered: Sequence[str] = CODINGS) -> str:
    """The coding to send, of ``offered`` (the server's order), for a request whose header is
    ``accept_encoding`` (None: the request has none): the one the client weighs highest, the
    server's order breaking ties, ``*`` standing for every coding the header does not name;
    :data:`IDENTITY` when it accepts none of them (or sent no header: see the module's note)."""
    if accept_encoding is None:
        return IDENTITY
    weighed = weights(accept_encoding)
    other = weighed.get("*", 0.0)
    best, best_weight = IDENTITY, 0.0
    for coding in offered:
        weight = weighed.get(coding, other)
        if weight > best_weight:
            best, best_weight = coding, weight
    return best


def header(meta: dict[str, object]) -> str | None:
    """A request's ``Accept-Encoding`` from its WSGI environ (``request.META``), None when absent."""
    value = meta.get("HTTP_ACCEPT_ENCODING")
    return value if isinstance(value, str) else None


# Answers compressed as each request is answered (the API) rather than once and kept: brotli quality
# 5 with a 4 MB window, which costs a few milliseconds a megabyte where quality 9 costs tens, and
# still takes most of what 9 takes from repetitive JSON (measured: docs/benchmarks.md, "API answers").
LIVE_BROTLI_QUALITY = 5
LIVE_BROTLI_WINDOW = 22


def compress(body: bytes, coding: str, *, live: bool = False) -> bytes:
    """``body`` in ``coding`` ("br" or "gzip"), the same bytes every time for the same body;
    ``live``: the cheaper brotli setting for an answer compressed on each request."""
    if coding == "br":
        quality, window = (LIVE_BROTLI_QUALITY, LIVE_BROTLI_WINDOW) if live else (BROTLI_QUALITY, BROTLI_WINDOW)
        return bytes(brotli.compress(body, quality=quality, lgwin=window))
    if coding == "gzip":
        return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    raise ValueError(f"unknown coding {coding!r}")
