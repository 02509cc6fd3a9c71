"""The JSON API, version 1: thin endpoints over ``trustreg.api.reads`` (django-ninja).

Every endpoint is a GET; parameters are checked here and named in a 400 when they are wrong.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError

from trustreg.api import reads
from trustreg.api import schemas as s
from trustreg.api.http import BadParameter
from trustreg.domain.history import BadDate
from trustreg.domain.strength import Strength
from trustreg.registry import changelog
from trustreg.registry.index import Condition, IndexFilters
from trustreg.registry.models import Offering, Revision
from trustreg.registry.selectors import NotFound
from trustreg.site.asof import date_param

DESCRIPTION = """Read-only JSON API of the Trust Registry, served from the same selectors as the
public pages. Every document carries `schema_version` and `generated_at`; every answer carries an
ETag and Last-Modified for conditional GET, and CORS headers for reads from any origin. Version 1
only grows: see the stability policy in docs/api.md."""

api = NinjaAPI(
    title="Trust Registry API", version="1", description=DESCRIPTION, urls_namespace="api-v1",
    docs_url=None, openapi_url="/openapi.json",
)

AS_OF = "The registry as it stood at the end of this day (UTC), YYYY-MM-DD; a future day reads as today."
ERRORS = {400: s.ErrorOut, 404: s.ErrorOut}
MAX_LIMIT = 200

# Parameters several endpoints share (Annotated keeps their documentation in one place).
AsOf = Annotated[dt.date | None, Query(None, description=AS_OF)]
Cursor = Annotated[str | None, Query(None, max_length=80, description=(
    "The next_cursor of the previous page, sent with the same other parameters: a cursor is bound to "
    "the listing that gave it out, and one replayed with other filters, profile, as_of or endpoint "
    "answers 400"))]
Limit = Annotated[int, Query(50, ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}")]


@api.exception_handler(BadParameter)
@api.exception_handler(BadDate)
def bad_parameter(request: HttpRequest, exc: Exception):  # noqa: ANN201 (ninja handler)
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError):  # noqa: ANN201
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}"
        for e in exc.errors
    )
    return api.create_response(request, {"detail": problems}, status=400)


@api.exception_handler(NotFound)
def not_found(request: HttpRequest, exc: NotFound):  # noqa: ANN201
    return api.create_response(request, {"detail": str(exc)}, status=404)
Since = Annotated[dt.date | None, Query(None, description="From the start of this day (UTC), YYYY-MM-DD")]
Until = Annotated[dt.date | None, Query(None, description="Up to the end of this day (UTC), YYYY-MM-DD")]
Kind = Annotated[str, Query("", description="One of: " + ", ".join(Revision.Kind.values))]


def _as_of(request: HttpRequest) -> dt.date | None:
    return date_param(request, "as_of")


@api.get("/offerings", response={200: s.OfferingList, **ERRORS}, summary="List offerings")
def offerings(
    request: HttpRequest, developer: str = "", platform: str = "",
    category: Annotated[str, Query("", description="first_party or cloud_distribution")] = "",
    question: Annotated[str, Query("", description="With grade or strength: only this question's cell counts")] = "",
    grade: Annotated[str, Query("", description="Only offerings with a cell of this grade")] = "",
    strength: Annotated[str, Query("", description="Only offerings with a cell whose evidence strength is "
                                   "this (" + ", ".join(Strength) + ")")] = "",
    q: Annotated[str, Query("", description="Words in the name, id, developer, platform or model family")] = "",
    as_of: AsOf = None, cursor: Cursor = None,
    limit: Limit = 50,
):
    """Offerings in registry order with the grade and evidence strength of every question; cursor paging."""
    condition = Condition(question[:60], grade[:40], strength[:40])
    filters = IndexFilters(developer=developer[:80], platform=platform[:80], category=category[:40],
                           q=q[:100], conditions=(condition,) if condition else ())
    return reads.offering_list(filters, _as_of(request), cursor, limit)


@api.get("/offerings/{offering_id}", response={200: s.OfferingDetail, **ERRORS}, summary="One offering")
def offering(request: HttpRequest, offering_id: str, as_of: AsOf = None):
    """Every resolved cell of one offering, with its origin, evidence and citations."""
    return reads.offering_detail(offering_id[:80], _as_of(request))


@api.get("/offerings/{offering_id}/history", response={200: s.OfferingHistory, **ERRORS},
         summary="An offering's history")
def offering_history(request: HttpRequest, offering_id: str, as_of: AsOf = None,
                     cursor: Cursor = None, limit: Limit = 50):
    """Revisions that changed what the offering shows, newest first."""
    return reads.offering_history(offering_id[:80], _as_of(request), cursor, limit)


@api.get("/copies/{copy_id}", response={200: s.CopyOut, **ERRORS}, summary="A public kept copy")
def copy(request: HttpRequest, copy_id: str):
    """The text kept of a cited source, with its SHA-256 and retrieval date; 404 unless public."""
    found = reads.kept_copy(copy_id)
    if found is None:
        raise HttpError(404, f"no public kept copy {copy_id[:120]!r}")
    return found


@api.get("/questions", response={200: s.Catalogue, **ERRORS}, summary="The question catalogue")
def questions(request: HttpRequest):
    """Every question asked of every offering, in groups, with its facts and freshness policy."""
    return reads.catalogue()


@api.get("/questions/{slug}", response={200: s.QuestionAcross, **ERRORS}, summary="One question across offerings")
def question(request: HttpRequest, slug: str, as_of: AsOf = None,
             cursor: Cursor = None, limit: Limit = 50):
    """One question's resolved cell for every offering; cursor paging."""
    return reads.question_across(slug[:80], _as_of(request), cursor, limit)


@api.get("/parties", response={200: s.PartyList, **ERRORS}, summary="Parties")
def parties(request: HttpRequest, cursor: Cursor = None, limit: Limit = 50):
    """Developers and platforms, with the offerings each develops and serves; cursor paging."""
    return reads.parties(cursor, limit)


@api.get("/compare", response={200: s.Comparison, **ERRORS}, summary="Compare 2 to 4 offerings")
def compare(request: HttpRequest, ids: Annotated[str, Query(..., max_length=400, description="2 to 4 offering ids, comma-separated")],
            as_of: AsOf = None):
    """Question by question, the cells of 2 to 4 offerings side by side."""
    return reads.comparison(ids[:400].split(",")[:reads.MAX_COMPARED + 1], _as_of(request))


@api.get("/changes", response={200: s.ChangeList, **ERRORS}, summary="Changes since a date or cursor")
def changes(
    request: HttpRequest, since: Since = None, cursor: Cursor = None, offering: str = "", question: str = "",
    kind: Kind = "", as_of: Until = None, limit: Limit = 100,
):
    """Published changes, oldest first; keep the last next_cursor to fetch only newer ones later."""
    for name, value in (("offering", offering), ("question", question), ("kind", kind)):
        if "\x00" in value:  # PostgreSQL refuses NUL in text: a 400 naming it, never a 500
            raise BadParameter(f"{name}: must not contain a NUL character")
    o = None
    if offering:
        o = Offering.objects.select_related("developer", "platform").filter(id=offering[:80]).first()
        if o is None:
            raise NotFound(f"no offering {offering[:80]!r}")
    filters = changelog.Filters(offering=o, dimension=question[:60], kind=kind[:30])
    return reads.changes(date_param(request, "since"), cursor, _as_of(request), filters, limit)


@api.get("/fit", response={200: s.FitOut, **ERRORS}, summary="Fit check against requirements")
def fit(request: HttpRequest, preset: Annotated[str, Query("", description="A preset profile's id")] = "",
        eu: str = "", max_days: str = "", nda: str = "", as_of: AsOf = None, cursor: Cursor = None,
        limit: Limit = 50):
    """Verdicts for every offering against a profile: ``preset=ID``, or the /fit/ page's fields
    (``r_<question>=any|public``, ``eu=1``, ``max_days=N``, ``nda=0``); best first, cursor paging,
    the counts over every offering."""
    return reads.fit(request.GET, _as_of(request), cursor, limit)


@api.get("/health", response={200: s.HealthOut, **ERRORS}, summary="Registry health")
def health(request: HttpRequest):
    """Coverage, evidence age, open flags, correction turnaround, monitor outcomes, and their history."""
    return reads.health()
