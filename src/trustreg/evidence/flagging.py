"""Raising flags for the review queue, idempotently (one open flag per key).

The workbench owns flags; until its flag service exists this is the monitor's way in. It keeps
the workbench's rule (a key has at most one open flag, enforced by a partial unique constraint)
and records an audit row in the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from trustreg.registry import audit
from trustreg.workbench.models import Flag

RAISED_BY = "monitor"


def flag_raise(
    *,
    actor: audit.Actor,
    kind: str,
    key: str,
    title: str,
    detail: str = "",
    data: dict[str, Any] | None = None,
    **about: Any,
) -> tuple[Flag, bool]:
    """Return (flag, created). An open flag with the same key is returned unchanged."""
    existing = Flag.objects.filter(key=key, status=Flag.Status.OPEN).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():  # a savepoint: a concurrent raise of the same key loses quietly
            flag = Flag.objects.create(
                kind=kind,
                key=key[:300],
                title=title[:300],
                detail=detail,
                data=data or {},
                raised_by=RAISED_BY,
                **about,
            )
    except IntegrityError:
        return Flag.objects.get(key=key, status=Flag.Status.OPEN), False
    audit.record(
        actor=actor, action="flag.raise", target=f"flag:{flag.pk}", detail={"kind": kind, "key": key}
    )
    return flag, True
