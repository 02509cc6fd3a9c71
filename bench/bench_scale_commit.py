"""What a commit costs the process that commits, and what the bulk build costs the bulk worker.

A synthetic registry (2,000 offerings by default, SQLite, a fresh database), loaded and built once;
then a few publishes of one offering cell (``cell_publish``, as the workbench's publish does), each
timed in the committing process from the call to its return, after-commit work included (CPU and
wall); then, where the code has a bulk worker (``trustreg.bulk.tasks``), the one build those
commits queued, run by ``trustreg bulk worker --batch`` and timed in that process. ``--src DIR``
measures another checkout's code (say the commit before the build moved to the worker) with this
script; ``--label`` names the run. Each run's figures are kept as JSON (``--results``), and the
paragraph "**Commit and bulk build" of the "Scale (issue 15)" section of docs/benchmarks.md is
replaced by one made of every kept run (named after ``bench_scale`` so that ``make bench`` runs it
after that section is rewritten).

    python bench/bench_scale_commit.py [--offerings 2000] [--publishes 3] [--src DIR --label before]
"""

from __future__ import annotations

import argparse
import gc
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

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Scale (issue 15)"
PARAGRAPH = "**Commit and bulk build"
TARGETS = "### Targets (issue 15)"


def worker(args: argparse.Namespace) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="trustreg-commit-"))
    try:
        os.environ["TRUSTREG_VAR"] = str(tmp / "var")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'var' / 'b.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
        (tmp / "var").mkdir(parents=True)
        sys.path.insert(0, str(BENCH))
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import override_settings
        from synthetic import synthetic_bundle

        import trustreg
        from trustreg.accounts.aftermath import public_generation
        from trustreg.bulk import build, store
        from trustreg.domain.cells import CellRecord
        from trustreg.domain.fieldtypes import replace
        from trustreg.registry.models import Cell
        from trustreg.registry.publish import Holder, cell_publish, current_record
        from trustreg.registry.services import registry_load

        r: dict[str, Any] = {"label": args.label, "offerings": args.offerings, "code": str(Path(trustreg.__file__).parent),
                             "loadavg": [os.getloadavg()[0]]}
        call_command("migrate", verbosity=0, interactive=False)
        with override_settings(TRUSTREG_BULK_ON_COMMIT=False):
            registry_load(actor="bench", bundle=synthetic_bundle(args.offerings, seed=args.seed), reason="bench: load")
        t0, c0 = time.perf_counter(), time.process_time()
        build.build()
        r["first_build_s"], r["first_build_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
        cell = Cell.objects.filter(offering__isnull=False).exclude(grade="").order_by("pk")[args.offerings // 2]
        holder, grades = Holder("offering", cell.offering_id), ["partial", "yes_sales_gated"]
        commits = []
        for i in range(args.publishes):
            record = current_record(holder, cell.dimension_id)
            assert isinstance(record, CellRecord)
            grade = grades[i % 2] if record.grade != grades[i % 2] else grades[(i + 1) % 2]
            gc.collect()
            t0, c0 = time.perf_counter(), time.process_time()
            cell_publish(actor="bench", holder=holder, dimension_id=cell.dimension_id,
                         record=replace(record, grade=grade), kind="editorial", reason=f"bench: publish {i}")
            commits.append((time.process_time() - c0, time.perf_counter() - t0))
            r["loadavg"].append(os.getloadavg()[0])
        r["commit_cpu_s"] = [c for c, _ in commits]
        r["commit_wall_s"] = [w for _, w in commits]
        try:
            from trustreg.bulk import tasks
        except ImportError:
            r["worker"] = False
        else:
            r["worker"] = True
            r["builds_waiting"] = int(tasks.build_waiting())
            before = store.current()
            t0, c0 = time.perf_counter(), time.process_time()
            call_command("bulk", "worker", "--batch", "--interval", "0", stdout=open(os.devnull, "w"))  # noqa: SIM115
            r["worker_build_s"], r["worker_build_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
            after = store.current()
            assert after is not None and before is not None and after.number == before.number + 1
            assert after.registry_generation == public_generation().number, "the build read the last commit"
        r["loadavg"].append(os.getloadavg()[0])
        r["measured_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        return r
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def paragraph(runs: list[dict[str, Any]]) -> str:
    parts = []
    for r in runs:
        cpu, wall = r["commit_cpu_s"], r["commit_wall_s"]
        text = (f"{r['label']} ({r['measured_at']}, 1-minute load average {min(r['loadavg']):.1f}-{max(r['loadavg']):.1f}): "
                f"a publish of one offering cell costs the committing process {statistics.median(cpu):.2f} s CPU "
                f"(median of {len(cpu)}: " + ", ".join(f"{c:.2f}" for c in cpu) + " s; wall "
                + ", ".join(f"{w:.2f}" for w in wall) + " s)")
        if r["worker"]:
            text += (f"; the {r['builds_waiting']} build those {len(cpu)} commits queued takes the bulk worker "
                     f"{r['worker_build_cpu_s']:.1f} s CPU ({r['worker_build_s']:.1f} s wall)")
        else:
            text += ", the bulk build included: it ran in the committing process after each commit"
        parts.append(text + f"; a first build from nothing {r['first_build_cpu_s']:.1f} s CPU.")
    n = runs[0]["offerings"]
    return (f"{PARAGRAPH} ({n:,} offerings, SQLite, `python bench/bench_scale_commit.py`, run under `nice -n 10`).** "
            "What a commit costs the process that makes it (a workbench publish, a load, a monitor batch), "
            "and what the bulk files then cost the bulk worker. " + " ".join(parts))


def update(text: str, para: str) -> str:
    lines = text.split("\n")
    start = lines.index(SECTION)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    section = lines[start:end]
    old = [i for i, line in enumerate(section) if line.startswith(PARAGRAPH)]
    if old:
        section[old[0]] = para
    else:
        at = section.index(TARGETS) if TARGETS in section else len(section)
        section[at:at] = [para, ""]
    return "\n".join(lines[:start] + section + lines[end:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offerings", type=int, default=2000)
    parser.add_argument("--publishes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--src", help="the src/ folder of another checkout to measure (its code, this script)")
    parser.add_argument("--label", default="after")
    parser.add_argument("--results", default=str(ROOT / "var" / "bench-commit"), help="folder of each run's JSON")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--postgres", action="store_true", help=argparse.SUPPRESS)  # run.py passes it on
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        json.dump(worker(args), sys.stdout)
        return
    env = dict(os.environ)
    if args.src:
        env["PYTHONPATH"] = os.pathsep.join([str(Path(args.src).resolve()), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        env["TRUSTREG_HOME"] = str(Path(args.src).resolve().parent)
    print(f"bench_scale_commit: {args.label}, {args.offerings} offerings ...", file=sys.stderr, flush=True)
    out = subprocess.run([sys.executable, __file__, "--worker", "--offerings", str(args.offerings), "--publishes",
                          str(args.publishes), "--seed", str(args.seed), "--label", args.label],
                         check=True, capture_output=True, text=True, cwd=ROOT, env=env)
    result = json.loads(out.stdout)
    saved = Path(args.results)
    saved.mkdir(parents=True, exist_ok=True)
    (saved / f"{args.label}.json").write_text(json.dumps(result))
    runs = [json.loads(p.read_text()) for p in sorted(saved.glob("*.json"), key=lambda p: p.stat().st_mtime)]
    para = paragraph([r for r in runs if r["offerings"] == args.offerings])
    if args.no_write:
        print(para)
    else:
        DOC.write_text(update(DOC.read_text(encoding="utf-8"), para), encoding="utf-8")
        print(f"bench_scale_commit: wrote its paragraph in {SECTION!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
