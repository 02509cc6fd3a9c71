"""Public pages of the corrections channel: the form on every cell, and the submitter's status page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from trustreg.pagecache.cache import cached_page
from trustreg.registry import selectors
from trustreg.workbench import corrections
from trustreg.workbench import selectors as wb_selectors
from trustreg.workbench.clientip import address_key, client_ip
from trustreg.workbench.drafts import ChangeRefused
from trustreg.workbench.forms import CorrectionForm
from trustreg.workbench.views.common import found


@require_http_methods(["GET", "HEAD", "POST"])
@cached_page(private=True)  # the form holds a CSRF token
def correction_new(request: HttpRequest, offering_id: str, dimension_id: str) -> HttpResponse:
    try:
        view = selectors.offering_view(offering_id)
        cell = view.cell(dimension_id)
    except (selectors.NotFound, StopIteration):
        raise Http404("There is no such cell to correct.") from None
    form = CorrectionForm(request.POST or None, dimension=cell.dimension)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            if d["website"]:  # the honeypot: answer as if accepted, keep nothing
                return render(request, "workbench/public/correction_thanks.html", {"o": view.offering})
            proposal = corrections.Proposal(
                offering_id=offering_id,
                dimension_id=dimension_id,
                evidence_url=d["evidence_url"],
                proposed_grade=d["proposed_grade"],
                proposed_fact_key=d["proposed_fact_key"],
                proposed_fact_value=d["proposed_fact_value"],
                quote=d["quote"],
                message=d["message"],
                name=d["name"],
                email=d["email"],
                credit_consent=d["credit_consent"],
            )
            try:
                corr = corrections.correction_submit(
                    address_key=address_key(client_ip(request)), proposal=proposal
                )
            except corrections.RateLimited as exc:
                messages.error(request, str(exc))
                status = 429
            except ChangeRefused as exc:
                for p in exc.problems:
                    messages.error(request, p)
            else:
                return redirect("corrections:status", token=corr.token)
    return render(
        request,
        "workbench/public/correction_form.html",
        {
            "form": form,
            "o": view.offering,
            "cell": cell,
        },
        status=status,
    )


def correction_status(request: HttpRequest, token: str) -> HttpResponse:
    corr = found(wb_selectors.correction_by_token(token))
    return render(request, "workbench/public/correction_status.html", {"c": corr})
