"""Recovery: a job a dead worker left RUNNING comes back; a source that keeps stopping workers fails."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.evidence.conftest import quoted_source
from trustreg.evidence import monitor
from trustreg.evidence.models import FetchAttempt, MonitorState, Source
from trustreg.monitor import tasks

pytestmark = pytest.mark.django_db(transaction=True)


def drain():
    call_command("monitor", "worker", "--batch", "--no-schedule", "--interval", "0", stdout=io.StringIO())


def dead_worker_id() -> str:
    """The id a worker on this machine had, whose process has ended (as after a crash or kill -9)."""
    import socket
    import subprocess

    child = subprocess.Popen(["true"])  # noqa: S607 - a process that ends at once
    child.wait()
    return f"{socket.gethostname()}-{child.pid}"[:64]


def left_running(job: DBTaskResult) -> None:
    job.status, job.started_at, job.worker_ids = TaskResultStatus.RUNNING, timezone.now(), [dead_worker_id()]
    job.save(update_fields=["status", "started_at", "worker_ids"])


def test_a_job_left_running_by_a_dead_worker_is_recovered_by_the_next_worker(monitored, settings):
    settings.TRUSTREG_MONITOR = {**settings.TRUSTREG_MONITOR, "batch_size": 3}
    tasks.enqueue_due()
    crashed = DBTaskResult.objects.filter(task_path__endswith="check_sources_job").order_by("enqueued_at").first()
    left_running(crashed)
    its_sources = crashed.args_kwargs["args"][0]
    drain()
    crashed.refresh_from_db()
    assert crashed.status == TaskResultStatus.FAILED and "stopped while running this job" in crashed.traceback
    assert FetchAttempt.objects.count() == Source.objects.count()
    assert set(FetchAttempt.objects.filter(source_id__in=its_sources).values_list("outcome", flat=True)) == {"ok"}
    assert not MonitorState.objects.filter(claimed_until__isnull=False).exists()


def test_a_source_that_stops_the_worker_every_time_is_marked_failed_with_its_reason(monitored, settings):
    from trustreg.flags.models import Flag

    source = quoted_source()
    policy_tries = 3
    settings.TRUSTREG_MONITOR = {**settings.TRUSTREG_MONITOR, "max_attempts": policy_tries}
    monitor.claim(source_ids=[source.pk])
    job = tasks.check_sources_job.enqueue([source.pk], 1, worker_stops=policy_tries - 1)
    left_running(DBTaskResult.objects.get(pk=job.id))
    drain()
    attempt = FetchAttempt.objects.get(source=source)
    assert attempt.outcome == "failed" and f"stopped the worker {policy_tries} times" in attempt.reason
    assert Flag.objects.filter(source=source, kind=Flag.Kind.FETCH_FAILED, status="open").count() == 1
    state = MonitorState.objects.get(source=source)
    assert state.claimed_until is None and state.next_check_at > timezone.now()
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__endswith="check_sources_job").exists()


def test_a_job_of_a_live_worker_is_left_alone(monitored):
    import os
    import socket

    tasks.enqueue_due()
    job = DBTaskResult.objects.filter(task_path__endswith="check_sources_job").first()
    job.status, job.started_at = TaskResultStatus.RUNNING, timezone.now()
    job.worker_ids = [f"{socket.gethostname()}-{os.getpid()}"[:64]]
    job.save()
    from trustreg.monitor.recovery import recover_abandoned

    assert recover_abandoned() == {"requeued": [], "failed": []}
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING
