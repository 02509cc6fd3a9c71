"""Pages: a source with its honest dates, an archived copy (inert text), the maintainers' monitor page.

Public pages show only what ``trustreg.evidence.exposure`` lets the reader see; anything else is the
same 404 as an address that never existed.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from trustreg.accounts.roles import Action, role_required
from trustreg.evidence import exposure, selectors


@require_safe
def source_detail(request: HttpRequest, source_id: str) -> HttpResponse:
    source = exposure.visible_source(request.user, source_id)
    if source is None:
        raise Http404(exposure.NO_SOURCE)
    page = selectors.source_page(source, exposure.visible_copies(request.user, source))
    return render(request, "evidence/source.html", {
        "page": page, "source": source, "maintainer": exposure.sees_everything(request.user),
    })


@require_safe
def snapshot_detail(request: HttpRequest, source_id: str, snapshot_id: str) -> HttpResponse:
    source = exposure.visible_source(request.user, source_id)
    snapshot = exposure.visible_copy(request.user, source, snapshot_id) if source is not None else None
    if snapshot is None:
        raise Http404(exposure.NO_COPY)
    page = selectors.snapshot_page(snapshot)
    response = render(request, "evidence/snapshot.html", {"page": page, "snapshot": page.snapshot})
    # Belt and braces: even if a template ever printed the copy unescaped, nothing in it could run.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'self'; sandbox"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@role_required(Action.VIEW)
def monitor_dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evidence/monitor.html",
        {"attempts": selectors.recent_attempts(100), "flags": selectors.monitor_flags(limit=200)},
    )
