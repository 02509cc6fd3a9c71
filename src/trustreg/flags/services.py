"""Raising flags: idempotent, keyed, one audit row each; safe when two processes raise at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.domain.review_flags import ReviewFlagRecord
from trustreg.flags.models import Flag


def flag_raise(
    *,
    actor: Actor,
    kind: str,
    key: str,
    title: str,
    detail: str = "",
    data: dict[str, Any] | None = None,
    **about: Any,
) -> tuple[Flag, bool]:
    """The open flag for ``key``, raised now unless one is already open: (flag, raised)."""
    existing = Flag.objects.filter(key=key[:300], status=Flag.Status.OPEN).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                kind=kind,
                key=key[:300],
                title=title[:300],
                detail=detail,
                data=data or {},
                raised_by=audit.actor_name(actor)[:80],
                **about,
            )
            audit.record(
                actor=actor, action="flag.raise", target=f"flag:{flag.pk}", detail={"kind": kind, "key": key}
            )
    except IntegrityError:  # raised concurrently by someone else: theirs is the open one
        return Flag.objects.get(key=key[:300], status=Flag.Status.OPEN), False
    return flag, True


def bundled_flags_raise(*, actor: Actor, flags: Iterable[ReviewFlagRecord]) -> int:
    """Raise the open review flags bundled with the data (``review-flags.yaml``); each once, keyed by
    its id, so loading again raises nothing new. Returns how many were raised now."""
    raised = 0
    for f in flags:
        _flag, new = flag_raise(
            actor=actor, kind=Flag.Kind.REVIEW, key=f.key, title=f.title,
            detail=f"{f.detail}\n\n(Raised {f.raised.isoformat()}; bundled with the registry data.)",
            data={"bundled": f.id, "raised": f.raised.isoformat()},
            offering_id=f.offering, dimension_id=f.dimension,
        )
        raised += new
    return raised
