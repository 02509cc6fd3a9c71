"""The monitor's daily chores: pruning the quote-check log under the retention policy
(``evidence.retention``: checks older than 90 days that record no change), and pruning finished job
results from django-tasks' database backend (:func:`task_results_prune`), in one transaction.

The scheduler job asks every round (``monitor.tasks.schedule_job``), and so does ``trustreg monitor
run`` (for deployments that run the monitor from cron); :func:`prune_due` lets one of them through
a day: one conditional UPDATE of the chore's row, atomic on SQLite and PostgreSQL, so several
workers never prune twice in a day. Each prune is recorded on the row and in the audit trail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.evidence import retention
from trustreg.evidence.retention import PruneReport
from trustreg.monitor.models import Chore

PRUNE = "prune_quote_checks"
PRUNE_EVERY = dt.timedelta(days=1)
# Finished job results kept (days): successful ones briefly, failed ones long enough to investigate.
JOBS_KEEP_DAYS = 14
JOBS_FAILED_KEEP_DAYS = 90


def prune_due(*, now: dt.datetime | None = None) -> bool:
    """True for the one caller a day that should prune (it is recorded as started now)."""
    now = now or timezone.now()
    Chore.objects.get_or_create(name=PRUNE)
    return bool(Chore.objects.filter(name=PRUNE).filter(
        Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - PRUNE_EVERY)
    ).update(last_started_at=now))


def task_results_prune(*, actor: Actor, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete finished job results, every queue of every database task backend: successful ones
    older than ``JOBS_KEEP_DAYS``, failed ones older than ``JOBS_FAILED_KEEP_DAYS``; ready and
    running jobs are never touched. The filters of django-tasks-db's ``prune_db_task_results``
    (``--queue-name '*' --min-age-days 14 --failed-min-age-days 90``)."""
    now = now or timezone.now()
    aliases = [b.alias for b in task_backends.all() if isinstance(b, DatabaseBackend)]
    with transaction.atomic():
        finished = DBTaskResult.objects.finished().filter(backend_name__in=aliases)
        counts = {
            "successful": finished.filter(
                status=TaskResultStatus.SUCCESSFUL, finished_at__lte=now - dt.timedelta(days=JOBS_KEEP_DAYS)
            ).delete()[0],
            "failed": finished.filter(
                status=TaskResultStatus.FAILED, finished_at__lte=now - dt.timedelta(days=JOBS_FAILED_KEEP_DAYS)
            ).delete()[0],
        }
        audit.record(
            actor=actor, action="task_results.prune", target="task_results",
            detail={"keep_days": JOBS_KEEP_DAYS, "failed_keep_days": JOBS_FAILED_KEEP_DAYS, **counts},
        )
    return counts


def prune(*, actor: str) -> PruneReport:
    """Prune now under the retention policies and record the result on the chore's row."""
    with transaction.atomic():
        report = retention.quote_checks_prune(actor=actor)
        jobs = task_results_prune(actor=actor)
        result = {k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in dataclasses.asdict(report).items()}
        result["task_results"] = jobs
        Chore.objects.filter(name=PRUNE).update(last_finished_at=timezone.now(), last_result=result)
    return report


def last_prune() -> Chore | None:
    return Chore.objects.filter(name=PRUNE).first()
