"""Background jobs (django-tasks, database backend): the scheduler and the batch checker.

django-tasks has no retries and no periodic tasks, so the scheduler is a job that enqueues what
is due and then re-enqueues itself with run_after; failed fetches worth retrying are re-enqueued
with run_after after a backoff. Once a day the scheduler also queues the prune of the quote-check
log and of old finished job results (``monitor.chores``).
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone
from django_tasks import task

from trustreg.evidence import monitor
from trustreg.monitor import chores, recovery, run

QUEUE = "monitor"


@task(queue_name=QUEUE)
def check_sources_job(source_ids: list[int], attempt: int = 1, worker_stops: int = 0) -> dict:
    """Check a batch. ``worker_stops``: how often a worker died running these sources (recovery)."""
    summary = run.check_sources(source_ids, via="worker", inline_retries=False, attempt=attempt)
    enqueue_retries(summary.retries)
    return summary.counts()


@task(queue_name=QUEUE)
def schedule_job(interval_seconds: float = 60.0) -> int:
    recovery.recover_abandoned()
    queued = enqueue_due()
    schedule_job.using(run_after=timezone.now() + dt.timedelta(seconds=interval_seconds)).enqueue(
        interval_seconds
    )
    if chores.prune_due():
        prune_job.enqueue()
    return queued


@task(queue_name=QUEUE)
def prune_job() -> dict:
    """Delete old quote checks that record no change, and old finished job results (at most once a
    day: ``chores.prune_due``)."""
    report = chores.prune(actor=run.ACTOR)
    return {"deleted": report.deleted, "kept_changes": report.kept_changes, "examined": report.examined}


def enqueue_due(*, limit: int | None = None) -> int:
    """Claim every due source and queue them in batches; returns how many were queued."""
    policy = monitor.current_policy()
    ids = monitor.claim(limit=limit, policy=policy)
    for start in range(0, len(ids), policy.batch_size):
        check_sources_job.enqueue(ids[start : start + policy.batch_size], 1)
    return len(ids)


def enqueue_retries(retries: list[tuple[int, int, dt.datetime]]) -> None:
    retries = sorted(retries, key=lambda r: r[1])
    for attempt, group in itertools.groupby(retries, key=lambda r: r[1]):
        items = list(group)
        run_after = max(at for _, _, at in items)
        check_sources_job.using(run_after=run_after).enqueue([sid for sid, _, _ in items], attempt)
