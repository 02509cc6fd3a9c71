"""Benchmark: the changelog and as-of pages with 100,000 revisions in the database.

    .venv/bin/python bench/bench_history.py              # SQLite (var/bench/history.sqlite3)
    .venv/bin/python bench/bench_history.py --postgres   # PostgreSQL at 127.0.0.1, database
                                                         # trustreg_bench_history (dropped and re-created)

Builds a fresh database: the bundled registry plus synthetic offerings, loaded through
``registry_load``, then synthetic revisions (bulk_create) spread over the two years before the load,
up to the wanted total. Measures server time in-process with Django's test Client (many requests per
page, after a warm-up) and the SQL query count of each page, and writes the section
"## History and changelog" of docs/benchmarks.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from trustreg.domain.fieldtypes import replace

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## History and changelog"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "trustreg_bench_history"


def configure(use_postgres: bool) -> str:
    if use_postgres:
        import psycopg

        with psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_BENCH_DB}"
        label = "PostgreSQL"
    else:
        path = ROOT / "var" / "bench" / "history.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        label = "SQLite"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    return label


def build(total_revisions: int, synthetic_offerings: int, seed: int) -> dict:
    """Fill the database; returns what was built."""
    from django.core.management import call_command
    from django.db import connection

    from trustreg.domain.bundle import cell_data, read_dir
    from trustreg.domain.grades import Grade
    from trustreg.registry.models import Revision
    from trustreg.registry.services import registry_load

    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    bundle = read_dir(ROOT / "data" / "registry")
    template = next(o for o in bundle.offerings if o.id == "azure-openai")
    parties = [p.id for p in bundle.parties]
    extra = tuple(
        replace(
            template,
            id=f"synthetic-{i:04d}",
            name=f"Synthetic offering {i}",
            developer=rng.choice(parties),
            platform=rng.choice(parties),
            sort_order=100 + i,
            scopes={},
            cells={d: replace(c, override_reason="") for d, c in template.cells.items()},
        )
        for i in range(synthetic_offerings)
    )
    bundle = replace(bundle, offerings=bundle.offerings + extra)
    t0 = time.perf_counter()
    registry_load(actor="bench", bundle=bundle, reason="Benchmark load")
    load_seconds = time.perf_counter() - t0
    loaded_at = Revision.objects.order_by("-published_at").values_list("published_at", flat=True).first()

    holders = [(f"offering:{o.id}", "offering", o.id) for o in bundle.offerings]
    holders += [(f"party:{p}", "party", p) for p in parties]
    dims = [d.id for d in bundle.catalogue.dimensions]
    grades = [g.value for g in Grade if g is not Grade.NOT_REVIEWED]
    sample_cell = cell_data(template.cells["retention_zdr"])
    missing = max(0, total_revisions - Revision.objects.count())
    start = loaded_at - dt.timedelta(days=730)
    step = dt.timedelta(days=729) / max(missing, 1)
    last: dict[tuple[str, str], dict | None] = {}
    kinds = [k.value for k in Revision.Kind]
    batch: list[Revision] = []
    t0 = time.perf_counter()
    for i in range(missing):
        holder, kind, hid = rng.choice(holders)
        dim = rng.choice(dims)
        after = dict(
            sample_cell, grade=rng.choice(grades), notes=f"{sample_cell.get('notes', '')} Revision {i}."
        )
        batch.append(
            Revision(
                holder=holder,
                dimension_id=dim,
                offering_id=hid if kind == "offering" else None,
                party_id=hid if kind == "party" else None,
                before=last.get((holder, dim)),
                after=after,
                kind=rng.choice(kinds),
                reason=f"Synthetic change {i}",
                author_name="bench",
                credit=f"Contributor {i % 97}" if i % 13 == 0 else "",
                published_at=start + step * i,
            )
        )
        last[(holder, dim)] = after
        if len(batch) == 2000:
            Revision.objects.bulk_create(batch)
            batch = []
    Revision.objects.bulk_create(batch)
    # A live database has statistics (autovacuum / ANALYZE); a freshly bulk-loaded one does not yet.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "revisions": Revision.objects.count(),
        "offerings": len(bundle.offerings),
        "parties": len(parties),
        "dimensions": len(dims),
        "load_seconds": load_seconds,
        "bulk_seconds": time.perf_counter() - t0,
        "history_from": start.date(),
        "history_to": loaded_at.date(),
    }


class QueryCounter:
    """An execute wrapper that counts the SQL statements a request runs."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def measure(urls: dict[str, str], requests: int, warmup: int) -> list[dict]:
    from django.db import connection
    from django.test import Client

    client = Client()
    results = []
    for label, url in urls.items():
        for _ in range(warmup):
            assert client.get(url).status_code == 200, url
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(url)
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        results.append(
            {
                "label": label,
                "url": url,
                "status": response.status_code,
                "queries": counter.count,
                "median": statistics.median(times),
                "p95": times[max(0, int(round(0.95 * len(times))) - 1)],
                "requests": requests,
                "bytes": len(response.content),
            }
        )
    return results


def replace_block(doc: str, heading: str, text: str) -> str:
    """``doc`` with the block under ``heading`` (up to the next heading of the same or a higher
    level) replaced by ``text``, or ``text`` appended when there is no such heading."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = doc.splitlines(keepends=True)
    out: list[str] = []
    skipping = done = False
    for line in lines:
        if line.rstrip() == heading:
            skipping = done = True
            out.append(text)
            continue
        if skipping and line.startswith("#"):
            hashes = len(line) - len(line.lstrip("#"))
            if hashes <= level and line[hashes : hashes + 1] == " ":
                skipping = False
        if not skipping:
            out.append(line)
    if not done:
        if out and not out[-1].endswith("\n"):
            out.append("\n")
        out.append(("\n" if out else "") + text)
    return "".join(out)


def write_section(label: str, text: str, path: Path) -> None:
    """Put ``text`` under "### <label>" inside the section, keeping every other section."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if SECTION not in doc.splitlines():
        doc = replace_block(doc, SECTION, f"{SECTION}\n\n{INTRO}\n")
    start = doc.splitlines(keepends=True)
    head = "".join(start)
    i = head.index(SECTION + "\n")
    rest = head[i + len(SECTION) + 1 :]
    nxt = next((j for j in range(len(rest)) if rest.startswith("\n## ", j)), len(rest))
    section_body = replace_block(rest[:nxt], f"### {label}", text)
    path.write_text(head[:i] + SECTION + "\n" + section_body + rest[nxt:], encoding="utf-8")


INTRO = (
    "`bench/bench_history.py` (add `--postgres` for PostgreSQL) builds a fresh database with 100,000 "
    "revisions and measures the changelog and as-of pages. The as-of state is one query: every cell "
    "(holder x question) finds its last revision up to the end of the day by one backward seek on the "
    "(holder, dimension, published_at, id) index, so its cost follows the number of cells, not of "
    "revisions; query counts do not grow with the number of revisions (pinned by "
    "tests/site/test_history_views.py)."
)


def render(label: str, built: dict, results: list[dict], requests: int) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = "\n".join(
        f"| {r['label']} | `{r['url']}` | {r['median']:.1f} | {r['p95']:.1f} | {r['queries']} |"
        for r in results
    )
    return (
        f"### {label}\n\n"
        f"Measured {dt.date.today().isoformat()} by `bench/bench_history.py` on {label} "
        f"({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores). "
        f"Server time in-process (Django test Client, {requests} requests per page after a warm-up; "
        f"no network, no gunicorn). Load average when measuring: {load}; the machine is shared, so "
        "treat differences of a few milliseconds as noise.\n\n"
        f"Dataset: {built['revisions']:,} revisions over {built['offerings']} offerings "
        f"({built['offerings'] - 6} synthetic), {built['parties']} parties and "
        f"{built['dimensions']} questions, "
        f"published {built['history_from']} to {built['history_to']}. Building it: registry load "
        f"{built['load_seconds']:.1f} s, bulk revisions {built['bulk_seconds']:.1f} s.\n\n"
        "| Page | URL | median ms | p95 ms | SQL queries |\n|---|---|---:|---:|---:|\n"
        f"{rows}\n\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true", help="benchmark PostgreSQL instead of SQLite")
    parser.add_argument("--revisions", type=int, default=100_000)
    parser.add_argument(
        "--offerings", type=int, default=194, help="synthetic offerings added to the bundled six"
    )
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--no-write", action="store_true", help="print the section without writing it")
    args = parser.parse_args()

    label = configure(args.postgres)
    built = build(args.revisions, args.offerings, args.seed)
    mid = built["history_from"] + (built["history_to"] - built["history_from"]) / 2
    urls = {
        "Changelog, first page": "/changelog/",
        "Changelog, page 1000": "/changelog/?page=1000",
        "Changelog, one offering": "/changelog/?offering=azure-openai",
        "Changelog, one question and kind": "/changelog/?dimension=retention_zdr&kind=correction",
        "Changelog feed (Atom)": "/changelog.atom",
        "Offering page, today": "/offerings/azure-openai/",
        "Offering page, as of a year ago": f"/offerings/azure-openai/?as_of={mid.isoformat()}",
        "Offering history": "/offerings/azure-openai/history/",
        "Offering history, diff of two dates": (
            f"/offerings/azure-openai/history/?from={mid.isoformat()}&to={built['history_to'].isoformat()}"
        ),
        "Registry index, as of a year ago": f"/?as_of={mid.isoformat()}",
    }
    results = measure(urls, args.requests, warmup=3)
    text = render(label, built, results, args.requests)
    print(text)
    if not args.no_write:
        write_section(label, text, Path(args.output))
        print(f"wrote {SECTION!r} in {args.output}")


if __name__ == "__main__":
    main()
