"""The bulk build as a background job (django-tasks, database backend), like the monitor's jobs.

A commit that changes published state queues one build after it commits (:func:`after_commit`,
named in ``settings.TRUSTREG_AFTER_PUBLISH``), unless a build is already waiting: that one starts
after this commit and reads it. So commits in a row coalesce into one build of the latest
generation, and the committing process never builds. ``trustreg bulk worker`` runs the queue
(:func:`build_job`); a build that finds another writing re-queues itself for a little later, and a
daily job rebuilds after midnight, since expiry and evidence strength move with the day.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from trustreg.bulk import build, dayfill

QUEUE = "bulk"
RETRY_AFTER = dt.timedelta(seconds=15)  # a build that found another one writing tries again then
AFTER_MIDNIGHT = dt.timedelta(minutes=5)


def _waiting(name: str) -> bool:
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, queue_name=QUEUE, task_path=f"{__name__}.{name}").exists()


def build_waiting() -> bool:
    """Is a build queued and not started yet (it will read every change committed before it starts)?"""
    return _waiting("build_job")


def enqueue_build() -> bool:
    """Queue a build unless one is waiting already; True when this call queued one."""
    if build_waiting():
        return False
    build_job.enqueue()
    return True


def after_commit() -> None:
    """Named in ``settings.TRUSTREG_AFTER_PUBLISH``: queue a build (``TRUSTREG_BULK_ON_COMMIT=0``
    leaves it to ``trustreg bulk build``)."""
    if settings.TRUSTREG_BULK_ON_COMMIT:
        enqueue_build()


@task(queue_name=QUEUE)
def build_job() -> str:
    outcome = build.catch_up()
    if outcome.state == "busy" and not build_waiting():
        build_job.using(run_after=timezone.now() + RETRY_AFTER).enqueue()
    elif outcome.state in ("built", "unchanged"):
        build.after_build()
        enqueue_fill()
    number = outcome.generation.number if outcome.generation else None
    return f"{outcome.state}: generation {number}"


def enqueue_fill() -> bool:
    """Queue the replay of the kept past days that have no data.json file yet, unless it is queued."""
    if _waiting("fill_job") or not dayfill.missing():
        return False
    fill_job.enqueue()
    return True


@task(queue_name=QUEUE)
def fill_job() -> str:
    """Replay one kept day without a file (the newest), then queue itself again while days are
    missing: one day per job, so the builds commits queue take their turns in between."""
    day = dayfill.fill_next()
    if day is not None and dayfill.missing() and not _waiting("fill_job"):
        fill_job.enqueue()
    return f"as_of file: {day or 'none missing'}"


def next_daily_run(now: dt.datetime) -> dt.datetime:
    """A few minutes after the next local midnight."""
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    midnight = dt.datetime.combine(tomorrow, dt.time(), tzinfo=timezone.get_current_timezone())
    return midnight + AFTER_MIDNIGHT


def enqueue_daily() -> bool:
    """Queue the daily rebuild unless it is queued already; True when this call queued it."""
    if _waiting("daily_job"):
        return False
    daily_job.using(run_after=next_daily_run(timezone.now())).enqueue()
    return True


@task(queue_name=QUEUE)
def daily_job() -> bool:
    """Queue a build for the new day, then this job again for the next."""
    queued = enqueue_build()
    daily_job.using(run_after=next_daily_run(timezone.now())).enqueue()
    return queued
