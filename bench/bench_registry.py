"""Registry core benchmark (issue 2): the one command behind `make bench`.

For each database (SQLite always, PostgreSQL with ``--postgres``) and each registry size (a small
one and the large synthetic one), a fresh worker process gets a fresh database and measures:
``trustreg check`` (read_dir), the first load and an idempotent reload (registry_load), the export
(bundle_from_db + write_dir), the data.json export, and the server time and SQL query count of the
public pages through Django's test client. The figures replace the "Registry core (issue 2)"
section of docs/benchmarks.md.

    python bench/bench_registry.py [--postgres] [--offerings 2000] [--small 20] [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchdoc import replace_section

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Registry core (issue 2)"
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
POSTGRES_BENCH_URL = "postgres://postgres@127.0.0.1:5432/trustreg_bench"
PAGES = ("index", "offering", "compare", "question")


# --------------------------------------------------------------------------------------------
# Worker: one database, one registry size, in its own process (Django settings are per process).


def worker(
    backend: str, offerings: int, requests: int, warmup: int, seed: int, page_budget: float
) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix=f"trustreg-bench-{backend}-{offerings}-"))
    try:
        return measure(tmp, backend, offerings, requests, warmup, seed, page_budget)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def measure(
    tmp: Path, backend: str, offerings: int, requests: int, warmup: int, seed: int, page_budget: float
) -> dict[str, Any]:
    os.environ["TRUSTREG_VAR"] = str(tmp / "var")
    os.environ["DATABASE_URL"] = (
        POSTGRES_BENCH_URL if backend == "postgres" else f"sqlite:///{tmp / 'var' / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
    (tmp / "var" / "static").mkdir(parents=True)  # STATIC_ROOT, so whitenoise finds it
    sys.path.insert(0, str(BENCH))
    import django

    django.setup()
    from django.core.management import call_command
    from synthetic import bundle_size, synthetic_bundle

    from trustreg.domain.bundle import read_dir, write_dir

    result: dict[str, Any] = {"backend": backend, "loadavg": [os.getloadavg()[0]]}
    bundle = synthetic_bundle(offerings, seed=seed)
    result["size"] = bundle_size(bundle)
    registry = tmp / "registry"
    write_dir(bundle, registry)
    result["size"]["data_bytes"] = sum(p.stat().st_size for p in registry.rglob("*.yaml"))

    t0 = time.perf_counter()
    checked = read_dir(registry)  # what `trustreg check` does; raises BundleError on any problem
    result["check_s"] = time.perf_counter() - t0
    assert checked == bundle, "the synthetic registry does not read back as written"

    call_command("migrate", verbosity=0, interactive=False)
    from trustreg.registry.services import registry_load

    t0 = time.perf_counter()
    first = registry_load(actor="bench", bundle=checked, reason="bench: first load")
    result["load_first_s"] = time.perf_counter() - t0
    assert first.created == result["size"]["cells"], first
    t0 = time.perf_counter()
    again = registry_load(actor="bench", bundle=checked, reason="bench: reload")
    result["load_again_s"] = time.perf_counter() - t0
    assert not again.changed and again.unchanged == first.created, again

    from trustreg.registry.datajson import export_document
    from trustreg.registry.selectors import bundle_from_db

    t0 = time.perf_counter()
    exported = bundle_from_db()
    write_dir(exported, tmp / "export")
    result["export_s"] = time.perf_counter() - t0
    assert exported == bundle, "the export differs from what was loaded"

    t0 = time.perf_counter()
    doc = json.dumps(export_document(), ensure_ascii=False)
    result["data_json_s"] = time.perf_counter() - t0
    result["data_json_bytes"] = len(doc.encode())

    result["pages"] = measure_pages(bundle, requests, warmup, page_budget)
    result["connect_ms"] = connection_setup_ms()
    result["db"] = database_version()
    result["loadavg"].append(os.getloadavg()[0])
    from django.db import connections

    connections.close_all()
    return result


def page_urls(bundle: Any) -> dict[str, str]:
    """A representative page of each kind: offerings from the middle of the registry."""
    offerings = bundle.offerings
    a, b = offerings[len(offerings) // 2], offerings[len(offerings) // 3]
    retention = bundle.catalogue.get("retention_zdr") or bundle.catalogue.dimensions[0]
    return {
        "index": "/",
        "offering": f"/offerings/{a.id}/",
        "compare": f"/compare/{a.id}-vs-{b.id}/",
        "question": f"/questions/{retention.slug}/",
    }


def measure_pages(bundle: Any, requests: int, warmup: int, budget: float) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    pages: dict[str, Any] = {}
    for name, url in page_urls(bundle).items():
        for _ in range(warmup):
            assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        queries = len(ctx.captured_queries)  # read now: the next request clears the query log
        times = []
        started = time.perf_counter()
        # Many requests, but no more than ``budget`` seconds per page (the index of a large
        # registry is slow by nature); the number actually made is reported with the figures.
        while len(times) < requests and (len(times) < 20 or time.perf_counter() - started < budget):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        pages[name] = {
            "url": url, "n": len(times), "median_ms": statistics.median(times),
            "p95_ms": percentile(times, 95), "queries": queries, "bytes": len(response.content),
        }
    return pages


def connection_setup_ms(times: int = 30) -> float:
    """Median cost of opening a database connection. The test client keeps one connection, but
    with CONN_MAX_AGE=0 (the settings' default) a real server opens one for every request."""
    from django.db import connection

    samples = []
    for _ in range(times):
        connection.close()
        t0 = time.perf_counter()
        connection.ensure_connection()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("select sqlite_version()")
            return f"SQLite {cur.fetchone()[0]}"
        cur.execute("show server_version")
        return f"PostgreSQL {cur.fetchone()[0]}"


# --------------------------------------------------------------------------------------------
# Driver: run the workers, write the section of docs/benchmarks.md.


def postgres_database(action: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS trustreg_bench WITH (FORCE)")
        if action == "create":
            conn.execute("CREATE DATABASE trustreg_bench")


def run_worker(backend: str, offerings: int, args: argparse.Namespace) -> dict[str, Any]:
    print(f"bench: {backend}, {offerings} offerings ...", file=sys.stderr, flush=True)
    if backend == "postgres":
        postgres_database("create")
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--worker", backend, "--offerings", str(offerings),
             "--requests", str(args.requests), "--warmup", str(args.warmup), "--seed", str(args.seed),
             "--page-budget", str(args.page_budget)],
            check=True, capture_output=True, text=True, cwd=ROOT,
        )
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stdout + exc.stderr)
        raise SystemExit(f"bench: the {backend} worker for {offerings} offerings failed") from None
    finally:
        if backend == "postgres":
            postgres_database("drop")
    result: dict[str, Any] = json.loads(out.stdout)
    print(f"bench: {backend}, {offerings} offerings: " + summary_line(result), file=sys.stderr, flush=True)
    return result


def summary_line(r: dict[str, Any]) -> str:
    pages = ", ".join(f"{k} {v['median_ms']:.1f} ms/{v['queries']} q" for k, v in r["pages"].items())
    return (f"check {r['check_s']:.1f} s, load {r['load_first_s']:.1f} s, reload {r['load_again_s']:.1f} s, "
            f"export {r['export_s']:.1f} s, data.json {r['data_json_s']:.1f} s; {pages}")


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc){f', {cpu}' if cpu else ''}; Python {platform.python_version()}"


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def render(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    sizes = sorted({r["size"]["offerings"] for r in results})
    by_size = {r["size"]["offerings"]: r["size"] for r in results}
    loads = [x for r in results for x in r["loadavg"]]
    lines = [
        SECTION,
        "",
        f"Measured {time.strftime('%Y-%m-%d', time.gmtime())} by `make bench` (`bench/bench_registry.py"
        f"{' --postgres' if args.postgres else ''}`) on {machine()}; 1-minute load average "
        f"{min(loads):.1f}-{max(loads):.1f} during the runs (the machine is shared, so figures are noisy).",
        f"Synthetic registry from `bench/synthetic.py` (seed {args.seed}): the bundled catalogue of "
        "11 dimensions, parties with cells inherited along the two-level rule, offerings' own cells, "
        "overrides and scope entries, notes of 300-900 characters, 1-3 quoted citations per cell, "
        "every grade including not reviewed.",
        "",
        "| Dataset | " + " | ".join(f"{n:,} offerings" for n in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for key, label in [("offerings", "offerings"), ("parties", "parties"),
                       ("cells", "recorded cells (party, offering, scope)"),
                       ("resolved_cells", "resolved cells (offerings x dimensions)"),
                       ("citations", "citations"), ("annotations", "annotations")]:
        lines.append(f"| {label} | " + " | ".join(f"{by_size[n][key]:,}" for n in sizes) + " |")
    megabytes = [f"{by_size[n]['data_bytes'] / 1e6:.1f} MB" for n in sizes]
    lines.append("| data files | " + " | ".join(megabytes) + " |")
    for backend in ("sqlite", "postgres"):
        runs = {r["size"]["offerings"]: r for r in results if r["backend"] == backend}
        if not runs:
            continue
        db = next(iter(runs.values()))["db"]
        lines += [
            "", f"### {db}", "",
            "Page times are server time through Django's test client (middleware, selectors, template), "
            "median and p95 over n requests after warm-up; queries are per request.",
            "",
            "| Measurement | " + " | ".join(f"{n:,} offerings" for n in sizes) + " |",
            "|---|" + "---:|" * len(sizes),
        ]
        for run in runs.values():
            run["cli_load_s"] = run["check_s"] + run["load_first_s"]
        for key, label in [("check_s", "`trustreg check` (read_dir, validate)"),
                           ("load_first_s", "load, first (registry_load, empty database)"),
                           ("cli_load_s", "`trustreg load` in all (read_dir + first registry_load)"),
                           ("load_again_s", "load again, unchanged (idempotent, no revisions)"),
                           ("export_s", "export (bundle_from_db + write_dir)"),
                           ("data_json_s", "data.json export (export_document + JSON)")]:
            lines.append(f"| {label} | " + " | ".join(seconds(runs[n][key]) for n in sizes) + " |")
        for page in PAGES:
            cells = []
            for n in sizes:
                p = runs[n]["pages"][page]
                cells.append(f"{p['median_ms']:.1f} / {p['p95_ms']:.1f} ms, {p['queries']} q (n={p['n']})")
            url = runs[sizes[-1]]["pages"][page]["url"]
            lines.append(f"| `{page_path(page, url)}` median / p95, queries | " + " | ".join(cells) + " |")
        lines.append("| opening a database connection (median) | "
                     + " | ".join(f"{runs[n]['connect_ms']:.2f} ms" for n in sizes) + " |")
    lines += ["", NOTES.strip(), ""]
    return "\n".join(lines)


def page_path(page: str, url: str) -> str:
    return {"index": "/", "offering": "/offerings/<id>/", "compare": "/compare/<a>-vs-<b>/",
            "question": "/questions/<slug>/"}[page]


NOTES = """
Aims (issue 2): offering page under 15 ms median; load of 2,000 offerings under 20 s; queries per
page must not grow with the registry (compare the two columns: the counts are the same).

Where the time goes (from cProfile runs of the 2,000-offering registry; `bench/bench_registry.py`
measures, it does not profile):

- `/` and `/questions/<slug>/` render one page of offerings (100 and 60), so rendering no longer
  grows with the registry; what still grows is the selectors resolving every offering's cells in
  Python before filtering and sorting (`index_view`: 22,000 resolved cells; `question_view`: one
  dimension for every offering, with its citations). Their query counts stay flat.
- `/compare/<a>-vs-<b>/` renders only its two offerings (the picker of every offering moved to
  `/compare/`), so its time is flat.
- `/offerings/<id>/` has 9 queries: 6 for the cells and 3 for the evidence monitor's dates of every
  cited source (batched, `evidence.selectors.monitor_dates_many`).
- `trustreg check` parses YAML with ruamel.yaml's C parser (`ruamel.yaml.clib`, same YAML 1.2
  rules), about 8x faster than its pure-Python parser. Export is dominated by `yamlio.dump`
  (ruamel's round-trip emitter, pure Python, needed for the folded and literal blocks that keep
  data files readable in git).
- On PostgreSQL every query is a round trip to another process; connections are kept between
  requests (`TRUSTREG_CONN_MAX_AGE`, default 60 s) so a request does not pay "opening a database
  connection".
"""


def write_section(text: str) -> None:
    replace_section(DOC, SECTION, text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true",
                        help="also measure on PostgreSQL at 127.0.0.1:5432")
    parser.add_argument("--offerings", type=int, default=2000)
    parser.add_argument("--small", type=int, default=20, help="the small registry (query counts must match)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--page-budget", type=float, default=30.0,
                        help="seconds of timed requests per page at most")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing it")
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        result = worker(args.worker, args.offerings, args.requests, args.warmup, args.seed, args.page_budget)
        json.dump(result, sys.stdout)
        return
    results = []
    for backend in ["sqlite", "postgres"] if args.postgres else ["sqlite"]:
        for n in (args.small, args.offerings):
            results.append(run_worker(backend, n, args))
    for backend in {r["backend"] for r in results}:
        runs = [r for r in results if r["backend"] == backend]
        for page in PAGES:
            counts = {r["size"]["offerings"]: r["pages"][page]["queries"] for r in runs}
            if len(set(counts.values())) > 1:
                print(f"bench: WARNING {backend} {page} queries grow with the registry: {counts}",
                      file=sys.stderr)
    section = render(results, args)
    if args.no_write:
        print(section)
    else:
        write_section(section)
        print(f"bench: wrote {SECTION!r} in {DOC.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
