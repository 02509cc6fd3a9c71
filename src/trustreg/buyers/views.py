"""The fit check pages: thin views over the fit selector; a profile is the query string."""

from __future__ import annotations

import datetime as dt
import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trustreg.buyers import profiles, selectors
from trustreg.domain.fit import Verdict
from trustreg.registry.selectors import catalogue
from trustreg.site.asof import as_of_context, bad_request, with_as_of


@require_GET
@with_as_of
def fit_page(request: HttpRequest, as_of: dt.date | None = None) -> HttpResponse:
    cat = catalogue()
    asked = profiles.profile_from_query(request.GET, cat)
    if asked.problems:
        return bad_request(request, "This requirement profile cannot be read: " + "; ".join(asked.problems) + ".")
    view = selectors.fit_view(asked.profile, as_of) if asked.profile else None
    compare_ids = [r.offering.id for r in view.with_verdict(Verdict.MEETS, Verdict.MEETS_AFTER_STEPS)] if view else []
    return render(request, "buyers/fit.html", {
        **as_of_context(as_of, view.as_of if view else None),
        "catalogue": cat, "presets": profiles.presets(cat), "asked": asked, "view": view,
        "params": request.GET, "choices": profiles.CHOICES,
        "selected": {d.id: request.GET.get(f"r_{d.id}", "") for d in cat.dimensions},
        "compare_ids": compare_ids[:4], "query": request.GET.urlencode(),
    })


@require_GET
@with_as_of
def allow_list(request: HttpRequest, as_of: dt.date | None = None) -> HttpResponse:
    cat = catalogue()
    asked = profiles.profile_from_query(request.GET, cat)
    if asked.problems or asked.profile is None:
        problems = list(asked.problems) or ["give preset=ID or at least one r_<question> field"]
        return HttpResponse(json.dumps({"error": problems}), status=400, content_type="application/json")
    document = selectors.allow_list(selectors.fit_view(asked.profile, as_of))
    response = HttpResponse(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                            content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="allow-list-{asked.profile.id}.json"'
    return response
