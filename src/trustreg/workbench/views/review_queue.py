"""The workbench home, the review queue, flags, the cell index, checks and the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trustreg.accounts.roles import Action, can, role_required, roles_of
from trustreg.flags.models import Flag
from trustreg.registry import selectors
from trustreg.workbench import checks, drafts, flags
from trustreg.workbench import selectors as wb_selectors
from trustreg.workbench.forms import (
    FlagDecisionForm,
    QueueFilterForm,
)
from trustreg.workbench.views.common import found, refused


@role_required(Action.VIEW)
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workbench/home.html",
        {
            "open_flags": wb_selectors.open_flags_by_kind(),
            "drafts": wb_selectors.open_drafts(20),
            "corrections": wb_selectors.corrections_received(),
            "roles": sorted(roles_of(request.user)),
            "can_run_checks": can(request.user, Action.RUN_CHECKS),
        },
    )


@role_required(Action.VIEW)
def queue(request: HttpRequest) -> HttpResponse:
    dims = [(d.id, d.label) for d in selectors.catalogue().dimensions]
    form = QueueFilterForm(request.GET or None, dimensions=dims)
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
            "drafts": wb_selectors.flag_drafts(flag),
        },
        status=status,
    )


def _get_flag(flag_id: int) -> Flag:
    return found(wb_selectors.flag_with_subject(flag_id))


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
            refused(request, exc)
        else:
            note = f" and shown on the public cell (revision {revision.pk})" if revision else ""
            messages.success(request, f"Flag {flag.get_status_display()}{note}.")
            return redirect("workbench:queue")
    return _flag_page(request, flag, form, status=400)


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
        request, "workbench/audit.html", {"events": wb_selectors.audit_events(300)}
    )
