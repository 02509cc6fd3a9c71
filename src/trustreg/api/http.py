"""What every API read shares: the envelope, conditional GET (ETag, Last-Modified, 304), CORS,
and compression.

Reads are public and anonymous: CORS allows any origin for GET, HEAD and OPTIONS, never
credentials. The ETag is a hash of the document without its ``generated_at`` (which changes on
every request), so an unchanged document answers ``304 Not Modified``.

A document of :data:`COMPRESS_FROM` bytes or more is sent in brotli or gzip to a client that takes
it (``domain.codings``, the one rule; ``Vary: Accept-Encoding``), with an ETag of its own per
coding. Which answers may be compressed (BREACH, docs/security.md): compression lets whoever sees
an answer's size learn a secret in its body by guessing it through input the body reflects. Every
API read is the same public document for every asker, with no token, session or per-user text in
it, so compressing it discloses nothing; an answer to a request that carries credentials (a session
cookie, an ``Authorization`` header: a maintainer's browser) is still sent as it is, so that no
endpoint that one day shows a maintainer something of their own next to reflected input is
compressed by default. An endpoint whose answer carries a secret must not be wrapped here.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from trustreg.api.documents import SCHEMA_VERSION
from trustreg.domain import codings
from trustreg.health.selectors import data_version

ALLOWED = "GET, HEAD, OPTIONS"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ALLOWED,
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
    "Access-Control-Max-Age": "86400",
}
_GENERATED_AT = re.compile(rb'"generated_at":\s*"[^"]*"')


class BadParameter(ValueError):
    """A query parameter that cannot be read; the message names it."""


def envelope(as_of: dt.date | None = None, **fields: Any) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "generated_at": timezone.now(), "as_of": as_of, **fields}


def read_only(view: Callable[..., HttpResponse], *, dated: bool = True) -> Callable[..., HttpResponse]:
    """Wrap one of the API's views: answer preflights, serve HEAD as GET without a body, add CORS
    and validators to every answer, and answer 304 to a conditional GET that still holds.

    ``dated=False`` (the OpenAPI document, which follows the code, not the data): ETag only."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED
            return _cors(response)
        if request.method not in ("GET", "HEAD"):  # the API's own JSON error, not ninja's HTML page
            refused = JsonResponse({"detail": f"method: {str(request.method)[:20]} is not allowed; this API only "
                                              f"reads ({ALLOWED})"}, status=405)
            refused["Allow"] = ALLOWED
            return _cors(refused)
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("application/json"):
            coding = _coding(request, response)
            tag = hashlib.sha256(_GENERATED_AT.sub(b"", response.content)).hexdigest()[:32]
            etag = f'"{tag}"' if coding == codings.IDENTITY else f'"{tag}-{coding}"'  # one per representation
            stamp = int(data_version()[0].timestamp()) if dated else None
            response["ETag"] = etag
            if stamp is not None:
                response["Last-Modified"] = http_date(stamp)
            response["Cache-Control"] = "public, max-age=60"
            patch_vary_headers(response, ["Accept-Encoding"])
            answer = get_conditional_response(request, etag=etag, last_modified=stamp, response=response)
            if answer is not None and answer is not response:  # 304 (or 412): no body to compress
                response = answer
            elif coding != codings.IDENTITY:
                response.content = codings.compress(response.content, coding, live=True)
                response["Content-Encoding"] = coding
        if head:
            request.method = "HEAD"
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return _cors(response)

    return wrapper


COMPRESS_FROM = 1024  # bytes: below, a coding saves less than its headers and the client's work cost


def _coding(request: HttpRequest, response: HttpResponse) -> str:
    """The coding this answer is sent in: identity when small, or when the request carries
    credentials (see the module's note on BREACH), else the client's pick by the one rule."""
    if len(response.content) < COMPRESS_FROM:
        return codings.IDENTITY
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return codings.IDENTITY
    return codings.choose(codings.header(request.META))


def _cors(response: HttpResponse) -> HttpResponse:
    for key, value in CORS.items():
        response[key] = value
    return response


# -- Cursors: opaque to clients, bound to the listing that gave them out -----------------------
#
# A cursor is ``<listing>:<position>`` in URL-safe base64, where the listing is its endpoint's name
# and a digest of everything that decides which rows it holds and in which order (filters, profile,
# day, offering): a cursor replayed against another listing (other filters, another profile, another
# day or endpoint) is refused with a 400 naming ``cursor``, rather than silently paging that other
# listing from a position that means nothing there.

_LEGACY = {"changes": "rev"}  # cursors given out before they were bound, still read where they were kept


def listing(name: str, *parts: object) -> str:
    """The identity of one listing: the endpoint's ``name`` and a digest of ``parts`` (everything that
    decides its rows and their order; dates and dataclasses written out, ``None`` as null)."""
    text = json.dumps([_plain(p) for p in parts], ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return f"{name}.{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.astuple(value))
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if value is None or isinstance(value, str | int | float) else str(value)


def encode_cursor(of: str, value: int) -> str:
    return base64.urlsafe_b64encode(f"{of}:{value}".encode()).decode().rstrip("=")


def decode_cursor(raw: str | None, of: str) -> int:
    """The position a cursor of the listing ``of`` points at (0 when absent); BadParameter naming
    ``cursor`` when it is malformed or was given out by another listing."""
    if not raw:
        return 0
    got, value = _read(raw)
    name = of.partition(".")[0]
    if got == of or (got == _LEGACY.get(name) and got is not None):
        return value
    if got is None or "." not in got:
        raise BadParameter("cursor: not a cursor this API gave out; start again without it")
    raise BadParameter(
        "cursor: given out by another listing (other filters, profile, as_of or endpoint); "
        "repeat the request that gave it out with only the cursor added, or start again without it")


def _read(raw: str) -> tuple[str | None, int]:
    """The listing and position a cursor names; (None, 0) when it is not one."""
    if len(raw) > 80:
        return None, 0
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        return None, 0
    got, _, value = text.rpartition(":")
    if got and value.isascii() and value.isdigit() and len(value) <= 12 and encode_cursor(got, int(value)) == raw:
        return got, int(value)
    return None, 0


def page(items: Sequence[Any], cursor: str | None, limit: int, of: str) -> tuple[list[Any], str | None]:
    """One page of a list (or rows built per slice) from an offset cursor of the listing ``of``, and
    the cursor of the next page."""
    start = decode_cursor(cursor, of)
    chunk = list(items[start:start + limit])
    more = start + limit < len(items)
    return chunk, encode_cursor(of, start + limit) if more else None
