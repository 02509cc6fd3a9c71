"""Sources and their kept copies (snapshots)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trustreg.accounts.roles import Action, can, role_required
from trustreg.evidence import services as evidence
from trustreg.evidence.models import Source
from trustreg.workbench import selectors as wb_selectors
from trustreg.workbench.forms import (
    SnapshotForm,
    SourceForm,
)
from trustreg.workbench.views.common import found, refused


def _sources_page(request: HttpRequest, form: SourceForm, status: int = 200) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    return render(
        request,
        "workbench/sources.html",
        {
            "form": form,
            "sources": wb_selectors.sources_listed(q, 300),
            "q": q,
            "can_add": can(request.user, Action.ADD_EVIDENCE),
        },
        status=status,
    )


@role_required(Action.VIEW)
def source_list(request: HttpRequest) -> HttpResponse:
    return _sources_page(request, SourceForm())


@role_required(Action.ADD_EVIDENCE)
@require_POST
def source_create(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            source = evidence.source_create(actor=request.user, **form.cleaned_data)
        except evidence.EvidenceRefused as exc:
            refused(request, exc)
        else:
            messages.success(request, "Source recorded: now keep a snapshot of its text.")
            return redirect("workbench:source", source_id=source.pk)
    return _sources_page(request, form, status=400)


def _source_page(
    request: HttpRequest,
    source: Source,
    form: SourceForm | None = None,
    snap_form: SnapshotForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "workbench/source.html",
        {
            "source": source,
            "can_add": can(request.user, Action.ADD_EVIDENCE),
            "can_expose": can(request.user, Action.EXPOSE),
            "form": form or SourceForm(initial={k: getattr(source, k) for k in evidence.SOURCE_FIELDS}),
            "snap_form": snap_form or SnapshotForm(),
            "snapshots": wb_selectors.source_snapshots(source, 50),
            "citations": wb_selectors.source_citations(source, 100),
        },
        status=status,
    )


@role_required(Action.VIEW)
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    return _source_page(request, found(wb_selectors.source(source_id)))


@role_required(Action.ADD_EVIDENCE)
@require_POST
def source_update(request: HttpRequest, source_id: int) -> HttpResponse:
    source = found(wb_selectors.source(source_id))
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            evidence.source_update(actor=request.user, source=source, **form.cleaned_data)
        except evidence.EvidenceRefused as exc:
            refused(request, exc)
        else:
            messages.success(request, "Source updated.")
            return redirect("workbench:source", source_id=source.pk)
    return _source_page(request, source, form=form, status=400)


@role_required(Action.ADD_EVIDENCE)
@require_POST
def snapshot_add(request: HttpRequest, source_id: int) -> HttpResponse:
    source = found(wb_selectors.source(source_id))
    form = SnapshotForm(request.POST, request.FILES)
    if form.is_valid():
        f = form.cleaned_data.get("file")
        try:
            if f is not None:
                evidence.snapshot_add(
                    actor=request.user,
                    source=source,
                    upload=f.read(),
                    upload_name=f.name,
                    content_type=f.content_type or "",
                )
            else:
                evidence.snapshot_add(actor=request.user, source=source, text=form.cleaned_data["text"])
        except evidence.EvidenceRefused as exc:
            refused(request, exc)
        else:
            messages.success(request, "Snapshot kept.")
            return redirect("workbench:source", source_id=source.pk)
    return _source_page(request, source, snap_form=form, status=400)
