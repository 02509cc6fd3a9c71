"""The one way a flag changes state, and the one key a missing quote is flagged under.

Whoever closes a flag (a person deciding it, a triaged correction, a published draft) goes through
``flag_state_set``: the flag is locked, changed only while open, and the change gets its audit row.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.flags.models import Flag

MAX_REASON_CHARS = 2000


def flag_state_set(
    *, actor: Actor, flag_id: int, status: str, reason: str, detail: dict[str, Any] | None = None,
) -> bool:
    """Resolve or dismiss the open flag ``flag_id`` with ``reason``; False when it is no longer open.

    Runs in the caller's transaction when there is one (a decision and what it publishes commit
    together); writes one audit row ``flag.<status>``.
    """
    if status not in (Flag.Status.RESOLVED, Flag.Status.DISMISSED):
        raise ValueError(f"a flag can only be resolved or dismissed, not {status!r}")
    with transaction.atomic():
        flag = Flag.objects.select_for_update().filter(pk=flag_id).first()
        if flag is None or flag.status != Flag.Status.OPEN:
            return False
        flag.status = status
        flag.decided_at = timezone.now()
        flag.decided_by = audit.actor_user(actor)
        flag.decision_reason = reason[:MAX_REASON_CHARS]
        flag.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        audit.record(actor=actor, action=f"flag.{status}", target=f"flag:{flag.pk}",
                     detail={"reason": flag.decision_reason, **(detail or {})})
    return True


def quote_missing_key(holder: str, dimension_id: str, source_id: int, quote: str) -> str:
    """The key of "this cell's quote is not in the newest copy of this source", whoever finds it.

    It names the cell, the source and the quote, not a citation or snapshot id: the checks and the
    monitor raise the same flag, and a newer copy still missing the quote finds it open."""
    digest = hashlib.sha256(quote.encode()).hexdigest()[:16]
    return f"quote:{holder}:{dimension_id}:{source_id}:{digest}"
