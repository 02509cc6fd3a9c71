"""A cell's page and its drafts: edit, review, publish, take over, withdraw."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from trustreg.accounts.roles import Action, can, role_required
from trustreg.domain.cells import ScopeRecord
from trustreg.domain.factinput import fact_text
from trustreg.registry import selectors
from trustreg.registry.publish import Holder
from trustreg.workbench import drafts, ownership, review
from trustreg.workbench import selectors as wb_selectors
from trustreg.workbench.forms import (
    CellForm,
    CitationFormSet,
)
from trustreg.workbench.models import Draft
from trustreg.workbench.views.common import found, refused


def _holder_or_404(kind: str, ident: str, dimension_id: str) -> Holder:
    holder = Holder(kind, ident) if kind in ("offering", "party") else None
    if holder is None or not drafts.holder_exists(holder) or selectors.catalogue().get(dimension_id) is None:
        raise Http404("No such cell holder or dimension.")
    return holder


@role_required(Action.VIEW)
def cell(request: HttpRequest, kind: str, ident: str, dimension_id: str) -> HttpResponse:
    holder = _holder_or_404(kind, ident, dimension_id)
    return render(
        request,
        "workbench/cell.html",
        {
            "holder": holder,
            "dimension": selectors.catalogue().get(dimension_id),
            "current": drafts.base_data(holder, dimension_id),
            "drafts": wb_selectors.cell_drafts(holder, dimension_id, 50),
            "revisions": wb_selectors.cell_revisions(holder, dimension_id, 20),
            "can_draft": can(request.user, Action.DRAFT),
        },
    )


def _initial(data: dict[str, Any] | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data = dict(data or {})
    if "scope" in data:
        data = {**data["scope"], "grade": ""}
    initial = {k: v for k, v in data.items() if k not in ("facts", "sources", "annotations")}
    for key, value in (data.get("facts") or {}).items():
        initial[f"fact_{key}"] = fact_text(value)
    by_url = wb_selectors.source_ids([s["url"] for s in data.get("sources", [])])
    cits = [
        {
            "source": by_url.get(s["url"]),
            "quote": s.get("quote", ""),
            "role": s.get("role", "supports"),
            "primary": s.get("primary", False),
        }
        for s in data.get("sources", [])
    ]
    return initial, cits


def _proposed(form: CellForm, formset: Any, annotations: list[dict[str, Any]]) -> dict[str, Any]:
    citations = [
        drafts.CitationInput(
            source_id=c["source"],
            quote=c.get("quote", ""),
            role=c.get("role") or "supports",
            primary=bool(c.get("primary")),
        )
        for c in formset.cleaned_data
        if c and c.get("source")
    ]
    fields = form.cell_fields()
    data = drafts.cell_input(fields, citations, annotations)
    if not fields.get("grade"):
        data = {"scope": {k: v for k, v in data.items() if k in ScopeRecord.model_fields}}
    return data


@role_required(Action.DRAFT)
@require_http_methods(["GET", "HEAD", "POST"])
def draft_edit(
    request: HttpRequest, kind: str = "", ident: str = "", dimension_id: str = "", draft_id: int | None = None
) -> HttpResponse:
    draft = found(wb_selectors.draft(draft_id)) if draft_id else None
    if draft is not None:
        holder, dimension_id = Holder.parse(draft.holder), draft.dimension_id
        if draft.status != Draft.Status.DRAFT:
            messages.error(request, f"The draft is {draft.status} and can no longer change.")
            return redirect("workbench:draft", draft_id=draft.pk)
        if problems := ownership.save_problems(request.user, draft):
            refused(request, drafts.ChangeRefused(problems))
            return redirect("workbench:draft", draft_id=draft.pk)
    else:
        holder = _holder_or_404(kind, ident, dimension_id)
    dim = selectors.catalogue().get(dimension_id)
    assert dim is not None
    flag_id = request.GET.get("flag", "")
    flag = (
        draft.flag if draft else (wb_selectors.flag_with_subject(int(flag_id)) if flag_id.isdigit() else None)
    )
    if flag is not None and draft is None and not drafts.flag_is_about(flag, holder, dimension_id):
        messages.error(request, f"Flag #{flag.pk} is about another cell: this draft cannot answer it.")
        flag = None
    annotations = drafts.current_annotations(holder, dimension_id)
    scope_allowed = holder.kind == "offering"
    if request.method == "POST":
        form = CellForm(request.POST, dimension=dim, scope_allowed=scope_allowed)
        formset = CitationFormSet(request.POST, prefix="cit")
        if form.is_valid() and formset.is_valid():
            try:
                draft = drafts.draft_save(
                    actor=request.user,
                    holder=holder,
                    dimension_id=dimension_id,
                    data=_proposed(form, formset, annotations),
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                    draft=draft,
                    flag=flag,
                )
            except drafts.ChangeRefused as exc:
                refused(request, exc)
            else:
                messages.success(request, "Draft saved: a reviewer can publish it now.")
                return redirect("workbench:draft", draft_id=draft.pk)
    else:
        initial, cits = _initial(draft.data if draft else drafts.base_data(holder, dimension_id))
        if draft:
            initial.update(kind=draft.kind, reason=draft.reason)
        form = CellForm(initial=initial, dimension=dim, scope_allowed=scope_allowed)
        formset = CitationFormSet(initial=cits, prefix="cit")
    return render(
        request,
        "workbench/draft_form.html",
        {
            "form": form,
            "formset": formset,
            "holder": holder,
            "dimension": dim,
            "draft": draft,
            "flag": flag,
        },
    )


@role_required(Action.VIEW)
def draft_detail(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = found(wb_selectors.draft_with_people(draft_id))
    editors = ownership.editors_in_order(draft)
    return render(
        request,
        "workbench/draft.html",
        {
            "draft": draft,
            "grade_change": drafts.grade_of(draft.data) != drafts.grade_of(draft.base),
            "summary_problem": ownership.summary_problem(draft.base, draft.data),
            "diff": review.draft_diff(draft.base, draft.data),
            "editors": editors,
            "can_publish": can(request.user, Action.PUBLISH),
            "can_draft": can(request.user, Action.DRAFT),
            "edited": request.user.pk in ownership.editor_ids(draft),
            "owned_by_other": draft.owner_id not in (None, request.user.pk),
        },
    )


@role_required(Action.PUBLISH)
@require_POST
def draft_publish(request: HttpRequest, draft_id: int) -> HttpResponse:
    version = request.POST.get("version", "")

    def publish(draft: Draft) -> str:
        if not version.isdigit():
            raise drafts.ChangeRefused(["version: publish names the version you reviewed; reload the draft"])
        revision = drafts.draft_publish(
            actor=request.user,
            draft=draft,
            version=int(version),
            summary_confirmed=request.POST.get("summary_confirmed") == "on",
        )
        return f"Published: revision {revision.pk}."

    return _on_draft(request, draft_id, publish)


def _on_draft(request: HttpRequest, draft_id: int, act: Callable[[Draft], str]) -> HttpResponse:
    """Run one service on a draft; say what happened or why it was refused, back on the draft page."""
    draft = found(wb_selectors.draft(draft_id))
    try:
        done = act(draft)
    except drafts.ChangeRefused as exc:
        refused(request, exc)
    else:
        messages.success(request, done)
    return redirect("workbench:draft", draft_id=draft.pk)


@role_required(Action.DRAFT)
@require_POST
def draft_take_over(request: HttpRequest, draft_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")[:2000]

    def take_over(draft: Draft) -> str:
        ownership.draft_take_over(actor=request.user, draft=draft, reason=reason)
        return "You own this draft now; the take-over is in the audit trail."

    return _on_draft(request, draft_id, take_over)


@role_required(Action.DRAFT)
@require_POST
def draft_withdraw(request: HttpRequest, draft_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")[:2000]

    def withdraw(draft: Draft) -> str:
        drafts.draft_withdraw(actor=request.user, draft=draft, reason=reason)
        return "Draft withdrawn."

    return _on_draft(request, draft_id, withdraw)


@role_required(Action.VIEW)
def draft_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "draft")
    return render(request, "workbench/drafts.html", {"drafts": wb_selectors.drafts_listed(status, 200), "status": status})
