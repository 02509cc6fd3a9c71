"""Evidence monitor benchmark: N sources on a local server with fixed latency per response.

    python bench/bench_monitor.py [--sources 5000] [--latency 0.05] [--workers 2] [--threads 16]

Measures, for one process (`trustreg monitor run` on SQLite) and for several queue workers on
PostgreSQL (`trustreg monitor worker --batch`): sources per second, per-fetch time (median, p95)
and peak memory (max RSS) per process. A second pass re-checks unchanged pages. Writes the
"## Evidence monitor" section of docs/benchmarks.md (other sections are kept).

Only 127.0.0.1 is contacted: the page server runs in a child process on loopback, and the monitor
runs with the test-only loopback setting and a per-host delay of 0 (every source is on one host).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Evidence monitor"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DB = "trustreg_bench_monitor"


# -- the page server (child process) ------------------------------------------------------------


def page(i: int) -> bytes:
    filler = " ".join(
        f"Section {i}.{k}: the provider describes its controls and commitments here." for k in range(40)
    )
    quote = f"Source {i} retains prompts for {i % 90 + 1} days."
    return (
        f"<!doctype html><html><head><title>Policy {i}</title></head><body><nav>Home | Docs</nav>"
        f"<main><h1>Policy {i}</h1><p>{filler}</p><p>{quote}</p><ul><li>Item one</li><li>Item two</li></ul>"
        f"<p>{filler}</p></main><footer>Contact</footer></body></html>"
    ).encode()


def serve(port_queue: multiprocessing.Queue, latency: float) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(latency)
            match = re.fullmatch(r"/p/(\d+)", self.path)
            body, status = (page(int(match.group(1))), 200) if match else (b"not found", 404)
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 1024

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a monitor process exiting resets its kept-alive connections: expected

    server = Server(("127.0.0.1", 0), Handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


# -- data set-up (in a child process with its own Django) --------------------------------------

SETUP = r"""
import sys, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from trustreg.domain.bundle import read_dir
from trustreg.registry.services import registry_load
from trustreg.registry.models import Cell
from trustreg.evidence.models import Source, Citation
n, base = int(sys.argv[1]), sys.argv[2]
call_command("migrate", verbosity=0)
registry_load(actor="bench", bundle=read_dir(settings.REGISTRY_DATA_DIR), reason="bench")
cells = list(Cell.objects.order_by("pk"))
sources = Source.objects.bulk_create(
    [Source(url=f"{base}/p/{i}", kind="vendor_doc", title=f"Policy {i}") for i in range(n)], batch_size=1000
)
quote = "Source {} retains prompts for {} days."
Citation.objects.bulk_create(
    [Citation(cell=cells[i % len(cells)], source=s, quote=quote.format(i, i % 90 + 1), primary=True,
              position=1000 + i) for i, s in enumerate(sources)], batch_size=1000)
from trustreg.evidence.models import MonitorState
from django.utils import timezone
import datetime as dt
# Only the benchmark's sources are due (the bundled registry's real URLs are never fetched).
from trustreg.evidence import monitor
monitor.ensure_states()
later = timezone.now() + dt.timedelta(days=365)
MonitorState.objects.exclude(source__url__startswith=base).update(next_check_at=later)
"""

ENQUEUE = r"""
import django; django.setup()
from trustreg.monitor import tasks
print(tasks.enqueue_due())
"""

STATS = r"""
import json, django; django.setup()
from trustreg.evidence.models import FetchAttempt, Snapshot, Blob
from trustreg.flags.models import Flag
rows = list(FetchAttempt.objects.order_by("started_at", "id").values_list("outcome", "elapsed_ms", "via"))
print(json.dumps({"attempts": rows, "snapshots": Snapshot.objects.count(), "blobs": Blob.objects.count(),
                  "flags": Flag.objects.count()}))
"""

REQUEUE = r"""
import django; django.setup()
from trustreg.evidence.models import MonitorState
MonitorState.objects.filter(source__url__contains="/p/").update(next_check_at=None, claimed_until=None)
"""


def django_env(database_url: str, var: Path, policy: dict) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trustreg.settings",
        "DATABASE_URL": database_url,
        "TRUSTREG_VAR": str(var),
        "TRUSTREG_FETCH_ALLOW_LOOPBACK": "1",
        "TRUSTREG_FETCH_PER_HOST_DELAY": "0",
        "TRUSTREG_MONITOR": json.dumps(policy),
    }


def python(code: str, env: dict, *args: str) -> str:
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"bench step failed:\n{out.stderr[-3000:]}")
    return out.stdout


def tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants (its extraction processes included)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * page_kib
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += [child for child, parent in parents.items() if parent == pid]
    return total


def timed_processes(commands: list[list[str]], env: dict) -> tuple[float, list[int], int]:
    """Run commands in parallel. Returns wall time, each process's peak RSS (KiB, from the kernel)
    and the largest RSS of one process tree including its extraction processes (KiB, sampled)."""
    started = time.monotonic()
    procs = [
        subprocess.Popen(c, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in commands
    ]
    tree_peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            tree_peak[0] = max([tree_peak[0]] + [tree_rss_kib(p.pid) for p in procs])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}
    while len(peaks) < len(procs):
        pid, status, usage = os.wait4(-1, 0)
        for p in procs:
            if p.pid == pid:
                p.returncode = os.waitstatus_to_exitcode(status)
                peaks[pid] = usage.ru_maxrss
                cpu[pid] = usage.ru_utime + usage.ru_stime
    elapsed = time.monotonic() - started
    done.set()
    sampler.join()
    for p in procs:
        if p.returncode:
            raise SystemExit(f"{p.args} failed: {p.stderr.read().decode()[-3000:]}")
    print(f"  cpu s per process: {[round(cpu[p.pid], 1) for p in procs]} in {elapsed:.1f} s", file=sys.stderr)
    return elapsed, [peaks[p.pid] for p in procs], tree_peak[0]


def summarise(
    label: str, db: str, processes: int, n: int, elapsed: float, peaks: list[int], tree: int, stats: dict
) -> dict:
    times = sorted(ms for _, ms, _ in stats["attempts"][-n:])
    outcomes: dict[str, int] = {}
    for outcome, _, _ in stats["attempts"][-n:]:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return {
        "label": label,
        "db": db,
        "processes": processes,
        "sources": n,
        "seconds": elapsed,
        "rate": n / elapsed,
        "median_ms": statistics.median(times) if times else 0,
        "p95_ms": times[int(0.95 * (len(times) - 1))] if times else 0,
        "peak_mb": max(peaks) / 1024,
        "tree_mb": tree / 1024,
        "outcomes": outcomes,
    }


def trustreg(*args: str) -> list[str]:
    return [sys.executable, "-m", "trustreg.cli", *args]


def bench_sqlite(n: int, base: str, policy: dict, tmp: Path) -> list[dict]:
    env = django_env(f"sqlite:///{tmp / 'bench.sqlite3'}", tmp, policy)
    python(SETUP, env, str(n), base)
    results = []
    for label in ("first pass (all new)", "re-check (unchanged)"):
        if results:
            python(REQUEUE, env)
        elapsed, peaks, tree = timed_processes([trustreg("monitor", "run", "--no-progress")], env)
        stats = json.loads(python(STATS, env))
        results.append(summarise(label, "SQLite", 1, n, elapsed, peaks, tree, stats))
    return results


def bench_postgres(n: int, base: str, policy: dict, tmp: Path, workers_list: list[int]) -> list[dict]:
    try:
        import psycopg
    except ImportError:
        return []
    results = []
    for workers in workers_list:
        try:
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
                conn.execute(f"CREATE DATABASE {PG_DB}")
        except psycopg.OperationalError as exc:
            print(f"PostgreSQL not reachable ({exc}); skipping the multi-worker figures", file=sys.stderr)
            return results
        env = django_env(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}", tmp, policy)
        python(SETUP, env, str(n), base)
        for label in ("first pass (all new)", "re-check (unchanged)"):
            if label.startswith("re-check"):
                python(REQUEUE, env)
            python(ENQUEUE, env)
            command = trustreg("monitor", "worker", "--batch", "--no-schedule", "--interval", "0.05")
            elapsed, peaks, tree = timed_processes([command] * workers, env)
            stats = json.loads(python(STATS, env))
            results.append(summarise(label, "PostgreSQL", workers, n, elapsed, peaks, tree, stats))
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
    return results


def write_section(results: list[dict], args: argparse.Namespace, load: tuple[float, float]) -> str:
    workers = " ".join(map(str, args.workers))
    command = (
        f"python bench/bench_monitor.py --sources {args.sources} --latency {args.latency} "
        f"--threads {args.threads} --extract-processes {args.extract_processes} --workers {workers}"
    )
    lines = [
        SECTION,
        "",
        f"`{command}` ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; 1-minute load average {load[0]:.1f} before and "
        f"{load[1]:.1f} after, the machine being shared).",
        "",
        f"Dataset: {args.sources:,} sources (one cited quote each, ~6 KB HTML pages) on a local server that "
        f"answers every request after {args.latency * 1000:.0f} ms; per-host delay 0 (all sources share one "
        f"host); {args.threads} fetch threads and {args.extract_processes} text-extraction processes per "
        f"worker; queue batches of {args.batch} sources. A pass fetches every source once, derives its text "
        "(trafilatura), checks its quote and records the attempt (and a snapshot when the bytes are new); "
        "the re-check pass finds every page unchanged (same bytes, no new copy, no extraction). Wall time "
        "includes "
        "process start-up. Fetch median/p95: the fetcher's time per source (latency included).",
        "",
        "| pass | database | worker processes | sources | wall (s) | sources/s | fetch median (ms) "
        "| fetch p95 (ms) | peak RSS per worker (MB) "
        "| peak RSS per worker incl. its extraction processes (MB) | outcomes |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(r["outcomes"].items()))
        lines.append(
            f"| {r['label']} | {r['db']} | {r['processes']} | {r['sources']:,} | {r['seconds']:.1f} | "
            f"{r['rate']:.0f} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} | {r['peak_mb']:.0f} "
            f"| {r['tree_mb']:.0f} | {outcomes} |"
        )
    lines += [
        "",
        "Aim: at least 100 sources/s on this 2-core machine, under 300 MB per worker.",
        "",
        "Reading the figures: a first pass is bound by CPU, mostly text extraction (about 9 ms per page "
        "with trafilatura), which the extraction processes spread over both cores; a re-check skips "
        "extraction for unchanged bytes. The two cores are shared by every worker, its extraction "
        "processes and the Python page server, so more workers than cores add no throughput here; on "
        "PostgreSQL more workers (on more machines) claim jobs without collisions "
        "(`select_for_update(skip_locked=True)`, see tests/evidence/test_workers_postgres.py).",
        "",
    ]
    section = "\n".join(lines)
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text.rstrip("\n") + "\n")
    return section


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sources", type=int, default=5000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument(
        "--extract-processes", type=int, default=2, help="text-extraction processes per worker"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4], help="PostgreSQL worker counts")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(queue, args.latency), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{queue.get(timeout=10)}"
    policy = {"threads": args.threads, "batch_size": args.batch, "extract_processes": args.extract_processes}
    tmp = Path(tempfile.mkdtemp(prefix="bench-monitor-"))
    load_before = os.getloadavg()[0]
    try:
        results = [] if args.no_sqlite else bench_sqlite(args.sources, base, policy, tmp)
        if not args.no_postgres:
            results += bench_postgres(args.sources, base, policy, tmp, args.workers)
    finally:
        server.terminate()
        shutil.rmtree(tmp, ignore_errors=True)
    load = (load_before, os.getloadavg()[0])
    section = write_section(results, args, load) if not args.no_write else json.dumps(results, indent=1)
    print(section)


if __name__ == "__main__":
    main()
