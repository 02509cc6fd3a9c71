"""The bulk files served the way WhiteNoise serves a static file, before the rest of the stack.

:class:`BulkFilesMiddleware` sits right after WhiteNoise's own middleware and answers the bulk
files' URLs with WhiteNoise's responder (``whitenoise.responders.StaticFile``): conditional GET
(304), single byte ranges (206), HEAD, and the file handed to the server's ``wsgi.file_wrapper``
(sendfile), with no session, CSRF, authentication or URL resolving on the way, exactly as a
stylesheet is served. Each representation (the file, its pre-compressed brotli and gzip twins, the
``.gz`` download) is a responder of its own with its own strong ETag (SHA-256 of the bytes sent) and
Last-Modified (when that file's content last changed), built once per generation: a request costs
one ``readlink`` of ``current`` to see whether a newer generation was switched in. Until a queued
build switches one in (``bulk.tasks``), the previous generation is served, and says what it is:
``X-Trustreg-Generation`` (its number) and ``X-Trustreg-Built-At`` (when the registry was read for
it); ``/bulk/manifest.json`` says whether a build is due.

``/data.json?as_of=DAY`` is answered from that day's kept file the same way (``bulk.dayserve``).
Not handled here, so Django's views answer it: every URL before the first build (503, saying why).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.utils.http import http_date
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import StaticFile

from trustreg.bulk import build, dayserve, store
from trustreg.bulk.negotiate import READ_HEADERS, coding


@dataclass(frozen=True)
class Route:
    name: str
    download_gzip: bool = False


ROUTES = {
    "/data.json": Route(build.DATA_JSON), "/data.json.gz": Route(build.DATA_JSON, True),
    "/bulk/registry.csv": Route(build.CSV), "/bulk/registry.csv.gz": Route(build.CSV, True),
    "/bulk/dump.jsonl": Route(build.DUMP), "/bulk/dump.jsonl.gz": Route(build.DUMP, True),
}
Variant = tuple[str, str]  # (file name, "plain" | "br" | "gzip" | "download")


def _responder(generation: store.Generation, entry: store.FileEntry, variant: str) -> StaticFile:
    common = [("Last-Modified", http_date(int(entry.last_modified.timestamp()))),
              ("X-Trustreg-Generation", str(generation.number)),
              ("X-Trustreg-Built-At", generation.built_at.isoformat(timespec="seconds")), *READ_HEADERS.items()]
    if variant == "plain":
        return StaticFile(str(generation.file(entry.name)), [
            ("Content-Type", entry.content_type), ("ETag", entry.etag), ("Vary", "Accept-Encoding"), *common])
    if variant == "br":
        return StaticFile(str(generation.file(f"{entry.name}.br")), [
            ("Content-Type", entry.content_type), ("Content-Encoding", "br"), ("ETag", entry.br_etag),
            ("Vary", "Accept-Encoding"), *common])
    packed = str(generation.file(f"{entry.name}.gz"))
    if variant == "gzip":
        return StaticFile(packed, [("Content-Type", entry.content_type), ("Content-Encoding", "gzip"),
                                   ("ETag", entry.gzip_etag), ("Vary", "Accept-Encoding"), *common])
    filename = entry.name.rsplit("/", 1)[-1]
    return StaticFile(packed, [("Content-Type", "application/gzip"), ("ETag", entry.gzip_etag),
                               ("Content-Disposition", f'attachment; filename="{filename}.gz"'), *common])


class _Responders:
    """One generation's responders, each made the first time it is asked for."""

    def __init__(self, generation: store.Generation):
        self.generation = generation
        self._made: dict[Variant, StaticFile] = {}

    def get(self, name: str, variant: str) -> StaticFile | None:
        made = self._made.get((name, variant))
        if made is None:
            entry = self.generation.files.get(name)
            if entry is None:
                return None
            made = self._made[name, variant] = _responder(self.generation, entry, variant)
        return made


class _Current:
    """The responders of the generation ``current`` points at, replaced when the link moves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: tuple[str, str, _Responders] | None = None

    def responders(self) -> _Responders | None:
        root = store.bulk_dir()
        try:
            target = os.readlink(root / "current")
        except OSError:
            return None
        seen = self._seen
        if seen is not None and seen[:2] == (str(root), target):
            return seen[2]
        with self._lock:
            generation = store.current()
            if generation is None:
                return None
            made = _Responders(generation)
            self._seen = (str(root), generation.path.name, made)
            return made


_current = _Current()


def respond(request: HttpRequest, name: str, *, download_gzip: bool = False,
            headers: dict[str, str] | None = None) -> HttpResponseBase | None:
    """The file ``name`` of the current generation as WhiteNoise serves a static file (None before
    the first build). ``headers`` are set on the answer after the file's own (a part's own caching)."""
    responders = _current.responders()
    if responders is None:
        return None
    responder = responders.get(name, _variant(request, responders.generation.files.get(name), download_gzip))
    if responder is None:
        return None
    response = WhiteNoiseMiddleware.serve(responder, request)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _variant(request: HttpRequest, entry: store.FileEntry | None, download_gzip: bool) -> str:
    """Brotli for a client that accepts it (when the generation has the twin), then gzip, then the file."""
    if download_gzip:
        return "download"
    chosen = coding(request, ("br", "gzip") if entry is not None and entry.br_size else ("gzip",))
    return "plain" if chosen == "identity" else chosen


class BulkFilesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        route = ROUTES.get(request.path_info)
        if route is None:
            return self.get_response(request)
        if route.name == build.DATA_JSON and not route.download_gzip and (as_of := as_of_param(request)):
            return dayserve.respond(request, as_of)
        return respond(request, route.name, download_gzip=route.download_gzip) or self.get_response(request)


def as_of_param(request: HttpRequest) -> str:
    """The ``as_of`` query parameter, stripped ("" when absent or blank)."""
    query = request.META.get("QUERY_STRING", "")
    return QueryDict(query).get("as_of", "").strip() if query else ""
