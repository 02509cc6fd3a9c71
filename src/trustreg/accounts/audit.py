"""The audit trail: every service writes one row in the same transaction as its change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from trustreg.accounts.models import AuditEvent

# A service's actor is a signed-in user, or the name of a system process ("cli", "monitor").
Actor = AbstractBaseUser | AnonymousUser | str | None


def actor_name(actor: Actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    if isinstance(actor, AnonymousUser) or not actor.is_authenticated:
        return "anonymous"
    return actor.get_username()


def public_name(user: Any) -> str:
    """How the public sees a maintainer: their display name, never the login name (which is half of
    what a password sprayer needs). An account without a display name is "a maintainer"."""
    if user is None:
        return ""
    return (user.get_full_name() or "").strip() or "a maintainer"


def actor_user(actor: Actor) -> Any:
    if actor is None or isinstance(actor, str | AnonymousUser) or not actor.is_authenticated:
        return None
    return actor


def record(*, actor: Actor, action: str, target: str = "", detail: dict[str, Any] | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor_user(actor),
        actor_name=actor_name(actor)[:150],
        action=action,
        target=target[:200],
        detail=detail or {},
    )
