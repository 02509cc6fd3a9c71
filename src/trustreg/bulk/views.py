"""Serving the bulk files: a file read, whatever the size of the registry.

The files themselves are answered by ``serving`` (as WhiteNoise answers a static file: strong ETag
per representation, Last-Modified, 304, byte ranges, the gzip twin for clients that accept it, the
``.gz`` download), usually by its middleware before these views are reached; these views answer
when that middleware is not installed and, before the first build, with a 503 that says why.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from trustreg.accounts.aftermath import public_generation
from trustreg.bulk import build, serving, store
from trustreg.bulk.serving import READ_HEADERS

FILES = {build.DATA_JSON, build.CSV, build.DUMP}
URLS = {build.DATA_JSON: "/data.json", build.CSV: "/bulk/registry.csv", build.DUMP: "/bulk/dump.jsonl"}
NOT_BUILT = ("The bulk files have not been built yet: `trustreg bulk worker` writes them after the registry "
             "is loaded (or run `trustreg bulk build`). Try again shortly.")


def _not_built() -> HttpResponse:
    response = JsonResponse({"detail": NOT_BUILT}, status=503)
    response["Retry-After"] = "30"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def serve(request: HttpRequest, name: str, *, download_gzip: bool = False,
          headers: dict[str, str] | None = None) -> HttpResponseBase:
    """``headers``: set on the answer after the bulk files' own (a part's own caching, say)."""
    return serving.respond(request, name, download_gzip=download_gzip, headers=headers) or _not_built()


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
    """Which generation is current and what each file is (size, SHA-256, ETag, when it changed), and
    whether a build is due: the registry changed (or the day turned) since the files were read."""
    generation = store.current()
    if generation is None:
        return _not_built()
    now = public_generation().number
    doc = {**generation.manifest(), "registry_generation_now": now, "build_due": build.behind(generation, registry_now=now)}
    for f in doc["files"]:
        if f["name"] in URLS:
            f["url"] = URLS[f["name"]]
            f["gzip_url"] = URLS[f["name"]] + ".gz"
        # the other parts' files (the calendars) carry their own url; gzip is negotiated
    text = json.dumps(doc, indent=2)
    response = HttpResponse(text, content_type="application/json")
    etag = f'"g{generation.number}-r{generation.registry_generation}-n{now}-{int(doc["build_due"])}"'
    response["ETag"] = etag
    for key, value in READ_HEADERS.items():
        response[key] = value
    return get_conditional_response(request, etag=etag, response=response) or response
