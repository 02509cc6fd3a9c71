"""Signing in and out, and the CSRF failure page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trustreg.workbench import maintainers


class LoginView(auth_views.LoginView):
    template_name = "workbench/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        maintainers.maintainer_sign_in(actor=form.get_user())
        return response


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        maintainers.maintainer_sign_out(actor=request.user)
    from django.contrib.auth import logout as do_logout

    do_logout(request)
    messages.info(request, "You are signed out.")
    return redirect("accounts:login")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (missing or forged CSRF token), explained in the site's own page."""
    return render(request, "workbench/csrf_failure.html", {"reason": reason}, status=403)
