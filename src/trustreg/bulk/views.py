"""Serving the bulk files: a file read, whatever the size of the registry.

Each answer carries a strong ETag (the SHA-256 of the bytes sent), Last-Modified (when that file's
content last changed), ``Cache-Control`` and CORS for reads; ``If-None-Match`` and
``If-Modified-Since`` answer 304. A client that accepts gzip gets the pre-compressed twin with
``Content-Encoding: gzip`` (``Vary: Accept-Encoding``); ``<name>.gz`` downloads it as a file.
"""

from __future__ import annotations

import json
import re

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from trustreg.bulk import build, store

FILES = {build.DATA_JSON, build.CSV, build.DUMP}
URLS = {build.DATA_JSON: "/data.json", build.CSV: "/bulk/registry.csv", build.DUMP: "/bulk/dump.jsonl"}
_ACCEPTS_GZIP = re.compile(r"\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))")
NOT_BUILT = ("The bulk files have not been built yet: they are written after the registry is loaded "
             "(or by `trustreg bulk build`). Try again shortly.")
READ_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, X-Trustreg-Generation",
    "Cache-Control": "public, max-age=60",
}


def _not_built() -> HttpResponse:
    response = JsonResponse({"detail": NOT_BUILT}, status=503)
    response["Retry-After"] = "30"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def serve(request: HttpRequest, name: str, *, download_gzip: bool = False,
          headers: dict[str, str] | None = None) -> HttpResponseBase:
    """``headers``: set on the answer after the bulk files' own (a part's own caching, say)."""
    generation = store.current()
    entry = generation.files.get(name) if generation else None
    if generation is None or entry is None:
        return _not_built()
    gzipped = download_gzip or bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    etag = entry.gzip_etag if gzipped else entry.etag
    stamp = int(entry.last_modified.timestamp())
    response: HttpResponseBase | None = get_conditional_response(
        request, etag=etag, last_modified=stamp)
    if response is None:
        path = generation.file(f"{name}.gz" if gzipped else name)
        content_type = "application/gzip" if download_gzip else entry.content_type
        response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115 - closed by Django
        response["Content-Length"] = str(entry.gzip_size if gzipped else entry.size)
        if download_gzip:
            response["Content-Disposition"] = f'attachment; filename="{name}.gz"'
        elif gzipped:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stamp)
    response["X-Trustreg-Generation"] = str(generation.number)
    if not download_gzip:
        response["Vary"] = "Accept-Encoding"
    for key, value in {**READ_HEADERS, **(headers or {})}.items():
        response[key] = value
    return response


@require_safe
def registry_csv(request: HttpRequest, gz: str = "") -> HttpResponseBase:
    return serve(request, build.CSV, download_gzip=bool(gz))


@require_safe
def dump_jsonl(request: HttpRequest, gz: str = "") -> HttpResponseBase:
    return serve(request, build.DUMP, download_gzip=bool(gz))


@require_safe
def data_json_gz(request: HttpRequest) -> HttpResponseBase:
    return serve(request, build.DATA_JSON, download_gzip=True)


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """Which generation is current and what each file is (size, SHA-256, ETag, when it changed)."""
    generation = store.current()
    if generation is None:
        return _not_built()
    doc = generation.manifest()
    for f in doc["files"]:
        if f["name"] in URLS:
            f["url"] = URLS[f["name"]]
            f["gzip_url"] = URLS[f["name"]] + ".gz"
        # the other parts' files (the calendars) carry their own url; gzip is negotiated
    text = json.dumps(doc, indent=2)
    response = HttpResponse(text, content_type="application/json")
    etag = f'"g{generation.number}"'
    response["ETag"] = etag
    for key, value in READ_HEADERS.items():
        response[key] = value
    return get_conditional_response(request, etag=etag, response=response) or response
