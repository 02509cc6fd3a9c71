"""`trustreg load DIR` of a synthetic registry, two checkouts side by side (issue 15's load target).

Writes the synthetic registry's data files once (``--write``), then runs the load of that folder in
turns, one fresh process and SQLite database each, for every checkout named (``NAME=SRC``, where
SRC is a ``src`` folder put first on ``sys.path``: e.g. a ``git archive`` of the base commit), so
that the machine's other work falls on all of them alike. Each run migrates first (not timed),
then times ``call_command("registry_load", DIR)`` as ``trustreg load DIR`` runs it: wall time and
CPU time, its own plus its worker processes' (``RUSAGE_CHILDREN``: the YAML parse's workers).
With ``--export`` it then exports the database and checks the folder is byte-identical to DIR.

    python bench/bench_load.py --write /tmp/reg2000 --offerings 2000
    python bench/bench_load.py /tmp/reg2000 base=/tmp/base/src new=src --rounds 2 [--export]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent

# Run in the child: the checkout's src first on sys.path, a fresh SQLite database under TRUSTREG_VAR.
CHILD = r"""
import io, json, os, resource, subprocess, sys, time
sys.path.insert(0, os.environ["BENCH_SRC"])
import django
django.setup()
from django.core.management import call_command
from django.test import override_settings
import trustreg
assert trustreg.__file__.startswith(os.environ["BENCH_SRC"]), trustreg.__file__
call_command("migrate", verbosity=0, interactive=False)

def cpu():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime

load0 = os.getloadavg()[0]
(s0, k0), t0 = cpu(), time.perf_counter()
with override_settings(TRUSTREG_BULK_ON_COMMIT=False):
    call_command("registry_load", os.environ["BENCH_DATA"], reason="bench: load", stdout=io.StringIO())
wall = time.perf_counter() - t0
s1, k1 = cpu()
out = {"wall": wall, "cpu": (s1 - s0) + (k1 - k0), "workers": k1 - k0, "loadavg": [load0, os.getloadavg()[0]]}
if os.environ.get("BENCH_EXPORT"):
    from trustreg.domain.bundle import write_dir
    from trustreg.registry.selectors import bundle_from_db
    target = os.path.join(os.environ["TRUSTREG_VAR"], "export")
    write_dir(bundle_from_db(), target)
    diff = subprocess.run(["diff", "-rq", os.environ["BENCH_DATA"], target], capture_output=True, text=True)
    out["identical"] = diff.returncode == 0
    out["diff"] = diff.stdout[:2000]
print(json.dumps(out))
"""


def write(folder: Path, offerings: int, seed: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
    sys.path.insert(0, str(BENCH))
    from synthetic import synthetic_bundle

    from trustreg.domain.bundle import write_dir

    n = len(write_dir(synthetic_bundle(offerings, seed=seed), folder))
    print(f"bench_load: {n} files written to {folder}")


def run_one(src: str, data: Path, export: bool) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="trustreg-bench-load-") as tmp:
        var = Path(tmp) / "var"
        (var / "static").mkdir(parents=True)
        env = {**os.environ, "BENCH_SRC": str(Path(src).resolve()), "BENCH_DATA": str(data.resolve()),
               "TRUSTREG_VAR": str(var), "DATABASE_URL": f"sqlite:///{var / 'b.sqlite3'}",
               "DJANGO_SETTINGS_MODULE": "trustreg.settings", "TRUSTREG_BULK_ON_COMMIT": "0"}
        env.pop("BENCH_EXPORT", None)
        if export:
            env["BENCH_EXPORT"] = "1"
        done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(f"bench_load: {src} failed:\n{done.stderr[-4000:]}")
        result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("checkouts", nargs="*", help="NAME=SRC, run in this order within each round")
    parser.add_argument("--write", action="store_true", help="write the synthetic registry's files to DATA")
    parser.add_argument("--offerings", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--export", action="store_true", help="check each export is byte-identical to DATA")
    args = parser.parse_args()
    if args.write:
        write(args.data, args.offerings, args.seed)
        return
    names = [c.split("=", 1) for c in args.checkouts]
    runs: dict[str, list[dict[str, object]]] = {name: [] for name, _ in names}
    for rnd in range(args.rounds):
        for name, src in names:
            r = run_one(src, args.data, args.export)
            runs[name].append(r)
            print(f"round {rnd + 1} {name}: cpu {r['cpu']:.2f} s (workers {r['workers']:.2f}), "
                  f"wall {r['wall']:.2f} s, load avg {r['loadavg'][0]:.1f}-{r['loadavg'][1]:.1f}"  # type: ignore[index]
                  + (f", export identical: {r['identical']}" if "identical" in r else ""), flush=True)
            if r.get("diff"):
                print(r["diff"])
    for name, rs in runs.items():
        cpus = [float(r["cpu"]) for r in rs]  # type: ignore[arg-type]
        walls = [float(r["wall"]) for r in rs]  # type: ignore[arg-type]
        print(f"{name}: cpu median {statistics.median(cpus):.2f} s (min {min(cpus):.2f}, max {max(cpus):.2f}), "
              f"wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f})")


if __name__ == "__main__":
    main()
