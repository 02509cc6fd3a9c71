"""Several worker processes drain one queue on PostgreSQL, and no job runs twice."""

import collections
import os
import subprocess
import sys
import time

import pytest
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.evidence.evidence_scenarios import Page, html
from trustreg.evidence.models import FetchAttempt, Source
from trustreg.monitor import tasks

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WORKERS = 3
SOURCES = 120


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")


def worker_env() -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "trustreg.settings",
        "TRUSTREG_FETCH_ALLOW_LOOPBACK": "1",
        "TRUSTREG_FETCH_PER_HOST_DELAY": "0",
    }


def test_several_workers_drain_a_queue_and_no_job_runs_twice(server, settings):
    settings.TRUSTREG_MONITOR = {"batch_size": 2}
    for i in range(SOURCES):
        Source.objects.create(url=server.url(f"/pg/{i}"), kind="vendor_doc")
        server.pages[f"/pg/{i}"] = Page(html(f"Page {i}", "text"), delay=0.02)
    command = [
        sys.executable,
        "-m",
        "trustreg.cli",
        "monitor",
        "worker",
        "--no-schedule",
        "--interval",
        "0.05",
    ]
    workers = [
        subprocess.Popen(command, env=worker_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(WORKERS)
    ]
    try:
        time.sleep(2)  # let every worker start polling, so they really compete
        assert tasks.enqueue_due() == SOURCES
        jobs = DBTaskResult.objects.filter(task_path__endswith="check_sources_job")
        deadline = time.monotonic() + 120
        while jobs.exclude(status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]).exists():
            assert time.monotonic() < deadline, "the workers did not drain the queue in time"
            assert all(w.poll() is None for w in workers), "a worker died"
            time.sleep(0.2)
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(timeout=30)

    assert jobs.count() == SOURCES // 2
    assert set(jobs.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    assert all(len(ids) == 1 for ids in jobs.values_list("worker_ids", flat=True))
    per_source = collections.Counter(FetchAttempt.objects.values_list("source_id", flat=True))
    assert len(per_source) == SOURCES and set(per_source.values()) == {1}
    assert len({ids[0] for ids in jobs.values_list("worker_ids", flat=True)}) >= 2
