"""The calendar documents: the registry's and each question's are files built on write
(``feeds.files``, served by ``bulk.views``); one offering's is built per request (``feeds.selectors``).

Served as ``text/calendar`` with a content ETag (a calendar client polls; an unchanged registry
answers 304) and readable from any origin, like the API's reads.
"""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from trustreg.bulk import views as bulk_views
from trustreg.feeds import calendar, files
from trustreg.feeds import selectors as feed_selectors
from trustreg.registry import selectors

CACHE_SECONDS = 3600


def _answer(request: HttpRequest, events: list[calendar.CalendarEvent], name: str, about: str,
            filename: str) -> HttpResponse:
    body = calendar.render(events, name=name, description=about)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return get_conditional_response(request, etag=etag, response=response) or response


def _file_headers(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": f"public, max-age={CACHE_SECONDS}"}


@require_safe
def registry_calendar(request: HttpRequest) -> HttpResponseBase:
    return bulk_views.serve(request, files.REGISTRY, headers=_file_headers("trust-registry.ics"))


@require_safe
def offering_calendar(request: HttpRequest, offering_id: str) -> HttpResponse:
    try:
        o, events = feed_selectors.offering_events(offering_id)
    except selectors.NotFound:
        raise Http404(f"There is no offering with the id “{offering_id}”.") from None
    return _answer(request, events, f"{o.name}: evidence dates (Trust Registry)",
                   f"When {o.name}'s evidence expires, and the report and certificate dates its facts give.",
                   f"{o.id}.ics")


@require_safe
def question_calendar(request: HttpRequest, slug: str) -> HttpResponseBase:
    dim = next((d for d in selectors.catalogue().dimensions if slug in (d.slug, d.id)), None)
    if dim is None:
        raise Http404(f"There is no question with the slug “{slug}”.")
    return bulk_views.serve(request, files.question_file(dim), headers=_file_headers(f"{dim.slug}.ics"))
