"""Recovering monitor jobs that a dead worker left RUNNING, and the sources they leased.

A worker killed mid-batch (``kill -9``, out of memory, a parser crash) leaves its job RUNNING
forever and its sources leased. The next worker (at start, and every scheduling round) re-queues
such a job one source per job, so that a source that kills workers cannot take a batch of healthy
ones with it; a source whose check has stopped a worker ``max_attempts`` times is recorded as a
failed check with that reason and left until its next regular check instead of retried forever.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from trustreg.evidence import monitor, monitor_services
from trustreg.evidence.fetch import FetchResult, Outcome
from trustreg.evidence.models import MonitorState, Source
from trustreg.evidence.policy import MonitorPolicy
from trustreg.monitor import run

CHECK_JOB = "check_sources_job"


def worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"[:64]


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _abandoned(row: DBTaskResult, now: dt.datetime, lease: dt.timedelta, alive: Callable[[int], bool]) -> bool:
    """A worker on this machine that no longer runs; elsewhere, one silent for longer than a lease."""
    last = (row.worker_ids or [""])[-1]
    _, _, pid = last.rpartition("-")
    if pid.isdigit() and last == f"{socket.gethostname()}-{pid}"[:64]:
        return not alive(int(pid))
    return row.started_at is None or row.started_at < now - lease


def recover_abandoned(
    *, now: dt.datetime | None = None, policy: MonitorPolicy | None = None,
    alive: Callable[[int], bool] = pid_alive,
) -> dict[str, list[int]]:
    """Re-queue or fail the sources of abandoned check jobs; returns source ids by what was done."""
    from trustreg.monitor.tasks import QUEUE, check_sources_job

    now = now or timezone.now()
    policy = policy or monitor.current_policy()
    lease = dt.timedelta(minutes=policy.lease_minutes)
    done: dict[str, list[int]] = {"requeued": [], "failed": []}
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, queue_name=QUEUE, task_path__endswith=f".{CHECK_JOB}"
        )
        for row in running:
            if not _abandoned(row, now, lease, alive):
                continue
            args, kwargs = row.args_kwargs.get("args", []), row.args_kwargs.get("kwargs", {})
            source_ids: list[int] = list(args[0] if args else kwargs.get("source_ids", []))
            attempt = int(args[1] if len(args) > 1 else kwargs.get("attempt", 1))
            stops = int(kwargs.get("worker_stops", 0)) + 1
            row.set_failed(RuntimeError(
                f"worker {(row.worker_ids or ['?'])[-1]} stopped while running this job (stop {stops}); "
                f"its {len(source_ids)} source(s) were recovered by {worker_id()}"
            ))
            alone = len(source_ids) == 1
            for source_id in source_ids:
                if alone and stops >= policy.max_attempts:
                    _record_failure(source_id, attempt, stops, policy)
                    done["failed"].append(source_id)
                    continue
                MonitorState.objects.filter(source_id=source_id).update(claimed_until=now + lease)
                check_sources_job.enqueue([source_id], attempt, worker_stops=stops if alone else 1)
                done["requeued"].append(source_id)
    return done


def _record_failure(source_id: int, attempt: int, stops: int, policy: MonitorPolicy) -> None:
    url = Source.objects.filter(pk=source_id).values_list("url", flat=True).first()
    if url is None:
        return
    reason = (f"checking this source stopped the worker {stops} times (killed, out of memory or a crash while "
              "fetching or reading it); not retried before its next regular check")
    result = FetchResult(url, Outcome.FAILED, reason, timezone.now())
    fetched = monitor_services.Fetched(source_id, max(attempt, policy.max_attempts), result)
    run.source_check_record(
        actor=run.ACTOR, fetched=fetched, via="worker", policy=policy, inline_retry=False
    )
