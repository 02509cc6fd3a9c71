"""Public history pages: the changelog, one revision, and an offering's cell-by-cell history."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from trustreg.domain.history import BadDate
from trustreg.registry import changelog, selectors
from trustreg.registry.models import Offering, Revision
from trustreg.site.asof import bad_request, date_param

PAGE_SIZE = 50
AMBIGUOUS_SHOWN = 5  # ids suggested when a changelog filter matches several offerings


def _page_number(request: HttpRequest) -> str:
    return request.GET.get("page", "1")[:12]


def _dimension(request: HttpRequest, catalogue: Any) -> str:
    dim = request.GET.get("dimension", "")[:60]
    if dim and catalogue.get(dim) is None:
        raise ValueError(f"dimension {dim!r} is not a question of this registry")
    return dim


def _offering_named(text: str) -> Offering:
    """The offering a changelog filter names: its id, or the one listed offering whose name (or
    developer, platform, model family) contains the text. A search, never a list of every offering."""
    found = Offering.objects.filter(id=text).first()
    if found is not None:
        return found
    matches = list(selectors.offering_search(text)[:AMBIGUOUS_SHOWN + 1])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValueError(f"no offering in the registry has the id or name {text!r}")
    more = ", ..." if len(matches) > AMBIGUOUS_SHOWN else ""
    raise ValueError(f"several offerings match {text!r}: give one id ("
                     + ", ".join(o.id for o in matches[:AMBIGUOUS_SHOWN]) + more + ")")


@require_safe
def changelog_page(request: HttpRequest) -> HttpResponse:
    cat = selectors.catalogue()
    offering_id = request.GET.get("offering", "")[:80]
    kind = request.GET.get("kind", "")[:30]
    try:
        dimension = _dimension(request, cat)
        if kind and kind not in Revision.Kind.values:
            raise ValueError(f"kind {kind!r} is not one of: {', '.join(Revision.Kind.values)}")
        offering = _offering_named(offering_id) if offering_id else None
    except ValueError as exc:
        return bad_request(request, f"Cannot filter the changelog: {exc}.")
    page, entries = changelog.page_of(
        changelog.Filters(offering, dimension, kind), _page_number(request), PAGE_SIZE
    )
    offering_id = offering.id if offering else ""
    return render(
        request,
        "site/changelog.html",
        {
            "page": page,
            "entries": entries,
            "catalogue": cat,
            "offering": offering,
            "kinds": Revision.Kind.choices,
            "filters": {"offering": offering_id, "dimension": dimension, "kind": kind},
            "filtered": bool(offering_id or dimension or kind),
        },
    )


@require_safe
def revision_page(request: HttpRequest, revision_id: int) -> HttpResponse:
    r = changelog.revisions().filter(pk=revision_id).first()
    if r is None:
        raise Http404(f"There is no revision {revision_id}.")
    return render(request, "site/revision.html", {"entry": changelog.Entry(r)})


@require_safe
def offering_history(request: HttpRequest, offering_id: str) -> HttpResponse:
    o = Offering.objects.select_related("developer", "platform").filter(id=offering_id).first()
    if o is None:
        raise Http404(f"There is no offering with the id “{offering_id}”.")
    cat = selectors.catalogue()
    try:
        dimension = _dimension(request, cat)
        start, end = date_param(request, "from"), date_param(request, "to")
        if (start is None) != (end is None):
            raise ValueError("give both dates, from and to, to compare two dates")
        if start and end and start > end:
            raise ValueError(f"from ({start.isoformat()}) must not be after to ({end.isoformat()})")
    except (BadDate, ValueError) as exc:
        return bad_request(request, f"Cannot show this history: {exc}.")
    diff = changelog.offering_diff(o, start, end) if start and end else None
    page, entries = changelog.page_of(changelog.Filters(o, dimension), _page_number(request), PAGE_SIZE)
    counts = changelog.counts_by_dimension(o)
    return render(
        request,
        "site/offering_history.html",
        {
            "o": o,
            "page": page,
            "entries": entries,
            "diff": diff,
            "catalogue": cat,
            "dimension": dimension,
            "start": start,
            "end": end,
            "cells": [(d, counts.get(d.id, 0)) for d in cat.dimensions],
        },
    )
