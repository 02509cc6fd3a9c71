"""The monitor's daily chore: the quote-check and job-result prunes run at most once a day, and are recorded."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from trustreg.accounts.models import AuditEvent
from trustreg.bulk import tasks as bulk_tasks
from trustreg.evidence.models import Citation, QuoteCheck, Snapshot
from trustreg.evidence.retention import KEEP_DAYS
from trustreg.evidence.services import quote_checks_record
from trustreg.monitor import chores, tasks
from trustreg.monitor.models import Chore

pytestmark = pytest.mark.django_db


def test_the_prune_is_due_once_a_day_however_often_it_is_asked():
    now = timezone.now()
    assert chores.prune_due(now=now)
    assert not chores.prune_due(now=now)
    assert not chores.prune_due(now=now + dt.timedelta(hours=23))
    assert chores.prune_due(now=now + dt.timedelta(days=1))
    assert Chore.objects.get(name=chores.PRUNE).last_started_at == now + dt.timedelta(days=1)


def test_a_prune_deletes_old_repeats_under_the_retention_policy_and_records_its_result(loaded):
    citation = Citation.objects.exclude(quote="").exclude(snapshot=None).first()
    snapshot = Snapshot.objects.get(pk=citation.snapshot_id)
    start = timezone.now() - dt.timedelta(days=KEEP_DAYS + 20)
    for day in range(20):  # twenty days of the same result, all older than the policy keeps
        quote_checks_record(checks=[(citation.pk, snapshot, True)], now=start + dt.timedelta(days=day))
    before = QuoteCheck.objects.filter(citation=citation).count()
    assert chores.prune_due()
    report = chores.prune(actor="monitor")
    assert report.deleted > 0 and QuoteCheck.objects.filter(citation=citation).count() == before - report.deleted
    row = Chore.objects.get(name=chores.PRUNE)
    assert row.last_finished_at >= row.last_started_at and row.last_result["deleted"] == report.deleted
    event = AuditEvent.objects.get(action="quote_checks.prune")
    assert (event.actor_name, event.detail["keep_days"]) == ("monitor", KEEP_DAYS)


def test_monitor_run_prunes_once_a_day_when_it_runs_from_cron(loaded):
    call_command("monitor", "run", "--source", "0", "--no-progress", stdout=io.StringIO())
    call_command("monitor", "run", "--source", "0", "--no-progress", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action="quote_checks.prune").count() == 1
    assert chores.last_prune().last_finished_at is not None


def test_monitor_status_says_when_the_prune_last_ran(loaded):
    out = io.StringIO()
    call_command("monitor", "status", stdout=out)
    assert "quote-check prune: not run yet" in out.getvalue()
    chores.prune_due()
    chores.prune(actor="monitor")
    out = io.StringIO()
    call_command("monitor", "status", stdout=out)
    assert "quote-check prune: last " in out.getvalue() and "deleted 0" in out.getvalue()
    assert "job results prune: deleted 0 successful (older than 14 days), 0 failed (older than 90 days)" in out.getvalue()


def job(task, status: str, finished_days_ago: float | None) -> str:
    """A queued job, then set to ``status`` and finished that many days ago (None: not finished)."""
    pk = task.enqueue().id
    finished = None if finished_days_ago is None else timezone.now() - dt.timedelta(days=finished_days_ago)
    DBTaskResult.objects.filter(pk=pk).update(status=status, finished_at=finished)
    return pk


def test_the_daily_prune_deletes_old_finished_job_results_on_every_queue_and_records_the_counts():
    ok, failed, ready, running = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED,
                                  TaskResultStatus.READY, TaskResultStatus.RUNNING)
    gone = [job(bulk_tasks.build_job, ok, 15), job(tasks.prune_job, ok, 40),
            job(tasks.prune_job, failed, 91), job(bulk_tasks.build_job, failed, 200)]
    kept = [job(bulk_tasks.build_job, ok, 13), job(tasks.prune_job, ok, 0),
            job(tasks.prune_job, failed, 15), job(bulk_tasks.build_job, failed, 89),
            job(bulk_tasks.build_job, ready, None), job(tasks.prune_job, running, None),
            job(tasks.prune_job, ready, 400), job(bulk_tasks.build_job, running, 400)]  # never, however old
    assert chores.prune_due()
    chores.prune(actor="monitor")
    assert not DBTaskResult.objects.filter(pk__in=gone).exists()
    assert DBTaskResult.objects.filter(pk__in=kept).count() == len(kept)
    counts = {"successful": 2, "failed": 2}
    assert Chore.objects.get(name=chores.PRUNE).last_result["task_results"] == counts
    event = AuditEvent.objects.get(action="task_results.prune")
    assert event.actor_name == "monitor"
    assert event.detail == {"keep_days": 14, "failed_keep_days": 90, **counts}
    out = io.StringIO()
    call_command("monitor", "status", stdout=out)
    assert "job results prune: deleted 2 successful (older than 14 days), 2 failed" in out.getvalue()
