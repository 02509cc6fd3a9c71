"""The custom fit page and ``/api/v1/fit`` side by side: two checkouts, each on its own database,
one fresh process a run, in turns (issue 15).

Each side is ``NAME=SRC:DB`` where ``SRC`` is a checkout's ``src`` folder and ``DB`` a folder
holding ``db.sqlite3`` (``{n}`` in it is the registry size), a registry loaded and migrated by that
checkout (for instance a copy of one load, then ``trustreg migrate`` run by the newer checkout).
For each round, size and side (the sides' order turning each round), a worker process imports the
side's code, answers one request of each kind to warm up, then ``--requests`` of each kind, and
reports this process's CPU time per request (SQLite runs in it) and the 1-minute load average
before and after. Prints one line per run, then the medians as JSON.

    python bench/bench_fit_sides.py --side base=../main/src:/tmp/base-{n} --side new=src:/tmp/new-{n} \
        [--sizes 200,2000,20000] [--rounds 2] [--requests 10]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PROFILE = {"r_data_residency": "any", "eu": "1", "r_retention_zdr": "any", "max_days": "30", "r_hipaa_baa": "any"}


def worker(src: str, db: str, requests: int) -> dict[str, Any]:
    sys.path.insert(0, src)
    os.environ.update(TRUSTREG_VAR=db, DATABASE_URL=f"sqlite:///{Path(db) / 'db.sqlite3'}",
                      TRUSTREG_BULK_ON_COMMIT="0", TRUSTREG_PAGE_CACHE="0", DJANGO_SETTINGS_MODULE="trustreg.settings")
    import django

    django.setup()
    from django.test import RequestFactory

    import trustreg
    from trustreg.api import reads
    from trustreg.buyers import views

    factory = RequestFactory()
    kinds = {"page": lambda: views.fit_page(factory.get("/fit/", PROFILE)), "api": lambda: reads.fit(PROFILE, None)}
    load = [os.getloadavg()[0]]
    for fn in kinds.values():
        fn()
    cpu: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(requests):
        for name, fn in kinds.items():
            c0 = time.process_time()
            fn()
            cpu[name].append((time.process_time() - c0) * 1000)
    load.append(os.getloadavg()[0])
    return {"code": str(Path(trustreg.__file__).parents[1]), "load": load, "cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--side", action="append", required=True, help="NAME=SRC:DB ({n}: the size)")
    parser.add_argument("--sizes", default="200,2000,20000")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--worker", nargs=2, metavar=("SRC", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker, args.requests)))
        return
    sides = [(name, *rest.split(":", 1)) for name, rest in (s.split("=", 1) for s in args.side)]
    runs: dict[tuple[str, int], dict[str, list[float]]] = {}
    for r in range(args.rounds):
        for n in (int(x) for x in args.sizes.split(",")):
            for name, src, db in sides[r % len(sides):] + sides[:r % len(sides)]:
                out = subprocess.run([sys.executable, __file__, "--side", "x=y:z", "--requests", str(args.requests),
                                      "--worker", str(Path(src).resolve()), db.format(n=n)],
                                     check=True, capture_output=True, text=True).stdout
                got = json.loads(out.strip().splitlines()[-1])
                medians = {k: round(statistics.median(v), 1) for k, v in got["cpu"].items()}
                print(f"round {r + 1} {name} {n}: {medians} load {got['load']} at "
                      f"{time.strftime('%H:%M:%S', time.gmtime())} ({got['code']})", flush=True)
                for k, v in got["cpu"].items():
                    runs.setdefault((name, n), {}).setdefault(k, []).extend(v)
    print(json.dumps({f"{name} {n}": {k: round(statistics.median(v), 1) for k, v in kinds.items()}
                      for (name, n), kinds in runs.items()}))


if __name__ == "__main__":
    main()
