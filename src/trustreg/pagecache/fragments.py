"""The parts of a cached page that belong to one request: its CSRF token and the time it was served.

A page is rendered for the cache with placeholders in their place and every answer, cached or not,
fills them in for the request at hand, so one visitor's token is never served to another.

- CSRF: the page is rendered with a stand-in CSRF secret that never leaves the process; every
  token the template produced from it (``{% csrf_token %}``, ``{{ csrf_token }}``, however masked) is
  found by unmasking each 64-character run and replaced by :data:`CSRF`. Filling in calls
  Django's ``get_token`` for the real request, which also sets the visitor's CSRF cookie.
- Time: a view passes :func:`served_at` to its template instead of ``now``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils import timezone
from django.utils.crypto import get_random_string

CSRF = b"trustreg-pagecache-csrf-token-9f3b1c"
NOW = b"trustreg-pagecache-served-at-9f3b1c"
_STAND_IN = get_random_string(CSRF_SECRET_LENGTH)  # per process; never sent to anyone
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_RENDERING = "_trustreg_pagecache_rendering"
NOW_FORMAT = "%Y-%m-%d %H:%M"


def served_at(request: HttpRequest) -> str:
    """When this page is served (UTC, to the minute), or the placeholder while rendering for the cache."""
    if getattr(request, _RENDERING, False):
        return NOW.decode()
    return timezone.now().strftime(NOW_FORMAT)


@contextmanager
def rendering_for_cache(request: HttpRequest) -> Iterator[Callable[[], bool]]:
    """Run the view inside this to render with placeholders; the callable says whether a CSRF
    token was asked for. The request's own CSRF state is restored afterwards."""
    meta = request.META
    saved: dict[str, Any] = {k: meta[k] for k in ("CSRF_COOKIE", "CSRF_COOKIE_NEEDS_UPDATE") if k in meta}
    meta["CSRF_COOKIE"] = _STAND_IN
    meta.pop("CSRF_COOKIE_NEEDS_UPDATE", None)
    setattr(request, _RENDERING, True)
    used = False
    try:
        yield lambda: used
    finally:
        used = bool(meta.get("CSRF_COOKIE_NEEDS_UPDATE"))
        setattr(request, _RENDERING, False)
        for key in ("CSRF_COOKIE", "CSRF_COOKIE_NEEDS_UPDATE"):
            meta.pop(key, None)
        meta.update(saved)


def _unmask(token: str) -> str:
    # Django's masking (django.middleware.csrf): mask + (secret + mask) per character.
    mask, cipher, chars = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:], CSRF_ALLOWED_CHARS
    return "".join(chars[chars.index(c) - chars.index(m)] for c, m in zip(cipher, mask, strict=True))


def mask_tokens(body: bytes) -> bytes:
    """``body`` with every token masked from the stand-in secret replaced by :data:`CSRF`."""
    def swap(match: re.Match[bytes]) -> bytes:
        token = match.group(0)
        return CSRF if _unmask(token.decode()) == _STAND_IN else token
    return _TOKEN.sub(swap, body)


def now_stamp() -> str:
    """The time served as a page shows it: a page filled in with it is the same all this minute."""
    return timezone.now().strftime(NOW_FORMAT)


def fill_time(body: bytes, stamp: str) -> bytes:
    """``body`` with the time served filled in as ``stamp`` (a :func:`now_stamp`)."""
    return body.replace(NOW, stamp.encode()) if NOW in body else body


def fill(body: bytes, request: HttpRequest) -> bytes:
    """``body`` with the placeholders filled in for ``request``."""
    if CSRF in body:
        body = body.replace(CSRF, get_token(request).encode())
    return fill_time(body, now_stamp())
