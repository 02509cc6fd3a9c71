"""Webhook subscriptions in the workbench: admins only, every write a POST with CSRF through a
service. The secret is shown once, on the answer to the POST that created it, never again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from trustreg.accounts.roles import Action, role_required
from trustreg.webhooks import services
from trustreg.webhooks.forms import DisableForm, SubscriptionForm
from trustreg.webhooks.models import Subscription


@role_required(Action.MANAGE_WEBHOOKS)
@require_http_methods(["GET", "HEAD", "POST"])
def subscriptions(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sub = services.subscription_create(actor=request.user, url=form.cleaned_data["url"],
                                               event_types=form.cleaned_data["event_types"],
                                               description=form.cleaned_data["description"])
        except services.SubscriptionRefused as exc:
            field, _, reason = str(exc).partition(": ")
            form.add_error(field if field in form.fields else None, reason or str(exc))
        else:
            response = render(request, "webhooks/created.html", {"sub": sub})
            response["Cache-Control"] = "no-store"  # the secret must not sit in any cache
            return response
    return render(request, "webhooks/list.html", {"form": form, "subs": Subscription.objects.all()},
                  status=400 if form.errors else 200)


@role_required(Action.MANAGE_WEBHOOKS)
def subscription(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(Subscription, pk=pk)
    return render(request, "webhooks/detail.html", {"sub": sub, "log": services.subscription_log(sub),
                                                    "disable_form": DisableForm()})


@role_required(Action.MANAGE_WEBHOOKS)
@require_POST
def disable(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(Subscription, pk=pk)
    form = DisableForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else "Disabled by an admin"
    services.subscription_disable(actor=request.user, subscription=sub, reason=reason)
    messages.success(request, "Disabled: nothing more is delivered to it.")
    return redirect("webhooks:detail", pk=sub.pk)


@role_required(Action.MANAGE_WEBHOOKS)
@require_POST
def enable(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(Subscription, pk=pk)
    services.subscription_enable(actor=request.user, subscription=sub)
    messages.success(request, "Enabled: events from now on are delivered to it.")
    return redirect("webhooks:detail", pk=sub.pk)
