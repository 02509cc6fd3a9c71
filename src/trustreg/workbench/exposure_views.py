"""Maintainers decide which kept copies visitors may read (trustreg.evidence.exposure)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from trustreg.accounts.roles import Action, role_required
from trustreg.evidence import services as evidence
from trustreg.workbench import selectors as wb_selectors
from trustreg.workbench.views.common import found, refused


@role_required(Action.EXPOSE)
@require_POST
def snapshot_publicity(request: HttpRequest, source_id: int, snapshot_id: int) -> HttpResponse:
    snapshot = found(wb_selectors.snapshot_of(source_id, snapshot_id))
    public = request.POST.get("public") == "1"
    try:
        evidence.snapshot_set_public(actor=request.user, snapshot=snapshot, public=public,
                                     reason=request.POST.get("reason", "")[:4000])
    except evidence.EvidenceRefused as exc:
        refused(request, exc)
    else:
        messages.success(request, f"Copy #{snapshot.pk} is now {'public' if public else 'private'}.")
    return redirect("workbench:source", source_id=source_id)
