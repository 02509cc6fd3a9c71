"""Maintainer accounts: the write path for giving a person a workbench role, and their sign-ins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.accounts.roles import Role


class MaintainerRefused(ValueError):
    """The account cannot be set up as asked; nothing was written."""


def maintainer_add(
    *, actor: Actor, username: str, role: str, password: str, email: str = "", display_name: str = ""
) -> Any:
    """Create (or update) a maintainer with ``role``; the password must pass the validators.

    ``display_name`` is what the public changelog and feeds show (never the login name)."""
    try:
        role_ = Role(role)
    except ValueError:
        raise MaintainerRefused(f"role: {role!r} is not one of {', '.join(r.value for r in Role)}") from None
    username = username.strip()
    if not username or len(username) > 150:
        raise MaintainerRefused("username: must be 1 to 150 characters")
    display_name = " ".join(display_name.split())
    if len(display_name) > 150:
        raise MaintainerRefused("display name: must be at most 150 characters")
    if display_name and display_name.casefold() == username.casefold():
        raise MaintainerRefused("display name: must differ from the login name, which is never shown publicly")
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=username).first() or User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise MaintainerRefused("password: " + " ".join(exc.messages)) from None
        user.set_password(password)
        if email:
            user.email = email
        if display_name:
            user.first_name, user.last_name = display_name, ""
        user.is_staff = role_ is Role.ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=role_.value)])
        audit.record(actor=actor, action="maintainer.add", target=username, detail={"role": role_.value, "display_name": display_name})
    return user


def maintainer_sign_in(*, actor: Actor) -> None:
    """Record that a maintainer signed in (the view has checked the password and opened the session)."""
    with transaction.atomic():
        audit.record(actor=actor, action="auth.login")


def maintainer_sign_out(*, actor: Actor) -> None:
    """Record that a maintainer signed out (before the view closes the session)."""
    with transaction.atomic():
        audit.record(actor=actor, action="auth.logout")
