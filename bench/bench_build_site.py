"""Bulk files and static mirror benchmark (issue 13 §2, §6), run by `make bench`.

For a small registry and the large synthetic one (bench/synthetic.py), in a fresh SQLite database
each: the bulk-file build (data.json, CSV, full dump, with their .gz), serving one of them (a file
read), `import-dump` of the dump into an empty database, and `build-site` (every public page, feed,
bulk file and API document as static files). Replaces the "Bulk files and static mirror" section
of docs/benchmarks.md.

    python bench/bench_build_site.py [--offerings 2000] [--small 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
SECTION = "## Bulk files and static mirror (issue 13)"


def worker(offerings: int, seed: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix=f"trustreg-bench-site-{offerings}-"))
    try:
        return measure(tmp, offerings, seed)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _setup(tmp: Path, name: str) -> None:
    os.environ["TRUSTREG_VAR"] = str(tmp / name)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / name / 'bench.sqlite3'}"
    os.environ["TRUSTREG_BULK_ON_COMMIT"] = "0"  # each build is timed on its own below
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
    (tmp / name / "static").mkdir(parents=True)


def measure(tmp: Path, offerings: int, seed: int) -> dict[str, Any]:
    _setup(tmp, "var")
    sys.path.insert(0, str(BENCH))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from synthetic import bundle_size, synthetic_bundle

    from trustreg.bulk import build
    from trustreg.bulk.sitebuild import build_site
    from trustreg.registry.services import registry_load

    bundle = synthetic_bundle(offerings, seed=seed)
    result: dict[str, Any] = {"size": bundle_size(bundle), "loadavg": [os.getloadavg()[0]]}
    call_command("migrate", verbosity=0, interactive=False)
    registry_load(actor="bench", bundle=bundle, reason="bench: load")

    t0 = time.perf_counter()
    generation = build.build()
    result["bulk_s"] = time.perf_counter() - t0
    result["files"] = {f.name: {"bytes": f.size, "gzip": f.gzip_size} for f in generation.files.values()}
    client = Client()
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        response = client.get("/bulk/dump.jsonl", HTTP_ACCEPT_ENCODING="gzip")
        for _chunk in response.streaming_content:
            pass
        times.append(time.perf_counter() - t0)
    result["serve_ms"] = sorted(times)[len(times) // 2] * 1000

    t0 = time.perf_counter()
    report = build_site(tmp / "site", live="https://registry.example.org")
    result["site_s"] = time.perf_counter() - t0
    result["site_files"] = report.files
    result["site_bytes"] = report.bytes
    dump_copy = tmp / "dump.jsonl"
    shutil.copy(generation.file("dump.jsonl"), dump_copy)
    result["loadavg"].append(os.getloadavg()[0])
    out = subprocess.run([sys.executable, __file__, "--import-worker", str(dump_copy), str(tmp)],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    result["import_s"] = json.loads(out.stdout)["import_s"]
    return result


def import_worker(dump: Path, tmp: Path) -> dict[str, Any]:
    """import-dump into a fresh database of its own (a new process: settings are per process)."""
    _setup(tmp, "mirror")
    import django

    django.setup()
    from django.core.management import call_command

    from trustreg.bulk.mirror import registry_mirror_import

    call_command("migrate", verbosity=0, interactive=False)
    t0 = time.perf_counter()
    registry_mirror_import(actor="bench", path=dump)
    return {"import_s": time.perf_counter() - t0}


def render(results: list[dict[str, Any]]) -> str:
    lines = [SECTION, "",
             "`python bench/bench_build_site.py` (run by `make bench`): SQLite, synthetic registries "
             "(bench/synthetic.py), one fresh database each, on this machine (2 cores shared with other "
             "work; load average before/after in the table).", "",
             "| offerings | cells | bulk build | dump.jsonl (gzip) | data.json (gzip) | registry.csv (gzip) | "
             "serve dump.jsonl.gz (median of 20) | import-dump | build-site | site files | load avg |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        f = r["files"]

        def size(name: str, files: dict[str, Any] = f) -> str:
            return f"{files[name]['bytes'] / 1e6:.1f} MB ({files[name]['gzip'] / 1e6:.1f} MB)"

        lines.append(
            f"| {r['size']['offerings']:,} | {r['size']['cells']:,} | {r['bulk_s']:.1f} s | {size('dump.jsonl')} | "
            f"{size('data.json')} | {size('registry.csv')} | {r['serve_ms']:.1f} ms | {r['import_s']:.1f} s | "
            f"{r['site_s']:.1f} s | {r['site_files']:,} ({r['site_bytes'] / 1e6:.0f} MB) | "
            f"{r['loadavg'][0]:.1f} / {r['loadavg'][1]:.1f} |")
    lines += ["",
              "- The bulk build runs once after each burst of commits that change published state (queued by "
              "the commit, run by `trustreg bulk worker`); requests only stream the files, so serving does not "
              "grow with the registry.",
              "- build-site renders every page through the views (Django's test client), so its time is the "
              "sum of the pages' own render times; it runs off-line, never in a request.", ""]
    return "\n".join(lines)


def write_section(text: str) -> None:
    replace_section(DOC, SECTION, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offerings", type=int, default=2000)
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--postgres", action="store_true", help="accepted for `make bench`; SQLite is measured")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--import-worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_worker:
        json.dump(import_worker(Path(args.import_worker[0]), Path(args.import_worker[1])), sys.stdout)
        return
    if args.worker:
        json.dump(worker(args.worker, args.seed), sys.stdout)
        return
    results = []
    for n in (args.small, args.offerings):
        print(f"bench: build-site, {n} offerings ...", file=sys.stderr, flush=True)
        out = subprocess.run([sys.executable, __file__, "--worker", str(n), "--seed", str(args.seed)],
                             capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            sys.stderr.write(out.stdout + out.stderr)
            raise SystemExit(f"bench: the worker for {n} offerings failed")
        results.append(json.loads(out.stdout))
    section = render(results)
    if args.no_write:
        print(section)
    else:
        write_section(section)
        print(f"bench: wrote {SECTION!r} in docs/benchmarks.md", file=sys.stderr)


if __name__ == "__main__":
    main()
