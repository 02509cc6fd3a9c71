"""The monitor's evidence side: its settings, claiming what is due, and the fetch stage.

Network work (fetch, text extraction) runs in a thread pool and never touches the database; the
run (``trustreg.monitor.run``) records results one at a time on its own thread, so SQLite sees a
single writer per process and PostgreSQL workers only contend on claiming
(select_for_update(skip_locked)).
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import datetime as dt
import logging
import multiprocessing
import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from trustreg.evidence import monitor_services
from trustreg.evidence.blobs import sha256_of
from trustreg.evidence.extraction import Derived, derive
from trustreg.evidence.fetch import Fetcher, FetchResult, FetchSettings, Outcome, PreviousFetch, fetcher_for
from trustreg.evidence.models import Citation, MonitorState, Source
from trustreg.evidence.policy import MonitorPolicy

log = logging.getLogger(__name__)


def current_policy() -> MonitorPolicy:
    return MonitorPolicy.from_settings(getattr(settings, "TRUSTREG_MONITOR", {}))


def current_fetch_settings() -> FetchSettings:
    values = dict(getattr(settings, "TRUSTREG_FETCH", {}))
    known = set(FetchSettings.__dataclass_fields__)
    return FetchSettings(**{k: v for k, v in values.items() if k in known})


def current_fetcher() -> Fetcher:
    return fetcher_for(current_fetch_settings())


# -- claiming ----------------------------------------------------------------------------------


def ensure_states() -> None:
    """Every source gets monitor bookkeeping; a new source is due at once."""
    missing = Source.objects.filter(monitor_state__isnull=True).values_list("pk", flat=True)
    MonitorState.objects.bulk_create(
        [MonitorState(source_id=pk) for pk in missing], ignore_conflicts=True, batch_size=500
    )


def claim(
    *,
    now: dt.datetime | None = None,
    limit: int | None = None,
    source_ids: Iterable[int] | None = None,
    due_only: bool = True,
    policy: MonitorPolicy | None = None,
) -> list[int]:
    """Take a lease on sources to check, so no other run or worker takes them too."""
    now = now or timezone.now()
    policy = policy or current_policy()
    ensure_states()
    with transaction.atomic():
        rows = MonitorState.objects.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        if due_only:
            rows = rows.filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
        if source_ids is not None:
            rows = rows.filter(source_id__in=list(source_ids))
        rows = rows.order_by(F("next_check_at").asc(nulls_first=True), "source_id")
        ids = list(rows.select_for_update(skip_locked=True).values_list("source_id", flat=True)[:limit])
        lease = now + dt.timedelta(minutes=policy.lease_minutes)
        for start in range(0, len(ids), 500):
            MonitorState.objects.filter(source_id__in=ids[start : start + 500]).update(claimed_until=lease)
    return ids


# -- checking ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Job:
    source_id: int
    url: str
    attempt: int
    previous: PreviousFetch | None
    latest_sha: str | None
    freshness_days: int | None = None
    not_before: float = 0.0  # time.monotonic() before which the fetch must not start


def jobs_for(source_ids: Iterable[int], attempt: int = 1) -> list[Job]:
    rows = list(
        MonitorState.objects.filter(source_id__in=list(source_ids)).values_list(
            "source_id", "source__url", "etag", "last_modified", "latest_snapshot__blob_id"
        )
    )
    ids = [row[0] for row in rows]
    freshness = dict(
        Citation.objects.filter(source_id__in=ids)
        .values("source_id")
        .annotate(days=Min("cell__dimension__freshness_days"))
        .values_list("source_id", "days")
    )
    jobs = []
    for source_id, url, etag, last_modified, blob_id in rows:
        previous = PreviousFetch(etag or None, last_modified or None) if blob_id else None
        jobs.append(Job(source_id, url, attempt, previous, blob_id, freshness.get(source_id)))
    return jobs


_extract_pools: dict[int, cf.ProcessPoolExecutor] = {}
_pool_lock = threading.Lock()


def extraction_pool(processes: int) -> cf.ProcessPoolExecutor | None:
    """One long-lived pool per process (spawned, not forked: this process has threads and sockets)."""
    if processes <= 0:
        return None
    with _pool_lock:
        if processes not in _extract_pools:
            context = multiprocessing.get_context("spawn")
            _extract_pools[processes] = cf.ProcessPoolExecutor(processes, mp_context=context)
        return _extract_pools[processes]


def _derive(pool: cf.ProcessPoolExecutor | None, result: FetchResult, parse_seconds: float) -> Derived:
    body, content_type = result.body or b"", result.header("content-type")
    if pool is not None:
        try:
            return pool.submit(derive, body, content_type=content_type, name=result.final_url,
                               parse_seconds=parse_seconds).result()
        except Exception:  # a broken pool (a child killed): fall back to extracting here
            log.warning("extraction pool failed; extracting in-process", exc_info=True)
    return derive(body, content_type=content_type, name=result.final_url, parse_seconds=parse_seconds)


def fetch_stage(
    fetcher: Fetcher, job: Job, pool: cf.ProcessPoolExecutor | None = None, parse_seconds: float = 10.0
) -> monitor_services.Fetched:
    """Network and parsing only (runs in a pool thread): never touches the database, never raises."""
    wait = job.not_before - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    try:
        result = fetcher.fetch(job.url, previous=job.previous)
    except Exception as exc:  # fetch() promises not to raise; this keeps the promise if it breaks
        result = FetchResult(
            job.url, Outcome.FAILED, f"unexpected {type(exc).__name__}: {exc}", timezone.now()
        )
    if not result.ok:
        return monitor_services.Fetched(job.source_id, job.attempt, result, freshness_days=job.freshness_days)
    sha = sha256_of(result.body or b"")
    derived = _derive(pool, result, parse_seconds) if sha != job.latest_sha else None
    return monitor_services.Fetched(job.source_id, job.attempt, result, sha, derived, job.freshness_days)
