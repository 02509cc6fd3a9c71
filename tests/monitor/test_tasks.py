"""`trustreg monitor worker`: the scheduler job, batches through django-tasks' database backend, retries."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.evidence.conftest import quoted_source
from tests.evidence.evidence_scenarios import Page
from trustreg.accounts.models import AuditEvent
from trustreg.bulk import store
from trustreg.bulk import tasks as bulk_tasks
from trustreg.evidence.models import FetchAttempt, MonitorState, Source
from trustreg.monitor import tasks

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
    assert not DBTaskResult.objects.filter(queue_name=tasks.QUEUE).exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    assert not MonitorState.objects.filter(claimed_until__isnull=False).exists()


def test_a_pass_queues_one_bulk_build_and_writes_no_bulk_file_itself(monitored, settings):
    settings.TRUSTREG_MONITOR = {**settings.TRUSTREG_MONITOR, "batch_size": 2}
    assert store.current() is None
    tasks.enqueue_due()
    drain()
    assert DBTaskResult.objects.filter(queue_name=tasks.QUEUE, task_path__endswith="check_sources_job").count() > 1
    assert store.current() is None  # the batches committed; the bulk worker builds
    queued = DBTaskResult.objects.filter(queue_name=bulk_tasks.QUEUE)
    assert [(r.status, r.task_path.rpartition(".")[2]) for r in queued] == [(TaskResultStatus.READY, "build_job")]


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


def test_the_scheduler_queues_the_quote_check_prune_once_a_day(monitored):
    tasks.schedule_job.call(3600.0)
    tasks.schedule_job.call(3600.0)
    prunes = DBTaskResult.objects.filter(queue_name=tasks.QUEUE, task_path__endswith=".prune_job")
    assert prunes.count() == 1
    drain()
    assert prunes.get().status == TaskResultStatus.SUCCESSFUL
    assert AuditEvent.objects.filter(action="quote_checks.prune", actor_name="monitor").count() == 1
