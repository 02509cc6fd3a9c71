"""Workbench pages: parse the request, check the role (``roles``), call one service or selector."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from trustreg.domain.factinput import fact_text
from trustreg.evidence import services as evidence
from trustreg.evidence.models import Source
from trustreg.registry import audit, selectors
from trustreg.registry.models import AuditEvent, Revision
from trustreg.registry.publish import Holder
from trustreg.workbench import checks, corrections, drafts, flags, ownership, review
from trustreg.workbench import selectors as wb_selectors
from trustreg.workbench.forms import (
    CellForm,
    CitationFormSet,
    FlagDecisionForm,
    QueueFilterForm,
    SnapshotForm,
    SourceForm,
    TriageForm,
)
from trustreg.workbench.models import Correction, Draft, Flag
from trustreg.workbench.roles import Action, can, role_required, roles_of


def _refused(request: HttpRequest, exc: Exception) -> None:
    for problem in getattr(exc, "problems", [str(exc)]):
        messages.error(request, str(problem))


class LoginView(auth_views.LoginView):
    template_name = "workbench/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(actor=form.get_user(), action="auth.login")
        return response


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(actor=request.user, action="auth.logout")
    from django.contrib.auth import logout as do_logout

    do_logout(request)
    messages.info(request, "You are signed out.")
    return redirect("accounts:login")


@role_required(Action.VIEW)
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workbench/home.html",
        {
            "open_flags": Flag.objects.filter(status=Flag.Status.OPEN)
            .values("kind")
            .annotate(n=Count("id"))
            .order_by("kind"),
            "drafts": Draft.objects.filter(status=Draft.Status.DRAFT).select_related("owner", "dimension")[
                :20
            ],
            "corrections": Correction.objects.filter(status=Correction.Status.RECEIVED).count(),
            "roles": sorted(roles_of(request.user)),
            "can_run_checks": can(request.user, Action.RUN_CHECKS),
        },
    )


@role_required(Action.VIEW)
def queue(request: HttpRequest) -> HttpResponse:
    dims = [(d.id, d.label) for d in selectors.catalogue().dimensions]
    form = QueueFilterForm(request.GET or None, offerings=selectors.offering_choices(), dimensions=dims)
    qs = wb_selectors.queue(form.cleaned_data if form.is_valid() else {})
    template = "workbench/_queue_rows.html" if getattr(request, "htmx", False) else "workbench/queue.html"
    return render(request, template, {"form": form, "flags": qs[:500], "count": qs.count()})


def _flag_page(request: HttpRequest, flag: Flag, form: FlagDecisionForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "workbench/flag.html",
        {
            "flag": flag,
            "form": form,
            "holder": flags.annotated_holder(flag),
            "can_decide": can(request.user, Action.DECIDE_FLAG),
            "drafts": flag.drafts.select_related("owner"),
        },
        status=status,
    )


def _get_flag(flag_id: int) -> Flag:
    return get_object_or_404(
        Flag.objects.select_related("offering", "party", "dimension", "source"), pk=flag_id
    )


@role_required(Action.VIEW)
def flag_detail(request: HttpRequest, flag_id: int) -> HttpResponse:
    return _flag_page(request, _get_flag(flag_id), FlagDecisionForm())


@role_required(Action.DECIDE_FLAG)
@require_POST
def flag_decide(request: HttpRequest, flag_id: int) -> HttpResponse:
    flag = _get_flag(flag_id)
    form = FlagDecisionForm(request.POST)
    if form.is_valid():
        try:
            revision = flags.flag_decide(
                actor=request.user,
                flag=flag,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except drafts.ChangeRefused as exc:
            _refused(request, exc)
        else:
            note = f" and shown on the public cell (revision {revision.pk})" if revision else ""
            messages.success(request, f"Flag {flag.get_status_display()}{note}.")
            return redirect("workbench:queue")
    return _flag_page(request, flag, form, status=400)


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
            "drafts": Draft.objects.filter(holder=str(holder), dimension_id=dimension_id).select_related(
                "owner"
            )[:50],
            "revisions": Revision.objects.filter(holder=str(holder), dimension_id=dimension_id).order_by(
                "-published_at", "-id"
            )[:20],
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
    by_url = dict(
        Source.objects.filter(url__in=[s["url"] for s in data.get("sources", [])]).values_list("url", "pk")
    )
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
        data = {"scope": {k: v for k, v in data.items() if k in ("notes", "facts", "sources", "annotations")}}
    return data


@role_required(Action.DRAFT)
@require_http_methods(["GET", "POST"])
def draft_edit(
    request: HttpRequest, kind: str = "", ident: str = "", dimension_id: str = "", draft_id: int | None = None
) -> HttpResponse:
    draft = get_object_or_404(Draft, pk=draft_id) if draft_id else None
    if draft is not None:
        holder, dimension_id = Holder.parse(draft.holder), draft.dimension_id
        if draft.status != Draft.Status.DRAFT:
            messages.error(request, f"The draft is {draft.status} and can no longer change.")
            return redirect("workbench:draft", draft_id=draft.pk)
        if problems := ownership.save_problems(request.user, draft):
            _refused(request, drafts.ChangeRefused(problems))
            return redirect("workbench:draft", draft_id=draft.pk)
    else:
        holder = _holder_or_404(kind, ident, dimension_id)
    dim = selectors.catalogue().get(dimension_id)
    assert dim is not None
    flag_id = request.GET.get("flag", "")
    flag = (
        draft.flag if draft else (Flag.objects.filter(pk=int(flag_id)).first() if flag_id.isdigit() else None)
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
                _refused(request, exc)
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
    draft = get_object_or_404(
        Draft.objects.select_related("author", "owner", "reviewer", "dimension"), pk=draft_id
    )
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
    draft = get_object_or_404(Draft, pk=draft_id)
    try:
        done = act(draft)
    except drafts.ChangeRefused as exc:
        _refused(request, exc)
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
    qs = Draft.objects.select_related("owner", "dimension")
    if status in Draft.Status.values:
        qs = qs.filter(status=status)
    return render(request, "workbench/drafts.html", {"drafts": qs[:200], "status": status})


def _sources_page(request: HttpRequest, form: SourceForm, status: int = 200) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    sources = Source.objects.annotate(
        n_snapshots=Count("snapshots", distinct=True), n_citations=Count("citations", distinct=True)
    )
    if q:
        sources = sources.filter(url__icontains=q)
    return render(
        request,
        "workbench/sources.html",
        {
            "form": form,
            "sources": sources[:300],
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
            _refused(request, exc)
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
            "snapshots": source.snapshots.select_related("blob")[:50],
            "citations": source.citations.select_related("cell", "cell__dimension")[:100],
        },
        status=status,
    )


@role_required(Action.VIEW)
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    return _source_page(request, get_object_or_404(Source, pk=source_id))


@role_required(Action.ADD_EVIDENCE)
@require_POST
def source_update(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=source_id)
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            evidence.source_update(actor=request.user, source=source, **form.cleaned_data)
        except evidence.EvidenceRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, "Source updated.")
            return redirect("workbench:source", source_id=source.pk)
    return _source_page(request, source, form=form, status=400)


@role_required(Action.ADD_EVIDENCE)
@require_POST
def snapshot_add(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=source_id)
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
            _refused(request, exc)
        else:
            messages.success(request, "Snapshot kept.")
            return redirect("workbench:source", source_id=source.pk)
    return _source_page(request, source, snap_form=form, status=400)


@role_required(Action.VIEW)
def correction_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Correction.Status.RECEIVED)
    qs = Correction.objects.select_related("offering", "dimension")
    if status in Correction.Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "workbench/corrections.html",
        {"corrections": qs[:300], "status": status, "statuses": Correction.Status.choices},
    )


def _correction_page(
    request: HttpRequest, corr: Correction, form: TriageForm | None = None, status: int = 200
) -> HttpResponse:
    if form is None:  # a vendor's own domain suggests a primary source; the triager decides
        primary = corrections.suggests_primary(corr.evidence_url, corrections.vendor_urls(corr))
        form = TriageForm(initial={"source_primary": primary})
    return render(
        request,
        "workbench/correction.html",
        {
            "c": corr,
            "form": form,
            "can_triage": can(request.user, Action.TRIAGE),
            "inherited": corrections.inheritance(corr),
        },
        status=status,
    )


def _get_correction(correction_id: int) -> Correction:
    return get_object_or_404(
        Correction.objects.select_related("offering", "dimension", "draft"), pk=correction_id
    )


@role_required(Action.VIEW)
def correction_detail(request: HttpRequest, correction_id: int) -> HttpResponse:
    return _correction_page(request, _get_correction(correction_id))


@role_required(Action.TRIAGE)
@require_POST
def correction_triage(request: HttpRequest, correction_id: int) -> HttpResponse:
    corr = _get_correction(correction_id)
    form = TriageForm(request.POST)
    if form.is_valid():
        try:
            corrections.correction_triage(actor=request.user, correction=corr, triage=form.triage())
        except drafts.ChangeRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, f"Triaged: {corr.get_outcome_display()}.")
            return redirect("workbench:correction", correction_id=corr.pk)
    return _correction_page(request, corr, form, status=400)


@role_required(Action.RUN_CHECKS)
@require_POST
def run_checks(request: HttpRequest) -> HttpResponse:
    report = checks.checks_run(actor=request.user)
    raised = ", ".join(f"{n} {k}" for k, n in sorted(report.raised.items())) or "no new flags"
    messages.success(request, f"Checks run: {raised} ({report.already_open} already open).")
    return redirect("workbench:queue")


@role_required(Action.VIEW)
def cell_index(request: HttpRequest) -> HttpResponse:
    dims, rows = wb_selectors.cell_index()
    return render(request, "workbench/cells.html", {"dims": dims, "rows": rows})


@role_required(Action.VIEW)
def audit_log(request: HttpRequest) -> HttpResponse:
    return render(
        request, "workbench/audit.html", {"events": AuditEvent.objects.select_related("actor")[:300]}
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (missing or forged CSRF token), explained in the site's own page."""
    return render(request, "workbench/csrf_failure.html", {"reason": reason}, status=403)
