"""A monitor run: fetch the claimed sources concurrently, record each result in one transaction.

Recording a check is one transaction across two parts: the evidence part records the fetch, the
kept copy, the quote checks and the flags (``evidence.monitor_services.source_check_record``),
and reports whether some quote was found or lost; when one was, the stored grades of every
offering citing that source follow (``registry.resolved``) before the transaction commits.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone

from trustreg.accounts import aftermath, audit
from trustreg.evidence import monitor_services
from trustreg.evidence.fetch import Fetcher, Outcome
from trustreg.evidence.monitor import (
    Job,
    current_fetcher,
    current_policy,
    extraction_pool,
    fetch_stage,
    jobs_for,
)
from trustreg.evidence.policy import MonitorPolicy
from trustreg.registry.resolved import offerings_affected, resolved_grades_refresh

log = logging.getLogger(__name__)
ACTOR = "monitor"


def source_check_record(
    *, actor: audit.Actor, fetched: monitor_services.Fetched, via: str, policy: MonitorPolicy, inline_retry: bool
) -> monitor_services.CheckReport:
    """Record one fetch of a source, what its checks find and the stored grades they move. One transaction."""
    with transaction.atomic():
        report = monitor_services.source_check_record(
            actor=actor, fetched=fetched, via=via, policy=policy, inline_retry=inline_retry
        )
        if report.quote_states_moved:  # a quote found or lost moves every cell citing its source
            resolved_grades_refresh(offerings_affected(source_ids=[report.source_id]))
    return report


@dataclasses.dataclass
class RunSummary:
    reports: list[monitor_services.CheckReport] = dataclasses.field(default_factory=list)
    retries: list[tuple[int, int, dt.datetime]] = dataclasses.field(default_factory=list)  # id, attempt, at
    elapsed: float = 0.0

    def outcomes(self) -> collections.Counter:
        return collections.Counter(r.outcome for r in self.reports)

    def flags(self) -> collections.Counter:
        return collections.Counter(kind for r in self.reports for kind in r.flags_raised)

    def counts(self) -> dict:
        return {"checked": len(self.reports), "outcomes": dict(self.outcomes()), "flags": dict(self.flags())}


def check_sources(
    source_ids: Iterable[int],
    *,
    via: str,
    inline_retries: bool,
    attempt: int = 1,
    fetcher: Fetcher | None = None,
    policy: MonitorPolicy | None = None,
    on_report: Callable[[monitor_services.CheckReport], None] | None = None,
) -> RunSummary:
    """Check the given (already claimed) sources. A failure of one never stops the others."""
    policy = policy or current_policy()
    fetcher = fetcher or current_fetcher()
    started = time.monotonic()
    summary = RunSummary()
    pending = collections.deque(jobs_for(source_ids, attempt))
    threads = max(1, policy.threads)
    pool = extraction_pool(policy.extract_processes)
    with cf.ThreadPoolExecutor(threads, thread_name_prefix="trustreg-monitor") as executor:
        inflight: dict[cf.Future, Job] = {}
        while pending or inflight:
            while pending and len(inflight) < threads * 2:
                job = pending.popleft()
                inflight[executor.submit(fetch_stage, fetcher, job, pool, policy.parse_seconds)] = job
            done, _ = cf.wait(inflight, return_when=cf.FIRST_COMPLETED)
            finished = [(inflight.pop(future), future.result()) for future in done]
            # Group commit: every source is still recorded all-or-nothing (a savepoint each), but
            # the results that are ready share one commit, which spares PostgreSQL a flush per source.
            with transaction.atomic():
                reports = [
                    (job, _record(fetched, via=via, policy=policy, inline_retries=inline_retries))
                    for job, fetched in finished
                ]
            for job, report in reports:
                if report.retry_at is None:
                    summary.reports.append(report)
                    if on_report:
                        on_report(report)
                elif inline_retries:
                    delay = (report.retry_at - timezone.now()).total_seconds()
                    pending.append(
                        dataclasses.replace(job, attempt=job.attempt + 1, not_before=time.monotonic() + delay)
                    )
                else:
                    summary.retries.append((job.source_id, job.attempt + 1, report.retry_at))
    summary.elapsed = time.monotonic() - started
    if summary.reports:  # new copies and quote checks: the bulk files follow, once per batch
        aftermath.published_changed()
    return summary


def _record(fetched: monitor_services.Fetched, *, via: str, policy: MonitorPolicy, inline_retries: bool):  # noqa: ANN202
    try:
        return source_check_record(
            actor=ACTOR, fetched=fetched, via=via, policy=policy, inline_retry=inline_retries
        )
    except Exception as exc:  # a database hiccup on one source must not lose the run
        log.exception("recording the check of source %s failed", fetched.source_id)
        return monitor_services.CheckReport(
            fetched.source_id,
            fetched.result.requested_url,
            Outcome.FAILED.value,
            f"recording the result failed: {type(exc).__name__}: {exc}",
            fetched.attempt,
        )
