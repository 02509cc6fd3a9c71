"""The bulk build as a queued job: a commit queues it, `trustreg bulk worker` runs it, builds coalesce.

These tests commit for real (the database backend of django-tasks, as in production), on SQLite and
on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import socket

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.history_helpers import frozen, with_party_cell
from trustreg.accounts.aftermath import public_generation
from trustreg.bulk import build, claim, daystore, store, tasks
from trustreg.bulk.models import BuildClaim
from trustreg.domain.fieldtypes import replace
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db(transaction=True)


def waiting(name: str = "build_job") -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(status=TaskResultStatus.READY, queue_name=tasks.QUEUE,
                                            task_path__endswith=f".{name}"))


def drain() -> None:
    call_command("bulk", "worker", "--batch", "--interval", "0", stdout=io.StringIO())


def changed(bundled, grade: str):  # noqa: ANN001, ANN201
    return with_party_cell(bundled, "microsoft-azure", "soc2_type2", grade=grade)


def test_a_commit_queues_one_build_and_the_committing_process_writes_no_file(bundled, bundled_history):
    registry_load(actor="test", bundle=bundled, history=bundled_history)
    registry_load(actor="test", bundle=changed(bundled, "partial"))
    registry_load(actor="test", bundle=changed(bundled, "yes_sales_gated"))
    assert store.current() is None
    assert len(waiting()) == 1  # three commits, one build waiting: it will read all three


def test_a_rolled_back_change_queues_no_build(bundled):
    with pytest.raises(RuntimeError), transaction.atomic():
        registry_load(actor="test", bundle=bundled)
        raise RuntimeError("the load fails after writing")
    assert waiting() == []


def test_the_worker_builds_the_latest_generation_once_for_many_commits(bundled, bundled_history):
    registry_load(actor="test", bundle=bundled, history=bundled_history)
    registry_load(actor="test", bundle=changed(bundled, "partial"))
    drain()
    generation = store.current()
    assert generation is not None and generation.number == 1
    assert generation.registry_generation == public_generation().number
    assert '"soc2_type2"' in generation.file(build.DATA_JSON).read_text(encoding="utf-8")
    done = DBTaskResult.objects.filter(queue_name=tasks.QUEUE, task_path__endswith=".build_job")
    assert [r.status for r in done] == [TaskResultStatus.SUCCESSFUL]
    assert done[0].return_value == "built: generation 1"


def test_a_queued_build_that_finds_the_files_current_does_nothing(bundled):
    registry_load(actor="test", bundle=bundled)
    drain()
    first = store.current()
    manifest = (first.path / "manifest.json").read_bytes()
    tasks.build_job.enqueue()
    drain()
    assert store.current() == first and (first.path / "manifest.json").read_bytes() == manifest
    last = DBTaskResult.objects.filter(task_path__endswith=".build_job").order_by("-enqueued_at").first()
    assert last.return_value == "current: generation 1"


AFTER = []  # what the hooks below were run for


def record_after_build() -> None:
    AFTER.append(store.current().number)


def test_the_worker_runs_what_follows_a_build_after_it_and_not_when_the_files_were_current(bundled, settings):
    settings.TRUSTREG_AFTER_BULK_BUILD = [f"{__name__}.record_after_build"]
    AFTER.clear()
    registry_load(actor="test", bundle=bundled)
    drain()
    assert AFTER == [1]
    tasks.build_job.enqueue()  # finds the files current: nothing to follow
    drain()
    assert AFTER == [1]


def test_a_build_that_finds_another_writing_queues_itself_again_for_a_little_later(bundled):
    registry_load(actor="test", bundle=bundled)
    BuildClaim.objects.update_or_create(pk=claim.ROW, defaults={
        "holder": "another-host-42", "until": timezone.now() + dt.timedelta(hours=1)})
    drain()
    assert store.current() is None
    [again] = waiting()
    assert again.run_after > timezone.now()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL,
                                       task_path__endswith=".build_job").get().return_value == "busy: generation None"


def test_a_build_takes_over_the_claim_of_a_gone_process_of_its_own_host(bundled):
    registry_load(actor="test", bundle=bundled, history=None)
    BuildClaim.objects.update_or_create(pk=claim.ROW, defaults={
        "holder": f"{socket.gethostname()}-999999999", "until": timezone.now() + dt.timedelta(hours=1)})
    assert build.catch_up().state == "built"
    assert BuildClaim.objects.get().holder == ""


def test_the_worker_builds_missing_files_at_start_though_no_commit_queued_one(bundled, settings):
    settings.TRUSTREG_BULK_ON_COMMIT = False
    registry_load(actor="test", bundle=bundled)
    assert waiting() == []
    drain()
    assert store.current() is not None and not build.behind()


def test_the_daily_job_queues_a_build_and_itself_after_the_next_midnight(bundled):
    tasks.daily_job.call()
    assert len(waiting()) == 1
    [later] = waiting("daily_job")
    assert later.run_after == tasks.next_daily_run(timezone.now())
    assert later.run_after - timezone.now() <= dt.timedelta(days=1, minutes=5)
    assert not tasks.enqueue_daily()  # one daily job, however many workers start


def test_the_next_daily_run_is_a_few_minutes_after_the_next_midnight():
    now = dt.datetime(2026, 12, 3, 23, 59, tzinfo=dt.UTC)
    assert tasks.next_daily_run(now) == dt.datetime(2026, 12, 4, 0, 5, tzinfo=dt.UTC)
    assert tasks.next_daily_run(now.replace(hour=0, minute=1)) == dt.datetime(2026, 12, 4, 0, 5, tzinfo=dt.UTC)


def test_after_a_build_the_worker_replays_each_kept_past_day_without_a_file_one_job_each(bundled, settings):
    settings.TRUSTREG_BULK_FILES = []
    today = timezone.now().astimezone(dt.UTC).date()
    first = today - dt.timedelta(days=3)  # within the daily window: the kept days are the four
    small = replace(bundled, offerings=bundled.offerings[:1])
    with frozen(dt.datetime.combine(first, dt.time(12), tzinfo=dt.UTC)):
        registry_load(actor="test", bundle=small)
    drain()
    index = daystore.read_index()
    assert sorted(index.days) == [first + dt.timedelta(days=n) for n in range(4)]
    fills = DBTaskResult.objects.filter(task_path__endswith=".fill_job").order_by("enqueued_at")
    assert [r.return_value for r in fills] == [f"as_of file: {today - dt.timedelta(days=n)}" for n in (1, 2, 3)]
    assert waiting("fill_job") == []


def test_fill_days_writes_every_kept_day_now_and_says_what_is_kept(bundled, settings):
    settings.TRUSTREG_BULK_ON_COMMIT = False
    today = timezone.now().astimezone(dt.UTC).date()
    with frozen(dt.datetime.combine(today - dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC)):
        registry_load(actor="test", bundle=replace(bundled, offerings=bundled.offerings[:1]))
    out = io.StringIO()
    call_command("bulk", "fill-days", stdout=out)
    assert f"{today}: written" in out.getvalue() and f"{today - dt.timedelta(days=1)}: written" in out.getvalue()
    assert "2 days kept" in out.getvalue() and sorted(daystore.read_index().days) == [
        today - dt.timedelta(days=1), today]
