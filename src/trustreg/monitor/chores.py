"""The monitor's daily chores: pruning the quote-check log under the retention policy
(``evidence.retention``: checks older than 90 days that record no change).

The scheduler job asks every round (``monitor.tasks.schedule_job``), and so does ``trustreg monitor
run`` (for deployments that run the monitor from cron); :func:`prune_due` lets one of them through
a day: one conditional UPDATE of the chore's row, atomic on SQLite and PostgreSQL, so several
workers never prune twice in a day. Each prune is recorded on the row and in the audit trail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db.models import Q
from django.utils import timezone

from trustreg.evidence import retention
from trustreg.evidence.retention import PruneReport
from trustreg.monitor.models import Chore

PRUNE = "prune_quote_checks"
PRUNE_EVERY = dt.timedelta(days=1)


def prune_due(*, now: dt.datetime | None = None) -> bool:
    """True for the one caller a day that should prune (it is recorded as started now)."""
    now = now or timezone.now()
    Chore.objects.get_or_create(name=PRUNE)
    return bool(Chore.objects.filter(name=PRUNE).filter(
        Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - PRUNE_EVERY)
    ).update(last_started_at=now))


def prune(*, actor: str) -> PruneReport:
    """Prune now under the retention policy and record the result on the chore's row."""
    report = retention.quote_checks_prune(actor=actor)
    result = {k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in dataclasses.asdict(report).items()}
    Chore.objects.filter(name=PRUNE).update(last_finished_at=timezone.now(), last_result=result)
    return report


def last_prune() -> Chore | None:
    return Chore.objects.filter(name=PRUNE).first()
