"""Scale benchmark (issue 15): does every page cost one page, whatever the registry's size and age?

In one run, side by side: a small and a large synthetic registry (200 and 20,000 offerings by
default) on SQLite, the small one on PostgreSQL (and the large one with ``--postgres-large``), each
in a fresh process and database. Measured: ``trustreg load`` of the registry's data files (the
command whole: read_dir, then registry_load) and read_dir alone, export (bundle_from_db +
write_dir) and a second export into the same folder (must rewrite nothing and change no byte), the
server time of the index, a question page, the compare picker, the 404 page and an offering page
(before and after 30 days of monitor history on its sources). Then the offering page on SQLite and
PostgreSQL side by side, their processes taking turns in rounds (``bench/interleave.py``), and the
same way with and without 30 days of history at the larger sizes (the history target). Then the
deployment of the Procfile (gunicorn web + two monitor workers) on one PostgreSQL, measured with
``wrk -c8`` against a static file (the site's stylesheet, and static files of exactly the sizes
/data.json is sent at, served by the same stack), asking as a browser does (brotli accepted) and as a
client that accepts only gzip. The figures and the issue's targets, as ratios, replace the
"Scale (issue 15)" section of docs/benchmarks.md; ``--serving-only`` runs just the serving part and
replaces only its paragraph and its rows of the targets table.

    python bench/bench_scale.py [--small 200] [--mid 2000] [--large 20000] [--postgres-large] [--no-serving]
                                [--no-interleave] [--serving-only] [--results DIR [--reuse]]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchdoc import replace_section, shown_at_most

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Scale (issue 15)"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = os.environ.get("TRUSTREG_BENCH_SCALE_DB", "trustreg_bench_scale")  # one per engineer
PG_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PAGES = ("index", "question", "picker", "not_found", "offering", "offering_1d", "offering_30d", "offering_turns",
         "offering_30d_turns", "fit", "api_fit")
# Other public pages with no target in the issue, timed (three requests) to show what still grows;
# not at sizes above OTHER_PAGES_UP_TO, where one request takes minutes.
OTHER_PAGES_UP_TO = 5000
FIT_QUERY = "/fit/?r_data_residency=any&eu=1&r_retention_zdr=any&max_days=30&r_hipaa_baa=any"
API_FIT_QUERY = "/api/v1/fit?r_retention_zdr=any&max_days=30&r_hipaa_baa=any"
OTHER_PAGES = {"changelog": "/changelog/", "coverage": "/coverage/", "calendar": "/calendar.ics"}
DATA_JSON = "/data.json"  # the bulk file: its server time (the body is sent by the server, not timed here)
# /data.json?as_of= (the day's kept file, bulk.dayserve): as a browser asks, and with no encoding
AS_OF_PAGES = {"data_json_as_of": " a past day, kept file, as a browser asks (brotli)",
               "data_json_as_of_plain": " a past day, no encoding: the gzip twin decompressed as sent (no target)"}
HISTORY_DAYS = 30
HISTORY_ROUNDS = 4  # the offering page with none and with 30 days of history, in turns
ISSUE_LARGE = 20000  # the size the issue's targets name
BROWSER = "gzip, deflate, br, zstd"  # the Accept-Encoding of current browsers (Chrome, Firefox)
GZIP_ONLY = "gzip"  # a client that knows gzip alone (the /data.json rows measured both ways)

sys.path.insert(0, str(BENCH))


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


def add_monitor_history(source_ids: list[int], days: int) -> int:
    """``days`` daily quote checks (all found) of every citation of these sources, as the monitor
    records them, dated one day apart up to yesterday."""
    from django.db import transaction
    from django.utils import timezone

    from trustreg.evidence.models import Citation, Snapshot, Source
    from trustreg.evidence.services import quote_checks_record

    now = timezone.now()
    snaps = {s.pk: Snapshot.objects.create(source=s, taken_at=now - dt.timedelta(days=days), how="fetched",
                                           public=True, text="bench copy")
             for s in Source.objects.filter(pk__in=source_ids)}
    citations = list(Citation.objects.filter(source_id__in=source_ids).exclude(quote="").values_list("pk", "source_id"))
    for day in range(days, 0, -1):
        with transaction.atomic():
            quote_checks_record(checks=[(cid, snaps[sid], True) for cid, sid in citations],
                                now=now - dt.timedelta(days=day))
    return len(citations) * days


def page_sources(offering: Any) -> list[int]:
    """The sources an offering's page cites: its own cells' and its developer's and platform's."""
    from trustreg.evidence.models import Citation
    from trustreg.registry.models import Offering

    return sorted(set(Citation.objects.filter(cell__in=Offering.objects.get(pk=offering.id).cells.all())
                      .values_list("source_id", flat=True))
                  | set(Citation.objects.filter(cell__party_id__in=[offering.developer, offering.platform])
                        .values_list("source_id", flat=True)))


def worker(backend: str, offerings: int, args: argparse.Namespace) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix=f"trustreg-scale-{backend}-{offerings}-"))
    try:
        os.environ["TRUSTREG_VAR"] = str(tmp / "var")
        os.environ["DATABASE_URL"] = PG_URL if backend == "postgres" else f"sqlite:///{tmp / 'var' / 'b.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
        # one database connection (and server process) for the whole run, whose CPU time is read
        os.environ["TRUSTREG_CONN_MAX_AGE"] = "86400"
        (tmp / "var" / "static").mkdir(parents=True)
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from synthetic import synthetic_bundle

        from trustreg.domain.bundle import read_dir, write_dir
        from trustreg.registry.selectors import bundle_from_db

        r: dict[str, Any] = {"backend": backend, "offerings": offerings, "loadavg": [os.getloadavg()[0]]}
        bundle = synthetic_bundle(offerings, seed=args.seed)
        call_command("migrate", verbosity=0, interactive=False)
        from django.db import connection
        from django.test import override_settings

        from trustreg.bulk.build import build

        # The bulk files are rebuilt after every commit that changes published state; here that
        # is timed on its own after the load, and left out of the monitor passes below.
        no_bulk = override_settings(TRUSTREG_BULK_ON_COMMIT=False)
        server = server_process(connection)
        # `trustreg load DIR` from a folder of data files: the command whole (read_dir, then
        # registry_load in one transaction), and read_dir of the same folder alone just before.
        source = tmp / "registry"
        write_dir(bundle, source)
        t0, c0 = time.perf_counter(), time.process_time()
        assert read_dir(source) == bundle, "the data files do not read back as the synthetic registry"
        r["read_s"], r["read_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
        gc.collect()
        t0, c0, b0 = time.perf_counter(), time.process_time(), process_cpu(server)
        with no_bulk:
            call_command("registry_load", str(source), reason="bench: load", stdout=io.StringIO())
        r["load_s"] = time.perf_counter() - t0
        r["load_cpu_s"] = time.process_time() - c0 + process_cpu(server) - b0
        r["load_is_command"] = True
        t0 = time.perf_counter()
        build()
        r["bulk_s"] = time.perf_counter() - t0
        out = tmp / "export"
        t0, c0, b0 = time.perf_counter(), time.process_time(), process_cpu(server)
        r["export_files"] = len(write_dir(bundle_from_db(), out))
        r["export_s"] = time.perf_counter() - t0
        r["export_cpu_s"] = time.process_time() - c0 + process_cpu(server) - b0
        assert read_dir(out) == bundle, "the export does not read back as the loaded registry"
        digest = tree_digest(out)
        t0 = time.perf_counter()
        r["reexport_written"] = len(write_dir(bundle_from_db(), out))
        r["reexport_s"] = time.perf_counter() - t0
        r["reexport_identical"] = tree_digest(out) == digest

        client = Client()
        mid = bundle.offerings[len(bundle.offerings) // 2]
        dim = bundle.catalogue.get("retention_zdr") or bundle.catalogue.dimensions[0]
        urls = {"index": ("/", 200), "question": (f"/questions/{dim.slug}/", 200), "picker": ("/compare/", 200),
                "not_found": ("/offerings/no-such-offering/", 404), "offering": (f"/offerings/{mid.id}/", 200),
                # a profile of one's own (no preset's built results): the fit check counted and paged in SQL
                "fit": (FIT_QUERY, 200), "api_fit": (API_FIT_QUERY, 200)}
        from django.test import override_settings

        # Each page rendered (the page cache off: the work a change costs, and what grows), then the
        # index and the offering page as a visitor gets them, served from the page cache.
        rendered = override_settings(TRUSTREG_PAGE_CACHE=False)
        with rendered:
            pages = {name: time_page(client, url, status, args.requests, args.page_budget)
                     for name, (url, status) in urls.items()}
        for name in ("index", "offering"):
            pages[f"{name}_cached"] = time_page(client, urls[name][0], 200, args.requests, args.page_budget / 4)
        sources = page_sources(mid)
        from django.db import transaction

        with transaction.atomic(), rendered, no_bulk:  # one monitor pass: what it adds, then undone
            add_monitor_history(sources, 1)
            pages["offering_1d"] = time_page(client, f"/offerings/{mid.id}/", 200, args.requests, args.page_budget)
            transaction.set_rollback(True)
        # The history target, measured in turns: the page with no checks, then with 30 days of them
        # (added in a transaction, measured, rolled back), HISTORY_ROUNDS times, so that the machine's
        # other work falls on both alike instead of on whichever ran at a busier minute.
        none_runs, month_runs = [], []
        per_round = max(args.requests // HISTORY_ROUNDS, 10)
        for _ in range(HISTORY_ROUNDS):
            with rendered:
                none_runs.append(time_page(client, f"/offerings/{mid.id}/", 200, per_round,
                                           args.page_budget / HISTORY_ROUNDS, minimum=10))
            with transaction.atomic(), rendered, no_bulk:
                add_monitor_history(sources, HISTORY_DAYS)
                month_runs.append(time_page(client, f"/offerings/{mid.id}/", 200, per_round,
                                            args.page_budget / HISTORY_ROUNDS, minimum=10))
                transaction.set_rollback(True)
        pages["offering_turns"], pages["offering_30d_turns"] = pooled(none_runs), pooled(month_runs)
        t0 = time.perf_counter()
        with no_bulk:
            r["history_checks"] = add_monitor_history(sources, HISTORY_DAYS)
        r["history_s"] = time.perf_counter() - t0
        with rendered:
            pages["offering_30d"] = time_page(client, f"/offerings/{mid.id}/", 200, args.requests, args.page_budget)
        pages["data_json"] = time_page(client, DATA_JSON, 200, args.requests, args.page_budget / 4)
        # A past day's data.json (bulk.dayserve): the day's file the build kept (the day of the load,
        # served like any other kept day), asked as a browser asks (its brotli twin), and by a client
        # that takes no encoding (the gzip twin decompressed as it is sent, in the process: timed whole).
        from trustreg.bulk import daystore

        day = dt.datetime.now(dt.UTC).date().isoformat()
        pages["data_json_as_of"] = time_page(Client(headers={"accept-encoding": BROWSER}), f"{DATA_JSON}?as_of={day}",
                                             200, args.requests, args.page_budget / 4)
        pages["data_json_as_of_plain"] = time_page(client, f"{DATA_JSON}?as_of={day}", 200, args.requests,
                                                   args.page_budget / 4, minimum=5, consume=True)
        kept = (daystore.read_index() or daystore.Index()).days.get(dt.date.fromisoformat(day))
        if kept is not None:
            r["as_of_file"] = {"size": kept.size, "gzip_size": kept.gzip_size, "br_size": kept.br_size}
        for name, url in OTHER_PAGES.items() if offerings <= OTHER_PAGES_UP_TO else ():
            with rendered:
                pages[name] = time_page(client, url, 200, 1, 0, minimum=1)
        r["pages"] = pages
        r["cpu_includes_server"] = backend == "postgres"
        r["loadavg"].append(os.getloadavg()[0])
        from django.db import connections

        connections.close_all()
        return r
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def postgres(action: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {DB_NAME}")


def run_worker(backend: str, offerings: int, args: argparse.Namespace) -> dict[str, Any]:
    return saved_or_run(f"{backend}-{offerings}", args, lambda: measure(backend, offerings, args))


def measure(backend: str, offerings: int, args: argparse.Namespace) -> dict[str, Any]:
    print(f"bench_scale: {backend}, {offerings} offerings ...", file=sys.stderr, flush=True)
    if backend == "postgres":
        postgres("create")
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--worker", backend, "--offerings", str(offerings), "--requests",
             str(args.requests), "--page-budget", str(args.page_budget), "--seed", str(args.seed)],
            check=True, capture_output=True, text=True, cwd=ROOT)
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stdout + exc.stderr)
        raise SystemExit(f"bench_scale: the {backend} worker for {offerings} offerings failed") from None
    finally:
        if backend == "postgres":
            postgres("drop")
    result: dict[str, Any] = json.loads(out.stdout)
    print(f"bench_scale: {backend} {offerings}: load {result['load_s']:.1f} s, export {result['export_s']:.1f} s, "
          + ", ".join(f"{k} {v['median_ms']:.1f} ms" for k, v in result["pages"].items()), file=sys.stderr, flush=True)
    return result


def interleaved(args: argparse.Namespace) -> dict[str, Any]:
    print("bench_scale: the offering page on SQLite and PostgreSQL in turns ...", file=sys.stderr, flush=True)
    from interleave import measure as measure_interleaved

    return measure_interleaved(args.small, args.interleave_rounds, args.interleave_requests, args.seed,
                               tuple(args.interleave_variants.split(",")))


# -- Serving: the Procfile's processes on one PostgreSQL, under wrk -c8 -------------------------------


def procfile() -> dict[str, list[str]]:
    lines = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            lines[name.strip()] = command.split()
    return lines


def session_cpu(sid: int) -> float:
    """CPU seconds used so far by the processes of one session (the web master, its live workers and
    the workers it has reaped), from /proc."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[3]) == sid:  # fields from the state on: state ppid pgrp session ... utime stime cutime cstime
            total += sum(int(f) for f in fields[11:15])
    return total / tick


def wrk(url: str, seconds: int, web_sid: int, accept: str) -> dict[str, float]:
    """Requests per second under ``wrk -c8``, and the web processes' CPU per request."""
    cpu = session_cpu(web_sid)
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Accept-Encoding: {accept}", url],
                         capture_output=True, text=True, check=True).stdout
    cpu = session_cpu(web_sid) - cpu
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if found is None or total is None or non2xx is not None:
        raise SystemExit(f"bench_scale: wrk against {url} failed:\n{out}")
    return {"rate": float(found.group(1)), "cpu_ms": 1000 * cpu / max(int(total.group(1)), 1)}


def same_size_static(var: Path, twin: str) -> str:
    """A static file (random bytes: no compressed twin) of exactly the size of /data.json's ``twin``
    ("br" or "gzip"), in STATIC_ROOT; returns its path under /static/."""
    manifest = json.loads((var / "bulk" / "current" / "manifest.json").read_text())
    size = next(f[f"{twin}_size"] for f in manifest["files"] if f["name"] == "data.json")
    name = f"bench/same-size-as-data-json-{twin}.bin"
    path = var / "static" / name
    if not path.exists() or path.stat().st_size != size:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(random.Random(size).randbytes(size))
    return name


def page_generation(url: str) -> int:
    """The public generation a cached page was served for (its ETag: W/"g<N>-<day>-...")."""
    with urllib.request.urlopen(url, timeout=60) as resp:
        found = re.match(r'W/"g(\d+)[.-]', resp.headers.get("ETag", ""))
    return int(found.group(1)) if found else 0


def serving(args: argparse.Namespace) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise SystemExit("bench_scale: wrk is missing (make bench installs Debian's wrk)")
    print(f"bench_scale: serving the Procfile on PostgreSQL, {args.serve_offerings} offerings ...", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix="trustreg-serve-"))
    port = str(args.port)
    env = {**os.environ, "DATABASE_URL": PG_URL, "TRUSTREG_VAR": str(tmp / "var"), "PORT": port,
           "TRUSTREG_ACCESS_LOG": str(tmp / "access.log"), "DJANGO_SETTINGS_MODULE": "trustreg.settings"}
    bin_ = ROOT / ".venv" / "bin"
    postgres("create")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        subprocess.run([sys.executable, "-c", (
            "import sys; sys.path.insert(0, 'bench'); from synthetic import synthetic_bundle; "
            "from trustreg.domain.bundle import write_dir; "
            f"write_dir(synthetic_bundle({args.serve_offerings}, seed={args.seed}), {str(tmp / 'registry')!r})")],
            check=True, cwd=ROOT, env=env)
        for cmd in (["migrate", "-v0"], ["load", str(tmp / "registry")], ["bulk", "build"],
                    ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([str(bin_ / "trustreg"), *cmd], check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        for twin in ("br", "gzip"):  # before the web process starts: WhiteNoise lists its files then
            same_size_static(tmp / "var", twin)
        lines = procfile()
        log = open(tmp / "processes.log", "wb")  # noqa: SIM115 (closed with the processes)
        for name, count in (("web", 1), ("monitor", 2)):
            for _ in range(count):
                procs.append(subprocess.Popen([str(ROOT / c) if c.startswith(".venv/") else c for c in lines[name]],
                                              cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=10) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("bench_scale: the web process did not answer within 120 s") from None
                time.sleep(1)
        # The stylesheet as the pages link it: after collectstatic its hashed, compressed copy.
        with urllib.request.urlopen(base + "/methodology/", timeout=60) as resp:
            linked = re.search(r'href="/static/(site/site[^"]*\.css)"', resp.read().decode())
        if linked is None:
            raise SystemExit("bench_scale: the pages link no stylesheet")
        static = Path(linked.group(1))
        offering = json.loads(urllib.request.urlopen(base + "/api/v1/offerings?limit=1", timeout=30).read())
        oid = offering["items"][0]["id"]
        stylesheet = f"/static/{static.as_posix()}"
        # name: (path, Accept-Encoding); each /data.json row beside the same static files asked the same way
        paths = {"static": (stylesheet, BROWSER), "offering": (f"/offerings/{oid}/", BROWSER), "index": ("/", BROWSER),
                 "data_json": ("/data.json", BROWSER),
                 "static_same_size": (f"/static/{same_size_static(tmp / 'var', 'br')}", BROWSER),
                 "static_gzip": (stylesheet, GZIP_ONLY), "data_json_gzip": ("/data.json", GZIP_ONLY),
                 "static_same_size_gzip": (f"/static/{same_size_static(tmp / 'var', 'gzip')}", GZIP_ONLY)}
        sizes, encodings = {}, {}
        for name, (path, accept) in paths.items():
            req = urllib.request.Request(base + path, headers={"Accept-Encoding": accept})
            with urllib.request.urlopen(req, timeout=60) as resp:
                sizes[name] = len(resp.read())
                encodings[name] = resp.headers.get("Content-Encoding") or "none"
        sid = procs[0].pid  # the web process leads its own session
        generation_before = page_generation(base + paths["offering"][0])
        loadavg = [os.getloadavg()[0]]
        runs: dict[str, list[dict[str, float]]] = {}

        def run(name: str) -> dict[str, float]:
            path, accept = paths[name]
            runs.setdefault(name, []).append(wrk(base + path, args.wrk_seconds, sid, accept))
            loadavg.append(os.getloadavg()[0])
            return runs[name][-1]

        # Each target's two answers back to back, the static file first: the machine's other work comes
        # and goes within minutes (the stylesheet alone has run at 1,292 and at 508 req/s in one run),
        # so a pair shares its minute. An answer's rate in the paragraph is the mean of its runs.
        pairs = []
        for page, static in SERVING_PAIRS:
            ref = run(static)
            got = run(page)
            pairs.append({"page": page, "static": static, "rate": [got["rate"], ref["rate"]],
                          "cpu_ms": [got["cpu_ms"], ref["cpu_ms"]]})
        run("index")
        generations = page_generation(base + paths["offering"][0]) - generation_before
        rates = {k: statistics.mean(r["rate"] for r in runs[k]) for k in paths if k in runs}
        cpu_ms = {k: statistics.mean(r["cpu_ms"] for r in runs[k]) for k in paths if k in runs}
        alive = [p.poll() is None for p in procs]
        return {"rates": rates, "cpu_ms": cpu_ms, "pairs": pairs, "static_runs": [r["rate"] for r in runs["static"]],
                "wrk_seconds": args.wrk_seconds, "sizes": sizes, "encodings": encodings,
                "paths": {k: v[0] for k, v in paths.items()}, "accept": {k: v[1] for k, v in paths.items()},
                "processes_alive": alive,
                "offerings": args.serve_offerings, "web_workers": os.cpu_count(), "loadavg": loadavg,
                "generations_during": generations}
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        postgres("drop")
        shutil.rmtree(tmp, ignore_errors=True)


# -- Report -------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(results: list[dict[str, Any]], serve: dict[str, Any] | None, interleaved: dict[str, Any] | None,
           args: argparse.Namespace, history: dict[int, dict[str, Any]] | None = None) -> str:
    runs = {(r["backend"], r["offerings"]): r for r in results}
    small, large = args.small, args.large
    sq_s, sq_l = runs[("sqlite", small)], runs[("sqlite", large)]
    bigger = [n for b, n in sorted(runs) if b == "sqlite" and n > small]  # the mid size (if any), then large
    loads = [x for r in results for x in r["loadavg"]]
    lines = [
        SECTION, "",
        f"Measured {time.strftime('%Y-%m-%d', time.gmtime())} by `make bench` (`bench/bench_scale.py`) on "
        f"{os.cpu_count()} CPUs; 1-minute load average {min(loads):.1f}-{max(loads):.1f} during the runs (the "
        "machine is shared with other work, so absolute figures are noisy). Synthetic registries from `bench/synthetic.py` (seed "
        f"{args.seed}). Page times are server time through Django's test client: wall-clock median / p95 over "
        "n requests, and the median CPU time of the process (on SQLite the database runs in the process, so this "
        "is the whole work, and it is far less disturbed by the other jobs on the machine than wall time: the "
        "size and history ratios use it; on PostgreSQL the CPU time of the connection's server process over "
        "the n requests, read from /proc in 10 ms ticks, is added per request as its mean). Pages are rendered "
        "on every request (the page cache off, `TRUSTREG_PAGE_CACHE=0`), except the two rows marked as served "
        "from the page cache, which is what a visitor gets between public changes. Load and export are "
        "wall time and, in brackets, CPU time (on PostgreSQL with the server process's); the verdicts use the "
        "CPU time, the steadier figure on this shared machine. Each column ran in its own process, at the time shown: "
        + ", ".join(f"{b} {n:,} {r.get('measured_at', '?')}" for (b, n), r in runs.items()) + ".",
        "",
        "| Measurement | " + " | ".join(f"{b} {n:,}" for b, n in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    def secs(r: dict[str, Any], key: str) -> str:
        if key not in r:
            return "not measured"
        cpu = r.get(key.replace("_s", "_cpu_s"))
        return f"{r[key]:.1f} s" + (f" (CPU {cpu:.1f} s)" if cpu is not None else "")

    for key, label in (("load_s", "`trustreg load` of the data files (read_dir + registry_load)"),
                       ("read_s", "of which read_dir (the same folder read alone, just before)"),
                       ("bulk_s", "bulk files built after the load"),
                       ("export_s", "export (bundle_from_db + write_dir)"),
                       ("reexport_s", "export again into the same folder")):
        lines.append(f"| {label} | " + " | ".join(secs(r, key) for r in runs.values()) + " |")
    lines.append("| files rewritten by the second export | "
                 + " | ".join(f"{r['reexport_written']} ({'identical' if r['reexport_identical'] else 'CHANGED'})"
                              for r in runs.values()) + " |")
    def cell(r: dict[str, Any], page: str) -> str:
        if page not in r["pages"]:
            return "not timed at this size"
        p = r["pages"][page]
        return f"{p['median_ms']:.1f} / {p['p95_ms']:.1f} ms (CPU {p['cpu_ms']:.1f}), {p['queries']} q (n={p['n']})"

    for page in (*PAGES, "index_cached", "offering_cached", "data_json", *AS_OF_PAGES, *OTHER_PAGES):
        url = ({**OTHER_PAGES, "data_json": DATA_JSON}.get(page) or sq_s["pages"].get(page, {}).get("url", page)
               if page not in AS_OF_PAGES else f"{DATA_JSON}?as_of=DAY")
        note = {"offering_30d": " after 30 days of checks", "offering_1d": " after 1 day of checks (undone)",
                "offering_turns": f" with no checks, {HISTORY_ROUNDS} rounds in turns with the next row",
                "offering_30d_turns": " after 30 days of checks (undone after each round), in turns",
                "index_cached": " served from the page cache", "offering_cached": " served from the page cache",
                **dict.fromkeys(OTHER_PAGES, " (no target)"), **AS_OF_PAGES}.get(page, "")
        lines.append(f"| `{url}`{note} | " + " | ".join(cell(r, page) for r in runs.values()) + " |")
    lines.append("| a past day's data.json file: text / gzip / brotli twins kept (`bulk.daystore`) | " + " | ".join(
        "{size:,} / {gzip_size:,} / {br_size:,} bytes".format(**r["as_of_file"]) if "as_of_file" in r
        else "not measured" for r in runs.values()) + " |")
    lines.append("| quote checks added for the 30 days | " + " | ".join(f"{r['history_checks']:,}" for r in runs.values()) + " |")

    targets = []
    for page, label in (("index", "Index `/`"), ("question", "Question page"), ("picker", "Compare picker"),
                        ("not_found", "404 page"), ("fit", "Custom fit page `/fit/?...`"),
                        ("api_fit", "`/api/v1/fit` with a custom profile")):
        for n in bigger:
            if page not in runs[("sqlite", n)]["pages"] or page not in sq_s["pages"]:
                continue  # a run saved before the row was measured
            x = _ratio(runs[("sqlite", n)]["pages"][page]["cpu_ms"], sq_s["pages"][page]["cpu_ms"])
            targets.append((f"{label} at {n:,} vs {small:,} offerings (CPU)", "≤ 1.3x", *ratio(x, 1.3)))
    for n in bigger:
        if "data_json_as_of" in runs[("sqlite", n)]["pages"] and "data_json_as_of" in sq_s["pages"]:
            x = _ratio(runs[("sqlite", n)]["pages"]["data_json_as_of"]["cpu_ms"], sq_s["pages"]["data_json_as_of"]["cpu_ms"])
            targets.append((f"`/data.json?as_of=DAY` (a browser's Accept-Encoding) at {n:,} vs {small:,} offerings (CPU)",
                            "≤ 1.3x", *ratio(x, 1.3)))
    for n, run in [(n, r) for (b, n), r in sorted(runs.items()) if b == "sqlite"]:
        turns = "offering_turns" in run["pages"]  # measured in turns (since 2026-12-03 10:00 UTC)
        none, month = ("offering_turns", "offering_30d_turns") if turns else ("offering", "offering_30d")
        x = _ratio(run["pages"][month]["cpu_ms"], run["pages"][none]["cpu_ms"])
        label = "Offering page after 30 days of monitor history vs none"
        if history and n in history:  # the verdict: separate processes, the history committed
            targets.append(history_target(n, history[n]))
            label = "(not in the issue) the same in one process, 30 days added and rolled back"
        targets.append((f"{label} ({n:,}, SQLite, CPU" + (f", {HISTORY_ROUNDS} rounds in turns)" if turns else ")"),
                        "≤ 1.1x", *ratio(x, 1.1)))
        if "offering_1d" in run["pages"]:  # the history's length alone, the first check's content aside
            y = _ratio(run["pages"]["offering_30d"]["cpu_ms"], run["pages"]["offering_1d"]["cpu_ms"])
            targets.append((f"(not in the issue) the same, 30 days vs 1 day of history ({n:,}, SQLite, CPU)",
                            "≤ 1.1x", *ratio(y, 1.1)))
    if interleaved:
        targets += interleaved_targets(interleaved)
    if serve:
        targets += serving_targets(serve)
    load_cpu, export_cpu = sq_l.get("load_cpu_s", sq_l["load_s"]), sq_l.get("export_cpu_s", sq_l["export_s"])
    read = f"read_dir alone {sq_l.get('read_cpu_s', sq_l['read_s']):.1f} s CPU, {sq_l['read_s']:.1f} s wall"
    (load_shown, load_ok), (wall_shown, wall_ok), (export_shown, export_ok) = (
        shown_at_most(load_cpu, 60, SECONDS_DIGITS), shown_at_most(sq_l["load_s"], 60, SECONDS_DIGITS),
        shown_at_most(export_cpu, 30, SECONDS_DIGITS))
    targets.append((f"Load of {large:,} offerings, `trustreg load` end to end: read_dir + registry_load (CPU)",
                    "≤ 60 s", f"{load_shown} s ({read})", load_ok))
    targets.append((f"Load of {large:,} offerings, `trustreg load` end to end (wall)", "≤ 60 s",
                    f"{wall_shown} s", wall_ok))
    targets.append((f"Export of {large:,} offerings (CPU; wall in brackets), first / again", "≤ 30 s",
                    f"{export_shown} s ({sq_l['export_s']:.1f} s wall) / {sq_l['reexport_s']:.1f} s wall",
                    export_ok))
    lines += ["", "### Targets (issue 15)", "", "| Target | Aim | Measured | |", "|---|---|---:|---|"]
    lines += [f"| {t} | {aim} | {got} | {verdict(ok)} |" for t, aim, got, ok in targets]
    if large < ISSUE_LARGE:
        lines += ["", f"The issue's targets are set at {ISSUE_LARGE:,} offerings; the largest registry of this run "
                  f"has {large:,}, so the size and load/export verdicts above are for {large:,}, not {ISSUE_LARGE:,}."]
    if interleaved:
        lines += ["", interleaved_paragraph(interleaved)]
    if serve:
        lines += ["", serving_paragraph(serve, args)]
    for note in args.note:
        lines += ["", note]
    lines.append("")
    return "\n".join(lines)


def history_interleaved(offerings: int, args: argparse.Namespace) -> dict[str, Any]:
    """The history target measured as the PostgreSQL one is: one process with no checks and one with
    30 days of them committed, taking turns (``bench/interleave.py``). In one process the month was
    added in a transaction, measured and rolled back, in blocks minutes apart; its ratios swung
    (1.29x at 2,000 in one run) with no work found that grows with the history."""
    from interleave import measure as measure_interleaved

    return measure_interleaved(offerings, args.interleave_rounds, args.interleave_requests // 2, args.seed,
                               ("sqlite", "sqlite-30d", "sqlite-again"))


def history_target(offerings: int, h: dict[str, Any]) -> tuple[str, str, str, bool]:
    none, month = h["variants"]["sqlite"], h["variants"]["sqlite-30d"]
    shown, ok = ratio(_ratio(month["cpu_median"], none["cpu_median"]), 1.1)
    again = h["variants"].get("sqlite-again")  # a second process with none: how far two processes differ
    control = (f"; a second process with none: {ratio(_ratio(again['cpu_median'], none['cpu_median']), 1.1)[0]}"
               if again else "")
    return (f"Offering page after 30 days of monitor history vs none ({offerings:,}, SQLite, separate processes "
            f"in turns, {h['rounds']} rounds, median CPU)", "≤ 1.1x",
            f"{shown} ({month['cpu_median']:.1f} vs {none['cpu_median']:.1f} ms{control})", ok)


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


# The targets table shows a ratio with two decimals ("1.10x") and a rate as a fraction with one
# ("1/9.9"); each verdict compares the figure shown, so what is read and what is judged agree.
RATIO_DIGITS = 2
FRACTION_DIGITS = 1
SECONDS_DIGITS = 1


def ratio(x: float, aim: float) -> tuple[str, bool]:
    """A ratio's cell of the targets table ("1.10x") and whether it meets ``≤ aim``."""
    figure, ok = shown_at_most(x, aim, RATIO_DIGITS)
    return f"{figure}x", ok


VARIANT_NAMES = {
    "postgres": "PostgreSQL, the settings as deployed",
    "postgres-client-binding": "PostgreSQL with client-side binding, nothing prepared (`TRUSTREG_PG_SERVER_BINDING=0`)",
    "postgres-server-binding": "PostgreSQL with server-side binding, statements prepared (`TRUSTREG_PG_SERVER_BINDING=1`)",
    "postgres-no-health-check": "PostgreSQL as deployed without `CONN_HEALTH_CHECKS`",
}


def _deployed(v: dict[str, Any]) -> str:
    return (f"server-side binding, prepare_threshold {v['prepare_threshold']}" if v["server_side_binding"]
            else "client-side binding, nothing prepared") + (", health checks" if v["health_checks"] else "")


def interleaved_targets(il: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """The offering page on PostgreSQL vs SQLite, from the interleaved measurement: the settings as
    deployed are the issue's target; the other variants are shown beside it."""
    lite, rows = il["variants"]["sqlite"], []
    for variant, v in il["variants"].items():
        if variant == "sqlite":
            continue
        what = (f"as deployed ({_deployed(v)})" if variant == "postgres"
                else f"(not in the issue) {VARIANT_NAMES[variant]}")
        for key, label in (("cpu", "CPU of Django and of the database server process"), ("wall", "wall time")):
            x = _ratio(v[f"{key}_median"], lite[f"{key}_median"])
            rows.append((f"Offering page on PostgreSQL vs SQLite, {what}: {il['offerings']:,} offerings, "
                         f"interleaved, median {label}", "≤ 1.3x", *ratio(x, 1.3)))
    return rows


def interleaved_paragraph(il: dict[str, Any]) -> str:
    load = il["loadavg"]
    parts = []
    for variant, v in il["variants"].items():
        name = "SQLite" if variant == "sqlite" else VARIANT_NAMES[variant]
        name += f" ({_deployed(v)})" if variant == "postgres" else ""
        parts.append(f"{name}: wall {v['wall_median']:.1f} / "
                     f"{v['wall_p95']:.1f} ms, CPU {v['cpu_median']:.1f} / {v['cpu_p95']:.1f} ms (median / p95)"
                     + (f", of which the server process {v['server_ms']:.1f} ms" if variant != "sqlite" else "")
                     + f", {v['queries']} queries, n={v['n']}")
    return (f"**Offering page, PostgreSQL vs SQLite, interleaved** (`bench/interleave.py`, run by this benchmark; "
            f"started {il['started']}, 1-minute load average {min(load):.1f}-{max(load):.1f}). The same page "
            f"(`{il['url']}`, {il['offerings']:,} offerings, page cache off) in one process per database, each "
            f"with the same registry loaded; {il['rounds']} rounds of {il['requests']} requests each, the processes "
            "taking turns within a round (in a different order each round), so that the machine's other work falls "
            "on all alike. CPU per request is the process's plus, on PostgreSQL, the CPU time of the connection's "
            "server process over the round divided by its requests. " + "; ".join(parts) + ".")


# The wrk targets: (answer, aim 1/N, the static file it is set beside, what the row says). The issue's
# are against the site's stylesheet asked as a browser asks; then /data.json against a static file of
# its own size served by the same stack, and both again for a client that accepts only gzip.
SERVING_TARGETS = (
    ("offering", 10, "static", "the offering page vs a static file"),
    ("data_json", 2, "static", "/data.json vs a static file (a browser's Accept-Encoding: brotli)"),
    ("data_json", 2, "static_same_size",
     "/data.json vs a static file of the same size (not in the issue; a browser's Accept-Encoding)"),
    ("data_json_gzip", 2, "static_gzip", "/data.json vs a static file (not in the issue; gzip only)"),
    ("data_json_gzip", 2, "static_same_size_gzip",
     "/data.json vs a static file of the same size (not in the issue; gzip only)"),
)
SERVING_PAIRS = tuple((page, static) for page, _, static, _ in SERVING_TARGETS)


def serving_targets(serve: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """The wrk rows of the targets table, each from its pair of runs back to back (older results: from
    each answer's one run)."""
    rates, cpu = serve["rates"], serve.get("cpu_ms") or {}
    pairs = {(p["page"], p["static"]): p for p in serve.get("pairs", [])}
    rows = []
    for page, want, static, what in SERVING_TARGETS:
        pair = pairs.get((page, static))
        if pair is not None:
            (page_rate, static_rate), (page_cpu, static_cpu) = pair["rate"], pair["cpu_ms"]
        elif static in rates and page in rates:
            page_rate, static_rate, page_cpu, static_cpu = rates[page], rates[static], cpu.get(page), cpu.get(static)
        else:
            continue
        x = _ratio(static_rate, page_rate)
        figure, ok = shown_at_most(x, want, FRACTION_DIGITS)
        shown = f"1/{figure}" + (f" ({page_rate:,.0f} vs {static_rate:,.0f} req/s, back to back)" if pair else "")
        rows.append((f"`wrk -c8` rate of {what} (wall)", f"≥ 1/{want}", shown, ok))
        if page_cpu is not None and static_cpu is not None:  # requests per CPU second of the web processes
            figure, ok = shown_at_most(_ratio(page_cpu, static_cpu), want, FRACTION_DIGITS)
            rows.append((f"`wrk -c8`: requests per web CPU second, {what}", f"≥ 1/{want}",
                         f"1/{figure} ({page_cpu:.2f} vs {static_cpu:.2f} ms CPU per request)", ok))
    return rows


def serving_paragraph(serve: dict[str, Any], args: argparse.Namespace) -> str:
    load = serve.get("loadavg")
    return (f"Serving: the Procfile's `web` (gunicorn.conf.py: {serve.get('web_workers', os.cpu_count())} CPUs + 1 "
            f"workers x 4 threads) and two `monitor worker` processes on one PostgreSQL, {serve['offerings']:,} "
            f"offerings; measured {serve.get('measured_on', '')} at {serve.get('measured_at', '?')}"
            + (f", 1-minute load average {min(load):.1f}-{max(load):.1f}" if load else "") + "; "
            f"`wrk -t2 -c8 -d{serve.get('wrk_seconds', args.wrk_seconds)}s -H 'Accept-Encoding: {BROWSER}'` (as a "
            f"browser asks; the rows ending in _gzip with `-H 'Accept-Encoding: {GZIP_ONLY}'`) from the "
            "same machine (so wrk takes CPU from the server): "
            + ", ".join(f"{k} {v:,.0f} req/s ({serve.get('sizes', {}).get(k, 0):,} bytes"
                        + (f" sent, encoding {serve['encodings'][k]}" if "encodings" in serve else "")
                        + (f", {serve['cpu_ms'][k]:.2f} ms web CPU per request" if "cpu_ms" in serve else "")
                        + ")" for k, v in serve["rates"].items())
            + (". The static file was measured first and last ({:,.0f} and {:,.0f} req/s); its rate is the "
               "mean".format(*serve["static_first_last"]) if "static_first_last" in serve else "")
            + (". Each target's two answers ran back to back, the static file first (their rates are in the "
               "targets table); a rate here is the mean of an answer's runs (the stylesheet's {} runs: "
               "{:,.0f} to {:,.0f} req/s)".format(len(serve["static_runs"]), min(serve["static_runs"]),
                                                  max(serve["static_runs"])) if "static_runs" in serve else "")
            + (f". static is the site's stylesheet, `{serve['paths']['static']}`, sent as it is answered"
               if "paths" in serve else "")
            + ("; static_same_size(_gzip) is random bytes of exactly the size /data.json is sent at with that "
               "Accept-Encoding (its brotli or gzip twin), served by WhiteNoise like the stylesheet"
               if "static_same_size" in serve["rates"] else "")
            + (f". Public generations passed during the runs (each one re-renders cached pages once): "
               f"{serve['generations_during']}" if "generations_during" in serve else "")
            + f". Processes still running at the end: {sum(serve['processes_alive'])} of "
            f"{len(serve['processes_alive'])}.")


def update_serving(doc: str, serve: dict[str, Any], args: argparse.Namespace) -> str:
    """``doc`` with the scale section's serving paragraph and wrk target rows replaced by ``serve``'s
    (``--serving-only``: the other measurements stay as they were)."""
    lines = doc.split("\n")
    start = lines.index(SECTION)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    section = lines[start:end]
    rows = [f"| {t} | {aim} | {got} | {verdict(ok)} |" for t, aim, got, ok in serving_targets(serve)]
    wrk_rows = [i for i, line in enumerate(section) if line.startswith("| `wrk -c8`")]
    if not wrk_rows:
        raise SystemExit(f"bench_scale: no wrk rows in {SECTION!r} to update; run the whole benchmark once")
    section[wrk_rows[0]:wrk_rows[-1] + 1] = rows
    para = next(i for i, line in enumerate(section) if line.startswith("Serving: "))
    section[para] = serving_paragraph(serve, args)
    return "\n".join(lines[:start] + section + lines[end:])


def saved_or_run(name: str, args: argparse.Namespace, run: Any) -> dict[str, Any]:
    saved = Path(args.results) / f"{name}.json" if args.results else None
    if saved is not None and args.reuse and saved.exists():
        print(f"bench_scale: {name}: reusing {saved}", file=sys.stderr, flush=True)
        reused: dict[str, Any] = json.loads(saved.read_text())
        return reused
    result: dict[str, Any] = run()
    result["measured_at"] = time.strftime("%H:%M UTC", time.gmtime())
    result["measured_on"] = time.strftime("%Y-%m-%d", time.gmtime())
    if saved is not None:
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(result))
    return result


def write_section(text: str) -> None:
    replace_section(DOC, SECTION, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--mid", type=int, help="also a registry of this size between the two (e.g. 2000)")
    parser.add_argument("--postgres-large", action="store_true", help="also the large registry on PostgreSQL")
    parser.add_argument("--no-serving", action="store_true", help="skip the Procfile + wrk measurement")
    parser.add_argument("--serving-only", action="store_true",
                        help="only the Procfile + wrk measurement: its paragraph and rows replace the old ones")
    parser.add_argument("--no-interleave", action="store_true",
                        help="skip the offering page on SQLite and PostgreSQL, and with and without 30 days of "
                        "history, measured in separate processes in turns (bench/interleave.py)")
    parser.add_argument("--interleave-rounds", type=int, default=6)
    parser.add_argument("--interleave-requests", type=int, default=40)
    parser.add_argument("--interleave-variants", default="sqlite,postgres,postgres-client-binding,postgres-server-binding",
                        help="see bench/interleave.py")
    parser.add_argument("--serve-offerings", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--page-budget", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--note", action="append", default=[], help="a paragraph to add under the targets")
    parser.add_argument("--results", help="keep each run's figures in this folder as <backend>-<n>.json")
    parser.add_argument("--reuse", action="store_true",
                        help="with --results: take a run's figures from its file when it exists")
    parser.add_argument("--postgres", action="store_true", help=argparse.SUPPRESS)  # run.py passes it on
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--offerings", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        json.dump(worker(args.worker, args.offerings, args), sys.stdout)
        return
    if args.serving_only:
        serve = saved_or_run("serving", args, lambda: serving(args))
        text = update_serving(DOC.read_text(encoding="utf-8"), serve, args)
        if args.no_write:
            print(serving_paragraph(serve, args), *serving_targets(serve), sep="\n")
        else:
            DOC.write_text(text, encoding="utf-8")
            print(f"bench_scale: updated the serving figures of {SECTION!r}", file=sys.stderr)
        return
    plan = [("sqlite", args.small), *([("sqlite", args.mid)] if args.mid else []), ("sqlite", args.large),
            ("postgres", args.small)]
    if args.postgres_large:
        plan.append(("postgres", args.large))
    results = [run_worker(b, n, args) for b, n in plan]
    il = None if args.no_interleave else saved_or_run("interleave", args, lambda: interleaved(args))
    serve = None if args.no_serving else saved_or_run("serving", args, lambda: serving(args))
    history = {} if args.no_interleave else {
        n: saved_or_run(f"history-{n}", args, lambda n=n: history_interleaved(n, args))
        for n in (args.mid, args.large) if n}
    section = render(results, serve, il, args, history)
    if args.no_write:
        print(section)
    else:
        write_section(section)
        print(f"bench_scale: wrote {SECTION!r} in {DOC.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
