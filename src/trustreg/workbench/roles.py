"""Who may do what in the workbench: the one place where roles are checked.

Roles are Django groups (created by a migration). A superuser counts as an admin.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied


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


E, R, A = Role.EDITOR, Role.REVIEWER, Role.ADMIN
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset({E, R, A}),
    Action.ADD_EVIDENCE: frozenset({E, R, A}),
    Action.DRAFT: frozenset({E, A}),
    Action.PUBLISH: frozenset({R, A}),
    Action.DECIDE_FLAG: frozenset({R, A}),
    Action.TRIAGE: frozenset({R, A}),
    Action.RUN_CHECKS: frozenset({R, A}),
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
