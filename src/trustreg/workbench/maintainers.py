"""Maintainer accounts: the write path for giving a person a workbench role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from trustreg.registry import audit
from trustreg.registry.audit import Actor
from trustreg.workbench.roles import Role


class MaintainerRefused(ValueError):
    """The account cannot be set up as asked; nothing was written."""


def maintainer_add(*, actor: Actor, username: str, role: str, password: str, email: str = "") -> Any:
    """Create (or update) a maintainer with ``role``; the password must pass the validators."""
    try:
        role_ = Role(role)
    except ValueError:
        raise MaintainerRefused(f"role: {role!r} is not one of {', '.join(r.value for r in Role)}") from None
    username = username.strip()
    if not username or len(username) > 150:
        raise MaintainerRefused("username: must be 1 to 150 characters")
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
        user.is_staff = role_ is Role.ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=role_.value)])
        audit.record(actor=actor, action="maintainer.add", target=username, detail={"role": role_.value})
    return user
