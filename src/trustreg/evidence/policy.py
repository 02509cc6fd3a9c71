"""When a source is next due, and how long to wait before trying again (framework-free)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class MonitorPolicy:
    # A dimension's freshness_days says how long evidence stays good; the monitor looks this many
    # times within that period, so a vanished quote is noticed long before the evidence expires.
    checks_per_freshness_period: int = 4
    default_interval_days: float = 7.0  # sources no dimension's policy covers
    min_interval_hours: float = 12.0
    max_interval_days: float = 30.0
    max_attempts: int = 3  # tries of one check before a failure is flagged
    retry_backoff_seconds: tuple[float, ...] = (60.0, 300.0, 1500.0)  # worker: re-enqueued with run_after
    run_backoff_seconds: float = 2.0  # `monitor run`: inline retries wait base * 2**(attempt-1)
    lease_minutes: float = 60.0  # a claimed source is not handed out again for this long
    threads: int = 16  # concurrent fetches inside one process
    # Text extraction is CPU-bound Python (the GIL serialises it across threads): a small pool of
    # extraction processes lets one worker use every core. 0 extracts in the fetch threads.
    extract_processes: int = 0
    batch_size: int = 200  # sources per queued job (bigger batches leave fetch threads idle less often)
    parse_seconds: float = 10.0  # a page's HTML or PDF parse stops here: a recorded failure, not a stall

    @classmethod
    def from_settings(cls, values: dict | None) -> MonitorPolicy:
        values = dict(values or {})
        if "retry_backoff_seconds" in values:
            values["retry_backoff_seconds"] = tuple(values["retry_backoff_seconds"])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})

    def check_interval(self, min_freshness_days: int | None) -> dt.timedelta:
        if min_freshness_days is None:
            days = self.default_interval_days
        else:
            days = min_freshness_days / max(1, self.checks_per_freshness_period)
        days = min(max(days, self.min_interval_hours / 24), self.max_interval_days)
        return dt.timedelta(days=days)

    def retry_delay(self, attempt: int, *, inline: bool) -> dt.timedelta:
        """Wait before try number `attempt + 1` (attempt counts from 1)."""
        if inline:
            return dt.timedelta(seconds=self.run_backoff_seconds * 2 ** (attempt - 1))
        steps = self.retry_backoff_seconds or (60.0,)
        return dt.timedelta(seconds=steps[min(attempt - 1, len(steps) - 1)])

    def should_retry(self, attempt: int) -> bool:
        return attempt < self.max_attempts
