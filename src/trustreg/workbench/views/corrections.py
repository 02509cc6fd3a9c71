"""Corrections sent by visitors: the list, one correction, its triage."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trustreg.accounts.roles import Action, can, role_required
from trustreg.workbench import corrections, drafts
from trustreg.workbench import selectors as wb_selectors
from trustreg.workbench.forms import (
    TriageForm,
)
from trustreg.workbench.models import Correction
from trustreg.workbench.views.common import found, refused


@role_required(Action.VIEW)
def correction_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Correction.Status.RECEIVED)
    return render(
        request,
        "workbench/corrections.html",
        {"corrections": wb_selectors.corrections_listed(status, 300), "status": status,
         "statuses": Correction.Status.choices},
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
    return found(wb_selectors.correction(correction_id))


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
            refused(request, exc)
        else:
            messages.success(request, f"Triaged: {corr.get_outcome_display()}.")
            return redirect("workbench:correction", correction_id=corr.pk)
    return _correction_page(request, corr, form, status=400)
