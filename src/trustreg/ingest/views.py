"""The maintainers' page for ingested documents and their candidate claims.

Sign-in and a workbench role are required (the workbench's one role check).

Thin views over ``trustreg.ingest.selectors``; everything shown is escaped by the templates.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from trustreg.accounts.roles import Action, role_required
from trustreg.ingest import selectors

PAGE_SIZE = 50


@require_safe
@role_required(Action.VIEW)
def document_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.documents(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ingest/document_list.html", {"page": page})


@require_safe
@role_required(Action.VIEW)
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    try:
        view = selectors.document_view(document_id)
    except selectors.NotFound:
        raise Http404("no such document") from None
    return render(request, "ingest/document_detail.html", {"view": view, "document": view.document})
