"""`trustreg monitor worker`: the scheduler job, batches through django-tasks' database backend, retries."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from trustreg.evidence import tasks
from trustreg.evidence.models import FetchAttempt, MonitorState, Source

from .conftest import quoted_source
from .evidence_scenarios import Page

pytestmark = pytest.mark.django_db(transaction=True)


def drain():
    call_command("monitor", "worker", "--batch", "--no-schedule", "--interval", "0", stdout=io.StringIO())


def test_the_scheduler_queues_every_due_source_once_in_batches_and_requeues_itself(monitored, settings):
    settings.TRUSTREG_MONITOR = {**settings.TRUSTREG_MONITOR, "batch_size": 3}
    queued = tasks.schedule_job.call(30.0)
    sources = Source.objects.count()
    assert queued == sources
    jobs = DBTaskResult.objects.filter(task_path__endswith="check_sources_job")
    assert jobs.count() == -(-sources // 3)
    assert sorted(i for j in jobs for i in j.args_kwargs["args"][0]) == sorted(
        Source.objects.values_list("pk", flat=True)
    )
    later = DBTaskResult.objects.get(task_path__endswith="schedule_job")
    assert later.run_after > timezone.now()
    assert tasks.enqueue_due() == 0  # claimed: not queued twice


def test_the_worker_drains_the_queue_and_checks_every_source(monitored):
    tasks.enqueue_due()
    drain()
    assert FetchAttempt.objects.count() == Source.objects.count()
    assert set(FetchAttempt.objects.values_list("via", flat=True)) == {"worker"}
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    assert not MonitorState.objects.filter(claimed_until__isnull=False).exists()


def test_a_temporary_failure_is_requeued_to_run_after_a_backoff(monitored):
    source = quoted_source()
    monitored.pages[f"/src/{source.pk}"] = Page(b"busy", status=503)
    tasks.enqueue_due()
    drain()
    attempt = FetchAttempt.objects.get(source=source)
    assert attempt.outcome == "server_error" and attempt.retry_at > timezone.now()
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY, task_path__endswith="check_sources_job")
    assert retry.args_kwargs["args"] == [[source.pk], 2]
    assert retry.run_after >= attempt.retry_at
    assert MonitorState.objects.get(source=source).claimed_until > timezone.now()


def test_the_worker_starts_one_scheduler_when_none_is_pending(monitored):
    call_command(
        "monitor", "worker", "--batch", "--interval", "0", "--schedule-every", "3600", stdout=io.StringIO()
    )
    call_command(
        "monitor", "worker", "--batch", "--interval", "0", "--schedule-every", "3600", stdout=io.StringIO()
    )
    pending = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__endswith="schedule_job")
    assert pending.count() == 1
    assert FetchAttempt.objects.count() == Source.objects.count()


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
    tasks.monitor.claim(source_ids=[source.pk])
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
    from trustreg.evidence.recovery import recover_abandoned

    assert recover_abandoned() == {"requeued": [], "failed": []}
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING
