"""Public pages: thin views over the registry's selectors."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from trustreg.bulk import build as bulk_build
from trustreg.bulk import dayserve as bulk_dayserve
from trustreg.bulk import serving as bulk_serving
from trustreg.bulk import views as bulk_views
from trustreg.domain.catalogue import Level
from trustreg.domain.grades import GRADE_INFO, Grade
from trustreg.pagecache.cache import cached_page
from trustreg.pagecache.fragments import served_at
from trustreg.registry import comparison, selectors
from trustreg.registry import index as registry_index
from trustreg.registry.coverage import coverage_view
from trustreg.registry.lazy import Window
from trustreg.registry.models import Offering
from trustreg.site.asof import as_of_context, with_as_of

# Long lists are paged so that a page's cost does not grow with the registry.
INDEX_PAGE_SIZE = 100
QUESTION_PAGE_SIZE = 60
PICKER_PAGE_SIZE = 50
COVERAGE_PAGE_SIZE = 100


@require_safe
@cached_page
@with_as_of
def index(request: HttpRequest, as_of: dt.date | None = None) -> HttpResponse:
    g = request.GET
    filters = registry_index.IndexFilters(
        developer=g.get("developer", "")[:80], platform=g.get("platform", "")[:80],
        category=g.get("category", "")[:40], q=g.get("q", "")[:100], conditions=registry_index.conditions_from(
            g.getlist("dimension"), g.getlist("grade"), g.getlist("strength")),
    )
    sort = g.get("sort", "order")[:80]
    view = registry_index.index_view(filters, sort, as_of)
    page = Paginator(view.rows, INDEX_PAGE_SIZE).get_page(g.get("page"))
    return render(request, "site/index.html", {
        **as_of_context(as_of, view.as_of),
        "view": view, "page": page, "filters": filters, "sort": sort, "grades": list(Grade),
        "categories": Offering.Category.choices,
        # the conditions in force, then an empty one to add another
        "condition_rows": [*filters.conditions, registry_index.Condition()],
    })


@require_safe
@cached_page
@with_as_of
def offering(request: HttpRequest, offering_id: str, as_of: dt.date | None = None) -> HttpResponse:
    try:
        view = selectors.offering_view(offering_id, as_of, with_monitor=True)
    except selectors.NotFound as exc:
        if as_of is not None and Offering.objects.filter(id=offering_id).exists():
            raise Http404(f"{exc}.") from None
        raise Http404(f"There is no offering with the id “{offering_id}”.") from None
    return render(request, "site/offering.html", {
        "view": view, "o": view.offering, **as_of_context(as_of, view.as_of),
        "monitor": view.monitor,
        # The print stamp: which registry this is (a permalink pins it) and when it was printed.
        "registry_date": as_of or timezone.now().date(), "printed_at": served_at(request),
    })


@require_safe
@cached_page
@with_as_of
def question(request: HttpRequest, slug: str, as_of: dt.date | None = None) -> HttpResponse:
    try:
        view = selectors.question_view(slug, as_of)
    except selectors.NotFound:
        raise Http404(f"There is no question with the slug “{slug}”.") from None
    page = Paginator(view.rows, QUESTION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "site/question.html", {
        "view": view, "dim": view.dimension, "page": page, **as_of_context(as_of, view.as_of),
    })


SAME_OFFERING = "Choose two to four different offerings to compare."
PICKER_FIELDS = ("a", "b", "c", "d")


def _picker(request: HttpRequest, chosen: list[str], error: str) -> HttpResponse:
    fields = [(f, chosen[i] if i < len(chosen) else "") for i, f in enumerate(PICKER_FIELDS)]
    q = request.GET.get("q", "")[:100]
    # A window of the search's rows in registry order: no COUNT, whatever the registry's size.
    page: Window[Offering] = Window(selectors.offering_search(q), request.GET.get("page"), PICKER_PAGE_SIZE)
    # "Add" fills the first empty field, keeping the others (and the search) as they are.
    free = next((f for f, c in fields if not c), None)
    adds = [(o, _query(request, add="1", **{free: o.id}) if free else "") for o in page.object_list]
    return render(request, "site/compare_picker.html",
                  {"fields": fields, "error": error, "q": q, "page": page, "adds": adds},
                  status=400 if error else 200)


def _query(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    params.pop("page", None)
    return "?" + params.urlencode()


@require_safe
@cached_page
def compare_picker(request: HttpRequest) -> HttpResponse:
    chosen = [request.GET.get(f, "")[:80].strip() for f in PICKER_FIELDS]
    picked = [c for c in chosen if c]
    adding = "add" in request.GET  # an "Add" link: show the picker with one more offering chosen
    if (not adding and len(picked) >= 2 and len(set(picked)) == len(picked)
            and selectors.listed_ids(picked) == set(picked)):
        return HttpResponseRedirect(reverse("site:compare", args=["-vs-".join(picked)]))
    submitted = "a" in request.GET and "b" in request.GET and not adding
    unknown = sorted(set(picked) - selectors.listed_ids(picked)) if submitted else []
    error = (f"No offering with the id “{unknown[0]}”: search below." if unknown
             else SAME_OFFERING if submitted else "")
    return _picker(request, chosen, error)


@require_safe
@cached_page
@with_as_of
def compare(request: HttpRequest, pair: str, as_of: dt.date | None = None) -> HttpResponse:
    ids = comparison.split_compare_ids(pair)
    if ids is None:
        raise Http404(f"“{pair}” does not name two to four offerings: use /compare/<a>-vs-<b>/.")
    if len(set(ids)) != len(ids):
        # An offering compared with itself differs nowhere: say so on the picker instead.
        return _picker(request, list(dict.fromkeys(ids)), f"{SAME_OFFERING} An offering was given twice.")
    try:
        view = comparison.compare_view(*ids, as_of=as_of)
    except selectors.NotFound as exc:
        raise Http404(str(exc)[:1].upper() + str(exc)[1:] + ".") from None
    return render(request, "site/compare.html", {
        "view": view, "swapped": "-vs-".join(reversed(ids)), **as_of_context(as_of, view.a.as_of),
    })


@require_safe
@cached_page
def methodology(request: HttpRequest) -> HttpResponse:
    cat = selectors.catalogue()
    return render(request, "site/methodology.html", {
        "catalogue": cat, "grades": [(g, GRADE_INFO[g]) for g in Grade],
        "platform_dims": [d for d in cat.dimensions if d.level is Level.PLATFORM],
        "developer_dims": [d for d in cat.dimensions if d.level is Level.DEVELOPER],
    })


@require_safe
def coverage(request: HttpRequest) -> HttpResponse:
    view = coverage_view()
    page = Paginator(view.offerings, COVERAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "site/coverage.html", {"coverage": view, "page": page})


@require_safe
def data_json(request: HttpRequest) -> HttpResponseBase:
    """Today's data.json is the bulk file written after the last change (``trustreg.bulk``); a past
    day's is the file the bulk worker keeps for that day (``bulk.dayserve``: never replayed here).
    Both are usually answered by the bulk files' middleware before this view."""
    if as_of := bulk_serving.as_of_param(request):
        return bulk_dayserve.respond(request, as_of)
    return bulk_views.serve(request, bulk_build.DATA_JSON)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) and "Resolver404" not in repr(exception) else ""
    if message.startswith("{"):
        message = ""
    return render(request, "site/404.html", {
        # a search box and the questions (a fixed catalogue), never a list of offerings: a visitor's
        # (or a crawler's) wrong address costs the same whatever the registry's size
        "message": message, "path": request.path, "questions": selectors.catalogue().dimensions,
    }, status=404)
