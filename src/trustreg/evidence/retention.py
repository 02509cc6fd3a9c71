"""How long the monitor's quote-check log is kept, and the service that prunes it.

Policy: every check younger than ``KEEP_DAYS`` days is kept. Older checks are deleted unless they
record a change: the first check of a citation, every check whose result (found / not found)
differs from the one before it, and the citation's latest check are kept forever. So the log still
answers "when did this quote disappear, and when did it come back" for all time, while a quote
found every day for a year costs a few rows, not 365. The dates pages show are kept on the citation
itself (``Citation.quote_last_checked`` / ``quote_last_seen``) and never depend on the log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from trustreg.accounts import aftermath, audit
from trustreg.accounts.audit import Actor
from trustreg.evidence.models import QuoteCheck

KEEP_DAYS = 90
_BATCH = 500


@dataclass(frozen=True)
class PruneReport:
    cutoff: dt.datetime
    examined: int  # checks older than the cutoff
    deleted: int
    kept_changes: int  # older checks kept because they record a change (or are first / latest)


def prunable(rows: list[tuple[int, int, bool]], latest: dict[int, int]) -> list[int]:
    """Ids of the checks that may go, from (id, citation id, present) ordered by citation then time.

    ``latest``: each citation's latest check id overall (kept even when older than the cutoff)."""
    out = []
    previous: tuple[int, bool] | None = None  # (citation id, present) of the row before
    for pk, citation_id, present in rows:
        change = previous is None or previous[0] != citation_id or previous[1] != present
        if not change and latest.get(citation_id) != pk:
            out.append(pk)
        previous = (citation_id, present)
    return out


def quote_checks_prune(*, actor: Actor, keep_days: int = KEEP_DAYS, now: dt.datetime | None = None) -> PruneReport:
    """Delete quote checks older than ``keep_days`` that record no change (the policy above)."""
    if keep_days < 1:
        raise ValueError(f"keep_days: must be at least 1 (got {keep_days})")
    cutoff = (now or timezone.now()) - dt.timedelta(days=keep_days)
    with transaction.atomic():
        old = list(
            QuoteCheck.objects.filter(checked_at__lt=cutoff)
            .order_by("citation_id", "checked_at", "id")
            .values_list("id", "citation_id", "present")
        )
        citations = sorted({c for _, c, _ in old})
        latest: dict[int, int] = {}
        for start in range(0, len(citations), _BATCH):
            for cid, pk in (
                QuoteCheck.objects.filter(citation_id__in=citations[start:start + _BATCH])
                .order_by("citation_id", "-checked_at", "-id")
                .values_list("citation_id", "id")
            ):
                latest.setdefault(cid, pk)
        doomed = prunable(old, latest)
        for start in range(0, len(doomed), _BATCH):
            QuoteCheck.objects.filter(pk__in=doomed[start:start + _BATCH]).delete()
        report = PruneReport(cutoff, len(old), len(doomed), len(old) - len(doomed))
        if doomed:  # the dump lists quote checks
            aftermath.published_changed()
        audit.record(
            actor=actor, action="quote_checks.prune", target="quote_checks",
            detail={"keep_days": keep_days, "cutoff": cutoff.isoformat(), "examined": report.examined,
                    "deleted": report.deleted, "kept_changes": report.kept_changes},
        )
    return report
