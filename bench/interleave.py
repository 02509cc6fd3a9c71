"""The offering page on SQLite and on PostgreSQL, measured side by side (issue 15: PostgreSQL at most
1.3x SQLite).

One process per database (and per PostgreSQL variant), each with the same synthetic registry loaded
and its page rendered on every request (the page cache off); the parent runs them in turn, a round
of requests each, for several rounds, so the machine's other work (it is shared) falls on all of them
alike. A request's CPU time is this process's plus, on PostgreSQL, the CPU the connection's server
process used over the round (read from /proc in 10 ms ticks) divided by the round's requests.

Used by bench_scale.py (scale_interleaved.py); on its own (prints the figures as JSON):

    python bench/interleave.py [--offerings 200] [--rounds 5] [--requests 40] [--variants sqlite,postgres,...]

Variants: ``sqlite``; ``sqlite-30d`` (SQLite with 30 days of monitor history on the page's sources,
committed before the first request: the history target measured without a rolled-back transaction
or an order in one process); ``sqlite-again`` (the same as ``sqlite`` in another process: the spread
between two processes in one state, the control for the others); ``postgres`` (the settings as deployed); ``postgres-client-binding``
(``TRUSTREG_PG_SERVER_BINDING=0``: parameters bound by psycopg, nothing prepared);
``postgres-server-binding`` (``TRUSTREG_PG_SERVER_BINDING=1``: bound by the server, statements
prepared from their second run); ``postgres-no-health-check`` (the deployed settings without
Django's ``CONN_HEALTH_CHECKS``).

``measure_sizes`` (``--sizes 200,20000``) runs one SQLite process per registry size instead, and
times each page with a size target (``scale_config.SIZE_PAGES``) in turns across them: the size
ratios then no longer carry the minutes between one size's column and the next.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = os.environ.get("TRUSTREG_BENCH_SCALE_DB", "trustreg_bench_scale")  # one per engineer
VARIANTS = ("sqlite", "sqlite-30d", "sqlite-again", "postgres", "postgres-client-binding", "postgres-server-binding", "postgres-no-health-check")
DEFAULT_VARIANTS = ("sqlite", "sqlite-30d", "sqlite-again", "postgres", "postgres-client-binding", "postgres-server-binding")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _database(variant: str) -> str:
    return f"{DB_NAME}_il_{variant.replace('-', '_')}"


def _postgres(name: str, action: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if action == "create":
            conn.execute(f"CREATE DATABASE {name}")


# -- One variant's process: load once, then answer "round N" with that many timed requests --------


def serve(variant: str, offerings: int, seed: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=f"trustreg-interleave-{variant}-"))
    try:
        os.environ["TRUSTREG_VAR"] = str(tmp / "var")
        (tmp / "var" / "static").mkdir(parents=True)
        os.environ["DATABASE_URL"] = (f"sqlite:///{tmp / 'var' / 'b.sqlite3'}" if variant.startswith("sqlite")
                                      else f"postgres://postgres@127.0.0.1:5432/{_database(variant)}")
        os.environ["TRUSTREG_CONN_MAX_AGE"] = "86400"  # one connection (and server process) throughout
        os.environ.pop("TRUSTREG_PG_SERVER_BINDING", None)  # "postgres": as deployed
        if variant in ("postgres-client-binding", "postgres-server-binding"):
            os.environ["TRUSTREG_PG_SERVER_BINDING"] = "1" if variant == "postgres-server-binding" else "0"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
        sys.path.insert(0, str(BENCH))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client, override_settings
        from scale_config import page_urls
        from synthetic import synthetic_bundle

        from trustreg.registry.services import registry_load

        if variant == "postgres-no-health-check":
            connection.settings_dict["CONN_HEALTH_CHECKS"] = False
        bundle = synthetic_bundle(offerings, seed=seed)
        call_command("migrate", verbosity=0, interactive=False)
        with override_settings(TRUSTREG_BULK_ON_COMMIT=False):
            registry_load(actor="bench", bundle=bundle, reason="bench: load")
        mid = bundle.offerings[len(bundle.offerings) // 2]
        urls = page_urls(bundle)
        url = urls["offering"][0]
        if variant == "sqlite-30d":
            from scale_history import HISTORY_DAYS, add_monitor_history, page_sources

            with override_settings(TRUSTREG_BULK_ON_COMMIT=False):
                add_monitor_history(page_sources(mid), HISTORY_DAYS)
        client = Client()
        rendered = override_settings(TRUSTREG_PAGE_CACHE=False)
        with rendered:
            for _ in range(5):
                assert client.get(url).status_code == 200, url
        backend = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend = cursor.fetchone()[0]
        options = connection.settings_dict.get("OPTIONS", {})
        print(json.dumps({"ready": True, "url": url, "urls": urls, "server_side_binding": options.get("server_side_binding") is True,
                          "prepare_threshold": options.get("prepare_threshold"),
                          "health_checks": connection.settings_dict["CONN_HEALTH_CHECKS"]}), flush=True)
        for line in sys.stdin:
            command, *rest = line.split()
            if command != "round":
                break
            page_url, status = urls[rest[1]] if len(rest) > 1 else (url, 200)  # "round N [PAGE]"
            with rendered:
                print(json.dumps(_round(client, page_url, status, int(rest[0]), backend)), flush=True)
        connection.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _process_cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _round(client: Any, url: str, status: int, requests: int, backend: int | None) -> dict[str, Any]:
    from django.db import connection

    queries = []  # the queries one request runs (Django's; a health check is psycopg's own)

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    answered = client.get(url).status_code  # the connection checked and warm, as between requests
    assert answered == status, (url, answered)
    with connection.execute_wrapper(count):
        client.get(url)
    wall, cpu = [], []
    server_before = _process_cpu(backend)
    for _ in range(requests):
        t0, c0 = time.perf_counter(), time.process_time()
        client.get(url)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    server_ms = (_process_cpu(backend) - server_before) * 1000 / requests
    return {"wall": wall, "cpu": [c + server_ms for c in cpu], "server_ms": server_ms,
            "queries": len(queries)}


# -- The parent: rounds in turn, then medians and p95 per variant -----------------------------------


def measure(offerings: int = 200, rounds: int = 5, requests: int = 40, seed: int = 2,
            variants: tuple[str, ...] = DEFAULT_VARIANTS) -> dict[str, Any]:
    procs: dict[str, subprocess.Popen[str]] = {}
    started = time.strftime("%H:%M UTC", time.gmtime())
    loads = [os.getloadavg()[0]]
    try:
        for variant in variants:
            if variant.startswith("postgres"):
                _postgres(_database(variant), "create")
            procs[variant] = subprocess.Popen(
                [sys.executable, __file__, "--serve", variant, "--offerings", str(offerings), "--seed", str(seed)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        ready = {v: _answer(p, v) for v, p in procs.items()}
        samples: dict[str, dict[str, list[float]]] = {v: {"wall": [], "cpu": [], "server": [], "queries": []}
                                                       for v in variants}
        for r in range(rounds):
            # Each round in a different order, so that no variant always follows the same one.
            for variant in variants[r % len(variants):] + variants[:r % len(variants)]:
                assert procs[variant].stdin is not None
                procs[variant].stdin.write(f"round {requests}\n")
                procs[variant].stdin.flush()
                got = _answer(procs[variant], variant)
                samples[variant]["wall"] += got["wall"]
                samples[variant]["cpu"] += got["cpu"]
                samples[variant]["server"].append(got["server_ms"])
                samples[variant]["queries"].append(got["queries"])
            loads.append(os.getloadavg()[0])
    finally:
        _stop(procs)
        for variant in procs:
            if variant.startswith("postgres"):
                _postgres(_database(variant), "drop")
    out: dict[str, Any] = {"offerings": offerings, "rounds": rounds, "requests": requests, "started": started,
                           "loadavg": loads, "url": ready[variants[0]]["url"], "variants": {}}
    for variant, s in samples.items():
        out["variants"][variant] = {
            "wall_median": statistics.median(s["wall"]), "wall_p95": percentile(s["wall"], 95),
            "cpu_median": statistics.median(s["cpu"]), "cpu_p95": percentile(s["cpu"], 95),
            "server_ms": statistics.median(s["server"]), "queries": max(s["queries"]), "n": len(s["wall"]),
            **{k: ready[variant][k] for k in ("server_side_binding", "prepare_threshold", "health_checks")},
        }
    return out


def measure_sizes(sizes: tuple[int, ...], pages: tuple[str, ...], rounds: int = 6, requests: int = 10,
                  seed: int = 2) -> dict[str, Any]:
    """Each page at each registry size, one SQLite process a size, the sizes taking turns page by
    page (in a different order each round): medians and p95 per size and page."""
    procs: dict[int, subprocess.Popen[str]] = {}
    started = time.strftime("%H:%M UTC", time.gmtime())
    loads = [os.getloadavg()[0]]
    samples: dict[int, dict[str, dict[str, list[Any]]]] = {
        n: {p: {"wall": [], "cpu": [], "queries": []} for p in pages} for n in sizes}
    try:
        for n in sizes:
            procs[n] = subprocess.Popen(
                [sys.executable, __file__, "--serve", "sqlite", "--offerings", str(n), "--seed", str(seed)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        ready = {n: _answer(p, f"sqlite {n}") for n, p in procs.items()}
        for r in range(rounds):
            order = sizes[r % len(sizes):] + sizes[:r % len(sizes)]
            for page in pages:
                for n in order:
                    stdin = procs[n].stdin
                    assert stdin is not None
                    stdin.write(f"round {requests} {page}\n")
                    stdin.flush()
                    got = _answer(procs[n], f"sqlite {n}")
                    samples[n][page]["wall"] += got["wall"]
                    samples[n][page]["cpu"] += got["cpu"]
                    samples[n][page]["queries"].append(got["queries"])
            loads.append(os.getloadavg()[0])
    finally:
        _stop(procs)
    return {"sizes": list(sizes), "rounds": rounds, "requests": requests, "started": started, "loadavg": loads,
            "urls": {p: ready[sizes[0]]["urls"][p][0] for p in pages},
            "pages": {p: {str(n): _figures(samples[n][p]) for n in sizes} for p in pages}}


def _figures(s: dict[str, list[Any]]) -> dict[str, Any]:
    return {"cpu_median": statistics.median(s["cpu"]), "cpu_p95": percentile(s["cpu"], 95),
            "wall_median": statistics.median(s["wall"]), "queries": max(s["queries"]), "n": len(s["cpu"])}


def _stop(procs: dict[Any, subprocess.Popen[str]]) -> None:
    for proc in procs.values():
        if proc.poll() is None and proc.stdin is not None:
            proc.stdin.write("quit\n")
            proc.stdin.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


def _answer(proc: subprocess.Popen[str], variant: str) -> dict[str, Any]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise SystemExit(f"interleave: the {variant} process ended (exit {proc.wait()})")
    answer: dict[str, Any] = json.loads(line)
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offerings", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--variants", default=",".join(DEFAULT_VARIANTS), help=f"some of {', '.join(VARIANTS)}")
    parser.add_argument("--sizes", help="e.g. 200,20000: each page with a size target at these sizes, in turns")
    parser.add_argument("--serve", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.offerings, args.seed)
        return
    if args.sizes:
        from scale_config import SIZE_PAGES

        sizes = tuple(int(n) for n in args.sizes.split(","))
        print(json.dumps(measure_sizes(sizes, tuple(SIZE_PAGES), args.rounds, args.requests, args.seed), indent=1))
        return
    variants = tuple(args.variants.split(","))
    if variants[0] != "sqlite" or not set(variants) <= set(VARIANTS):
        raise SystemExit(f"interleave: --variants starts with sqlite and names some of {', '.join(VARIANTS)}")
    print(json.dumps(measure(args.offerings, args.rounds, args.requests, args.seed, variants), indent=1))


if __name__ == "__main__":
    main()
