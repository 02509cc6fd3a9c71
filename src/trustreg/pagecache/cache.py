"""Public pages rendered once per public generation and day, then served from a shared cache.

Which requests: GET (and HEAD, answered from the GET's entry) without a session or messages cookie (a signed-in maintainer, or a visitor
with a message waiting, always gets a fresh render) and a query string under
:data:`MAX_QUERY` characters. The key is the scheme, host, path, raw query string (so ``?as_of=``,
filters and pages each have their own entry), htmx's request headers and the release (``release``:
a deploy that changes the code, a template or the collected static names renders every page
again, rather than serving pages that link a stylesheet ``collectstatic --clear`` removed); the
entry records the generation and day it was rendered for, and is used only while both are current:

- the generation (``accounts.aftermath``) is bumped in the transaction of every change the public
  sees, so a publish, load, retirement or kept copy made public shows on the next request;
- the day, because evidence ages and expiries are counted to today.

Only a plain 200 HTML answer whose view set no cookie and no header of its own is kept. What belongs
to one request (its CSRF token, the time served) is a placeholder in the entry, filled in per
answer (``fragments``). Every cached-path answer carries a weak ETag and Last-Modified from the
generation and day, and ``If-None-Match``/``If-Modified-Since`` answer 304 before the cache is read.

Compressed (``encoding``): a client that accepts brotli or gzip (every browser) gets a compressed
twin, kept beside the entry under its own key and made the first time it is asked for, so a hit
reads the small twin alone; the ETag names the coding, and every answer says ``Vary:
Accept-Encoding``. A page showing the time served has its twin made again the first time it is asked
for in each minute (the time is shown to the minute). A page holding a CSRF token is never sent
compressed: its token is new in each answer, beside what the visitor typed into the form, which is
what BREACH reads secrets out of; the pages that are not cached (a maintainer's, an error) are not
compressed on the fly either, for the same reason (see docs/benchmarks.md, "Cached pages compressed").

The entries live in Django's cache ``pages`` (settings: a file-based cache under ``var/``, shared by
every web process of the host): a hit costs one query (the generation) and one file read.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from trustreg.accounts import aftermath
from trustreg.pagecache import encoding, fragments, release

CACHE = "pages"
MAX_QUERY = 1000
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Trigger", "HX-Boosted", "HX-History-Restore-Request")
HIT_HEADER = "X-Trustreg-Page-Cache"


@dataclass(frozen=True)
class Entry:
    generation: int
    token: str  # the generation's random token: its number alone may be taken again after a rollback
    day: dt.date
    content_type: str
    body: bytes  # with fragments' placeholders
    private: bool  # holds a CSRF token: no shared cache may keep the answer


@dataclass(frozen=True)
class Twin:
    """A page's body compressed, kept under its entry's key and the coding (``twin_key``)."""
    generation: int
    token: str
    day: dt.date
    stamp: str  # the time served filled in (``fragments.now_stamp``); "" when the page shows none
    content_type: str
    body: bytes


def enabled() -> bool:
    return bool(getattr(settings, "TRUSTREG_PAGE_CACHE", True))


def cacheable(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    # HEAD is the GET without its body (the server drops it), so it reads and fills the same entry.
    return (request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in cookies
            and "messages" not in cookies and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY)


def page_key(request: HttpRequest) -> str:
    parts = [release.fingerprint(), request.scheme or "", request.get_host(), request.path,
             request.META.get("QUERY_STRING", "")]
    parts += [request.headers.get(h, "") for h in HTMX_HEADERS]
    return "page:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def twin_key(key: str, coding: str) -> str:
    return f"{key}:{coding}"


def validators(generation: aftermath.Generation, day: dt.date, key: str,
               coding: str = encoding.IDENTITY) -> tuple[str, int]:
    """The weak ETag and Last-Modified (seconds) of a page rendered for this generation and day, as
    sent in ``coding`` (each coding its own ETag, as each is a representation of its own)."""
    suffix = f"-{coding}" if coding else ""
    etag = f'W/"g{generation.number}.{generation.token[:8]}-{day.isoformat()}-{key[5:21]}{suffix}"'
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())
    changed = max(generation.changed_at or midnight, midnight)
    return etag, int(changed.timestamp())


def cached_page(view: Callable[..., HttpResponseBase] | None = None, *, private: bool = False) -> Any:
    """Serve ``view``'s page from the cache when the request allows it (see the module's text).

    ``private=True`` (``@cached_page(private=True)``) for a page that holds a form's CSRF token: it is
    never sent compressed, so its ETag names no coding, and its 304 (answered before the cache is
    read, so before the entry could say it is private) carries the ``private`` of its 200."""
    if view is None:
        return functools.partial(cached_page, private=private)
    page_view = view

    @functools.wraps(page_view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not enabled() or not cacheable(request):
            return page_view(request, *args, **kwargs)
        generation = aftermath.public_generation()
        day = timezone.localdate()
        key = page_key(request)
        coding = encoding.IDENTITY if private else encoding.negotiate(request)
        etag, last_modified = validators(generation, day, key, coding)
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return _stamp(not_modified, etag, last_modified, private=private, hit="revalidated")
        store = caches[CACHE]
        now = (generation.number, generation.token, day)
        if coding:
            twin = store.get(twin_key(key, coding))
            if (isinstance(twin, Twin) and (twin.generation, twin.token, twin.day) == now
                    and twin.stamp in ("", fragments.now_stamp())):
                return _stamp(_packed(twin, coding), etag, last_modified, private=False, hit="hit")
        entry = store.get(key)
        hit = "hit"
        if not isinstance(entry, Entry) or (entry.generation, entry.token, entry.day) != now:
            hit = "miss"
            with fragments.rendering_for_cache(request) as used_csrf:
                response = page_view(request, *args, **kwargs)
            if not _storable(response):
                return _served_anyway(response, request, used_csrf())
            assert isinstance(response, HttpResponse)
            body = fragments.mask_tokens(response.content) if used_csrf() else response.content
            entry = Entry(generation.number, generation.token, day, response["Content-Type"], body, private=used_csrf())
            store.set(key, entry, timeout=None)
        if coding and not entry.private:
            twin = _twin(entry, coding)
            store.set(twin_key(key, coding), twin, timeout=None)
            return _stamp(_packed(twin, coding), etag, last_modified, private=False, hit=hit)
        answer = HttpResponse(fragments.fill(entry.body, request), content_type=entry.content_type)
        if entry.private and coding:  # sent as it is: its ETag must not name a coding
            etag, last_modified = validators(generation, day, key)
        return _stamp(answer, etag, last_modified, private=entry.private, hit=hit)

    return wrapper


def _twin(entry: Entry, coding: str) -> Twin:
    stamp = fragments.now_stamp() if fragments.NOW in entry.body else ""
    body = encoding.compress(fragments.fill_time(entry.body, stamp), coding)
    return Twin(entry.generation, entry.token, entry.day, stamp, entry.content_type, body)


def _packed(twin: Twin, coding: str) -> HttpResponse:
    # Content-Length is CommonMiddleware's, from these bytes.
    answer = HttpResponse(twin.body, content_type=twin.content_type)
    answer["Content-Encoding"] = coding
    return answer


def _storable(response: HttpResponseBase) -> bool:
    return (isinstance(response, HttpResponse) and not response.streaming and response.status_code == 200
            and not response.cookies and set(response.headers) == {"Content-Type"}
            and response["Content-Type"].startswith("text/html"))


def _served_anyway(response: HttpResponseBase, request: HttpRequest, used_csrf: bool) -> HttpResponseBase:
    """A response rendered with placeholders that will not be kept: fill them in for this request."""
    if isinstance(response, HttpResponse) and not response.streaming:
        content = response.content
        filled = fragments.fill(fragments.mask_tokens(content) if used_csrf else content, request)
        if filled != content:
            response.content = filled
    return response


def _stamp(response: HttpResponseBase, etag: str, last_modified: int, *, private: bool,
           hit: str) -> HttpResponseBase:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Browsers ask again every time (a cheap 304 while nothing changed), so a publish shows at once.
    response["Cache-Control"] = "private, no-cache" if private else "no-cache"
    response[HIT_HEADER] = hit
    # a private page's answer depends on the visitor's CSRF cookie (CsrfViewMiddleware adds Cookie to
    # the 200's Vary): the 304 says so too
    patch_vary_headers(response, ["Accept-Encoding", "Cookie"] if private else ["Accept-Encoding"])
    return response
