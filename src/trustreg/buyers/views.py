"""Buyer tools: the fit check and allow-list (a profile is the query string) and the vendor-file memo."""

from __future__ import annotations

import datetime as dt
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from trustreg.buyers import files, fitpage, profiles
from trustreg.buyers import memo as memo_module
from trustreg.buyers.explainer import explainer_view
from trustreg.domain.memo import render_markdown
from trustreg.registry.selectors import NotFound, catalogue
from trustreg.site.asof import as_of_context, bad_request, with_as_of


@require_safe
@with_as_of
def fit_page(request: HttpRequest, as_of: dt.date | None = None) -> HttpResponse:
    cat = catalogue()
    asked = profiles.profile_from_query(request.GET, cat)
    if asked.problems:
        return bad_request(request, "This requirement profile cannot be read: " + "; ".join(asked.problems) + ".")
    # A preset today, nothing else asked but a page: its pages were built on write (buyers.files).
    built = (files.built_results(asked.preset_id, _page_number(request))
             if asked.preset_id and as_of is None and set(request.GET) <= {"preset", "page"} else None)
    # Anything else: counted and paged in SQL, full records only for the page's rows.
    view = (fitpage.fit_page(asked.profile, as_of, _page_number(request))
            if asked.profile and built is None else None)
    page = as_of_context(as_of, view.as_of if view else None)
    results = files.results_context(view, request.GET.urlencode(), page["as_of_qs"]) if view else {}
    return render(request, "buyers/fit.html", {
        **page, **results, "built_results": built,
        "catalogue": cat, "presets": profiles.presets(cat), "asked": asked,
        "params": request.GET, "choices": profiles.CHOICES,
        "selected": {d.id: request.GET.get(f"r_{d.id}", "") for d in cat.dimensions},
    })


@require_safe
@with_as_of
def allow_list(request: HttpRequest, as_of: dt.date | None = None) -> HttpResponse:
    cat = catalogue()
    asked = profiles.profile_from_query(request.GET, cat)
    if asked.problems or asked.profile is None:
        problems = list(asked.problems) or ["give preset=ID or at least one r_<question> field"]
        return HttpResponse(json.dumps({"error": problems}), status=400, content_type="application/json")
    view = fitpage.fit_page(asked.profile, as_of, _page_number(request), fitpage.ALLOW_LIST_PER_PAGE)
    document = fitpage.allow_list_page(view)
    response = HttpResponse(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                            content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="allow-list-{asked.profile.id}.json"'
    return response


def _page_number(request: HttpRequest) -> int:
    """The ``page`` asked for (from 1); anything that is not a page number asks for the first
    (ASCII digits only: isdigit() alone holds for "²", which int() cannot read)."""
    raw = request.GET.get("page", "")[:8]
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) > 0 else 1


def _memo_profile(request: HttpRequest) -> tuple[profiles.QueryProfile, str]:
    """The optional requirement profile a memo reports on, and the query that states it."""
    asked = profiles.profile_from_query(request.GET, catalogue())
    keep = request.GET.copy()
    keep.pop("as_of", None)
    return asked, keep.urlencode() if asked.profile else ""


@require_safe
@with_as_of
def memo(request: HttpRequest, offering_id: str, fmt: str, as_of: dt.date | None = None) -> HttpResponse:
    asked, query = _memo_profile(request)
    if asked.problems:
        return bad_request(request, "This requirement profile cannot be read: " + "; ".join(asked.problems) + ".")
    try:
        data = memo_module.memo_input(offering_id, as_of, asked.profile, query)
    except NotFound:
        raise Http404(f"There is no offering “{offering_id}” in the registry on that day.") from None
    text = render_markdown(data)
    name = f"memo-{data.offering_id}-{data.as_of.isoformat()}"
    if fmt == "pdf":
        response = HttpResponse(memo_module.render_pdf(text, f"Vendor-file memo: {data.name}"),
                                content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.md"'
    return response


@require_safe
@with_as_of
def explainer(request: HttpRequest, offering_id: str, as_of: dt.date | None = None) -> HttpResponse:
    try:
        ex = explainer_view(offering_id, as_of)
    except NotFound:
        raise Http404(f"There is no offering “{offering_id}” in the registry on that day.") from None
    return render(request, "buyers/explainer.html", {
        "ex": ex, "view": ex, "o": ex.view.offering, **as_of_context(as_of, ex.view.as_of),
    })
