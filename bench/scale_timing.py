"""Timing a page in the process (Django's test client): wall and CPU time per request, the database
server process's CPU included on PostgreSQL, and the query count."""

from __future__ import annotations

import gc
import hashlib
import os
import resource
import statistics
import time
from pathlib import Path
from typing import Any


def tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def server_process(connection: Any) -> int | None:
    """The PostgreSQL server process of this connection (on this machine), whose CPU time counts as
    the page's too; None on SQLite, which works inside this process."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid: int = cursor.fetchone()[0]
    return pid


def own_and_workers_cpu() -> float:
    """CPU seconds of this process and of the child processes it has waited for: from 1,000 data
    files on, read_dir parses them in worker processes it forks (domain/yamlpool.py)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def process_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_page(client: Any, url: str, status: int, requests: int, budget: float, minimum: int = 20,
              consume: bool = False) -> dict[str, Any]:
    """``consume``: read a streamed body in the process too (a body Python makes as it is sent,
    not a file the server sends)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gc.collect()  # the garbage of whatever ran before (a load, a month of checks) is not the page's
    for _ in range(min(5, minimum)):
        assert client.get(url).status_code == status, url
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == status, url
    queries = len(ctx.captured_queries)
    times: list[float] = []
    cpu: list[float] = []
    backend = server_process(connection)
    started, server_before = time.perf_counter(), process_cpu(backend)
    while len(times) < requests and (len(times) < minimum or time.perf_counter() - started < budget):
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        if consume and response.streaming:
            for _ in response.streaming_content:
                pass
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    # The server process's CPU is read from /proc in clock ticks (10 ms): per request it is 0 or a
    # tick, so it is taken as the run's total over the requests, added to this process's median.
    server_ms = (process_cpu(backend) - server_before) * 1000 / len(times)
    return {"url": url, "n": len(times), "median_ms": statistics.median(times),
            "p95_ms": percentile(times, 95), "cpu_ms": statistics.median(cpu) + server_ms,
            "server_cpu_ms": server_ms, "queries": queries, "cpu_all": [c + server_ms for c in cpu],
            "times_all": times}


def pooled(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Several time_page runs of one URL as one: medians and p95 over all their requests."""
    times = [t for r in runs for t in r["times_all"]]
    cpu = [c for r in runs for c in r["cpu_all"]]
    return {"url": runs[0]["url"], "n": len(times), "median_ms": statistics.median(times),
            "p95_ms": percentile(times, 95), "cpu_ms": statistics.median(cpu),
            "server_cpu_ms": statistics.mean(r["server_cpu_ms"] for r in runs), "queries": runs[0]["queries"],
            "rounds": len(runs)}
