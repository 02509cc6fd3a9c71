"""Who may do what in the workbench: the one place where roles are checked.

Roles are Django groups (created by a migration). A superuser counts as an admin. Every view that
needs a role (workbench, monitor, ingested documents) is wrapped in ``role_required`` from here.
It sits in the bottom part so evidence, ingest and the workbench can all use it; the refusal page is
the workbench's template, named by string (its frame), not imported.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

View = Callable[..., HttpResponse]


class Role(StrEnum):
    EDITOR = "editor"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Action(StrEnum):
    VIEW = "view"  # the workbench pages, the queue, drafts, corrections
    ADD_EVIDENCE = "add_evidence"  # sources and snapshots
    DRAFT = "draft"  # write or withdraw a cell change
    PUBLISH = "publish"  # publish a draft
    DECIDE_FLAG = "decide_flag"  # resolve or dismiss a flag
    TRIAGE = "triage"  # triage a public correction
    RUN_CHECKS = "run_checks"
    EXPOSE = "expose"  # show an uploaded or pasted copy to visitors, or hide a copy again
    MANAGE_WEBHOOKS = "manage_webhooks"  # webhook subscriptions: their URLs and secrets


E, R, A = Role.EDITOR, Role.REVIEWER, Role.ADMIN
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset({E, R, A}),
    Action.ADD_EVIDENCE: frozenset({E, R, A}),
    Action.DRAFT: frozenset({E, A}),
    Action.PUBLISH: frozenset({R, A}),
    Action.DECIDE_FLAG: frozenset({R, A}),
    Action.TRIAGE: frozenset({R, A}),
    Action.RUN_CHECKS: frozenset({R, A}),
    Action.EXPOSE: frozenset({R, A}),
    Action.MANAGE_WEBHOOKS: frozenset({A}),
}


def roles_of(user: Any) -> set[Role]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Role)
    cached = getattr(user, "_trustreg_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {r for r in Role if r.value in names}
        user._trustreg_roles = cached
    return set(cached)


def can(user: Any, action: Action) -> bool:
    return bool(roles_of(user) & PERMISSIONS[action])


def require(user: Any, action: Action) -> None:
    if not can(user, action):
        needed = " or ".join(sorted(PERMISSIONS[action]))
        raise PermissionDenied(f"This needs the {needed} role.")


def role_required(action: Action) -> Callable[[View], View]:
    """Sign-in first, then the role: visitors go to the login page, the wrong role gets a 403 page."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                require(request.user, action)
            except PermissionDenied as exc:
                return render(request, "workbench/denied.html", {"message": str(exc)}, status=403)
            return view(request, *args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]  # read by the URL-walk test
        return wrapped

    return decorate
