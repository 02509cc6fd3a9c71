"""Pages: a source with its honest dates, an archived copy (inert text), the maintainers' monitor page."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trustreg.evidence import selectors
from trustreg.workbench.roles import Action, role_required


@require_GET
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    try:
        page = selectors.source_page(source_id)
    except ObjectDoesNotExist:
        raise Http404(f"There is no source with the id {source_id}.") from None
    return render(request, "evidence/source.html", {"page": page, "source": page.source})


@require_GET
def snapshot_detail(request: HttpRequest, source_id: int, snapshot_id: int) -> HttpResponse:
    try:
        page = selectors.snapshot_page(source_id, snapshot_id)
    except ObjectDoesNotExist:
        raise Http404(f"There is no archived copy {snapshot_id} of source {source_id}.") from None
    response = render(request, "evidence/snapshot.html", {"page": page, "snapshot": page.snapshot})
    # Belt and braces: even if a template ever printed the copy unescaped, nothing in it could run.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'self'; sandbox"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@role_required(Action.VIEW)
def monitor_dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evidence/monitor.html",
        {"attempts": selectors.recent_attempts(100), "flags": selectors.monitor_flags(limit=200)},
    )
