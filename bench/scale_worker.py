"""One registry measured in one process: ``bench_scale.py --worker`` (a fresh database, the load,
the export, the pages' server times, 30 days of history), and the parent's side that starts it."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scale_config import (
    API_FIT_QUERY,
    BENCH,
    BROWSER,
    DATA_JSON,
    FIT_QUERY,
    HISTORY_ROUNDS,
    OTHER_PAGES,
    OTHER_PAGES_UP_TO,
    PG_URL,
    ROOT,
    postgres,
)
from scale_history import HISTORY_DAYS, add_monitor_history, page_sources
from scale_timing import own_and_workers_cpu, pooled, process_cpu, server_process, time_page, tree_digest


def worker(backend: str, offerings: int, args: argparse.Namespace) -> dict[str, Any]:
    """One registry measured in this process, step by step; the figures as ``bench_scale.py`` keeps them."""
    tmp = Path(tempfile.mkdtemp(prefix=f"trustreg-scale-{backend}-{offerings}-"))
    try:
        _environment(backend, tmp)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from synthetic import synthetic_bundle

        r: dict[str, Any] = {"backend": backend, "offerings": offerings, "loadavg": [os.getloadavg()[0]]}
        bundle = synthetic_bundle(offerings, seed=args.seed)
        call_command("migrate", verbosity=0, interactive=False)
        server = server_process(connection)
        r.update(_load(bundle, tmp / "registry", server))
        r["bulk_s"] = _bulk_build()
        r.update(_export(bundle, tmp / "export", server))
        r.update(_pages(bundle, offerings, args))
        r["cpu_includes_server"] = backend == "postgres"
        r["loadavg"].append(os.getloadavg()[0])
        from django.db import connections

        connections.close_all()
        return r
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _environment(backend: str, tmp: Path) -> None:
    """Settings for a fresh database and var folder under ``tmp`` (read when Django is set up)."""
    os.environ["TRUSTREG_VAR"] = str(tmp / "var")
    os.environ["DATABASE_URL"] = PG_URL if backend == "postgres" else f"sqlite:///{tmp / 'var' / 'b.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
    # one database connection (and server process) for the whole run, whose CPU time is read
    os.environ["TRUSTREG_CONN_MAX_AGE"] = "86400"
    (tmp / "var" / "static").mkdir(parents=True)


def _no_bulk() -> Any:
    """The bulk files are rebuilt after every commit that changes published state; here that is timed
    on its own after the load (``_bulk_build``), and left out of the load and the monitor passes."""
    from django.test import override_settings

    return override_settings(TRUSTREG_BULK_ON_COMMIT=False)


def _rendered() -> Any:
    """Each page rendered on every request (the page cache off): the work a change costs, and what grows."""
    from django.test import override_settings

    return override_settings(TRUSTREG_PAGE_CACHE=False)


def _load(bundle: Any, source: Path, server: int | None) -> dict[str, Any]:
    """`trustreg load DIR` from a folder of data files: the command whole (read_dir, then
    registry_load in one transaction), and read_dir of the same folder alone just before."""
    from django.core.management import call_command

    from trustreg.domain.bundle import read_dir, write_dir

    r: dict[str, Any] = {}
    write_dir(bundle, source)
    # CPU: this process's and its YAML workers' (process_time alone would leave the parse out)
    t0, c0 = time.perf_counter(), own_and_workers_cpu()
    assert read_dir(source) == bundle, "the data files do not read back as the synthetic registry"
    r["read_s"], r["read_cpu_s"] = time.perf_counter() - t0, own_and_workers_cpu() - c0
    gc.collect()
    t0, c0, b0 = time.perf_counter(), own_and_workers_cpu(), process_cpu(server)
    with _no_bulk():
        call_command("registry_load", str(source), reason="bench: load", stdout=io.StringIO())
    r["load_s"] = time.perf_counter() - t0
    r["load_cpu_s"] = own_and_workers_cpu() - c0 + process_cpu(server) - b0
    r["load_is_command"] = True
    return r


def _bulk_build() -> float:
    """The bulk files built after the load: seconds."""
    from trustreg.bulk.build import build

    t0 = time.perf_counter()
    build()
    return time.perf_counter() - t0


def _export(bundle: Any, out: Path, server: int | None) -> dict[str, Any]:
    """The export (bundle_from_db + write_dir) into a new folder, then again into the same folder,
    which must rewrite nothing and change no byte."""
    from trustreg.domain.bundle import read_dir, write_dir
    from trustreg.registry.selectors import bundle_from_db

    r: dict[str, Any] = {}
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
    return r


def _pages(bundle: Any, offerings: int, args: argparse.Namespace) -> dict[str, Any]:
    """The pages' server times (``pages``), with the monitor history the offering page is timed
    after (``history_checks``, ``history_s``) and the past day's kept file (``as_of_file``)."""
    from django.test import Client

    r: dict[str, Any] = {}
    client = Client()
    mid = bundle.offerings[len(bundle.offerings) // 2]
    dim = bundle.catalogue.get("retention_zdr") or bundle.catalogue.dimensions[0]
    urls = {"index": ("/", 200), "question": (f"/questions/{dim.slug}/", 200), "picker": ("/compare/", 200),
            "not_found": ("/offerings/no-such-offering/", 404), "offering": (f"/offerings/{mid.id}/", 200),
            # a profile of one's own (no preset's built results): the fit check counted and paged in SQL
            "fit": (FIT_QUERY, 200), "api_fit": (API_FIT_QUERY, 200)}
    # Each page rendered, then the index and the offering page as a visitor gets them, served from
    # the page cache.
    with _rendered():
        pages = {name: time_page(client, url, status, args.requests, args.page_budget)
                 for name, (url, status) in urls.items()}
    for name in ("index", "offering"):
        pages[f"{name}_cached"] = time_page(client, urls[name][0], 200, args.requests, args.page_budget / 4)
    r.update(_history(client, mid, args, pages))
    pages["data_json"] = time_page(client, DATA_JSON, 200, args.requests, args.page_budget / 4)
    r.update(_as_of(client, args, pages))
    for name, url in OTHER_PAGES.items() if offerings <= OTHER_PAGES_UP_TO else ():
        with _rendered():
            pages[name] = time_page(client, url, 200, 1, 0, minimum=1)
    r["pages"] = pages
    return r


def _history(client: Any, mid: Any, args: argparse.Namespace, pages: dict[str, Any]) -> dict[str, Any]:
    """The offering page after one monitor pass (undone), with none and with 30 days in turns, then
    after 30 days committed; adds its rows to ``pages`` and returns what the 30 days took."""
    from django.db import transaction

    url = f"/offerings/{mid.id}/"
    sources = page_sources(mid)
    with transaction.atomic(), _rendered(), _no_bulk():  # one monitor pass: what it adds, then undone
        add_monitor_history(sources, 1)
        pages["offering_1d"] = time_page(client, url, 200, args.requests, args.page_budget)
        transaction.set_rollback(True)
    # The history target, measured in turns: the page with no checks, then with 30 days of them
    # (added in a transaction, measured, rolled back), HISTORY_ROUNDS times, so that the machine's
    # other work falls on both alike instead of on whichever ran at a busier minute.
    none_runs, month_runs = [], []
    per_round = max(args.requests // HISTORY_ROUNDS, 10)
    for _ in range(HISTORY_ROUNDS):
        with _rendered():
            none_runs.append(time_page(client, url, 200, per_round, args.page_budget / HISTORY_ROUNDS, minimum=10))
        with transaction.atomic(), _rendered(), _no_bulk():
            add_monitor_history(sources, HISTORY_DAYS)
            month_runs.append(time_page(client, url, 200, per_round, args.page_budget / HISTORY_ROUNDS, minimum=10))
            transaction.set_rollback(True)
    pages["offering_turns"], pages["offering_30d_turns"] = pooled(none_runs), pooled(month_runs)
    r: dict[str, Any] = {}
    t0 = time.perf_counter()
    with _no_bulk():
        r["history_checks"] = add_monitor_history(sources, HISTORY_DAYS)
    r["history_s"] = time.perf_counter() - t0
    with _rendered():
        pages["offering_30d"] = time_page(client, url, 200, args.requests, args.page_budget)
    return r


def _as_of(client: Any, args: argparse.Namespace, pages: dict[str, Any]) -> dict[str, Any]:
    """A past day's data.json (bulk.dayserve): the day's file the build kept (the day of the load,
    served like any other kept day), asked as a browser asks (its brotli twin), and by a client that
    takes no encoding (the gzip twin decompressed as it is sent, in the process: timed whole). Adds
    its rows to ``pages`` and returns the kept file's sizes (``as_of_file``) when there is one."""
    from django.test import Client

    from trustreg.bulk import daystore

    day = dt.datetime.now(dt.UTC).date().isoformat()
    pages["data_json_as_of"] = time_page(Client(headers={"accept-encoding": BROWSER}), f"{DATA_JSON}?as_of={day}",
                                         200, args.requests, args.page_budget / 4)
    pages["data_json_as_of_plain"] = time_page(client, f"{DATA_JSON}?as_of={day}", 200, args.requests,
                                               args.page_budget / 4, minimum=5, consume=True)
    kept = (daystore.read_index() or daystore.Index()).days.get(dt.date.fromisoformat(day))
    if kept is None:
        return {}
    return {"as_of_file": {"size": kept.size, "gzip_size": kept.gzip_size, "br_size": kept.br_size}}


def measure(backend: str, offerings: int, args: argparse.Namespace) -> dict[str, Any]:
    print(f"bench_scale: {backend}, {offerings} offerings ...", file=sys.stderr, flush=True)
    if backend == "postgres":
        postgres("create")
    try:
        out = subprocess.run(
            [sys.executable, str(BENCH / "bench_scale.py"), "--worker", backend, "--offerings", str(offerings), "--requests",
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
