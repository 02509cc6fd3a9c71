"""API answers with and without compression (issue 15): bytes sent and CPU per request.

One synthetic registry (SQLite, made once into ``--db`` and reused), then each run a process of its
own measuring ``/api/v1/offerings`` (a page of 200 and the default 50) as three clients ask: no
``Accept-Encoding`` (the text as it is), a browser (``gzip, deflate, br, zstd``) and ``gzip`` only.
Compare two checkouts side by side, in turns (base, new, base, new), each process importing the
code under ``--src``:

    python bench/bench_api_codings.py --db /tmp/api.sqlite3 --offerings 2000 --runs 2 \
        --src base=/work/main/src --src new=src

Prints one JSON line per run and a Markdown table of the medians (CPU median / p95 per request).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
URLS = ["/api/v1/offerings?limit=200", "/api/v1/offerings"]
CLIENTS = {"none": None, "browser": "gzip, deflate, br, zstd", "gzip": "gzip"}


def _setup(db: Path) -> None:
    var = Path(tempfile.mkdtemp(prefix="trustreg-api-"))
    (var / "static").mkdir()
    os.environ.update(TRUSTREG_VAR=str(var), DATABASE_URL=f"sqlite:///{db}", TRUSTREG_BULK_ON_COMMIT="0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
    import django

    django.setup()


def make(db: Path, offerings: int, seed: int) -> None:
    _setup(db)
    sys.path.insert(0, str(BENCH))
    from django.core.management import call_command
    from synthetic import synthetic_bundle

    from trustreg.registry.services import registry_load

    call_command("migrate", verbosity=0, interactive=False)
    registry_load(actor="bench", bundle=synthetic_bundle(offerings, seed=seed))


def measure(db: Path, rounds: int, per_round: int) -> dict[str, Any]:
    _setup(db)
    from django.test import Client

    import trustreg

    clients = {name: Client(headers={"accept-encoding": h}) if h else Client() for name, h in CLIENTS.items()}
    cpu: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    codings: dict[str, str] = {}
    for url in URLS:  # warm: the first request of each pays for imports and caches
        for client in clients.values():
            client.get(url)
    for _ in range(rounds):
        for url in URLS:
            for name, client in clients.items():
                key = f"{url} {name}"
                for _ in range(per_round):
                    c0 = time.process_time()
                    response = client.get(url)
                    cpu.setdefault(key, []).append((time.process_time() - c0) * 1000)
                assert response.status_code == 200, (key, response.status_code)
                sizes[key] = len(response.content)
                codings[key] = response.get("Content-Encoding", "identity")
    return {"code": str(Path(trustreg.__file__).parent),
            "cpu_ms": {k: [statistics.median(v), statistics.quantiles(v, n=20, method="inclusive")[-1]]
                       for k, v in cpu.items()},
            "bytes": sizes, "coding": codings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--offerings", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-round", type=int, default=5)
    parser.add_argument("--runs", type=int, default=2, help="processes per checkout, in turns")
    parser.add_argument("--src", action="append", default=[], help="NAME=PATH of a checkout's src")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.db, args.rounds, args.per_round)))
        return
    if not args.db.exists():
        make(args.db, args.offerings, args.seed)
    results: dict[str, list[dict[str, Any]]] = {}
    for _ in range(args.runs):
        for spec in args.src or [f"this={BENCH.parent / 'src'}"]:
            name, _, src = spec.partition("=")
            env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
            out = subprocess.run([sys.executable, __file__, "--db", str(args.db), "--measure", "--rounds",
                                  str(args.rounds), "--per-round", str(args.per_round)],
                                 env=env, check=True, capture_output=True, text=True).stdout
            run = json.loads(out.strip().splitlines()[-1])
            print(json.dumps({"name": name, **run}), flush=True)
            results.setdefault(name, []).append(run)
    print(f"\n| request | client | {' | '.join(results)} |\n|---|---|{'---:|' * len(results)}")
    for url in URLS:
        for client in CLIENTS:
            key = f"{url} {client}"
            cells = []
            for runs in results.values():
                med = statistics.median(r["cpu_ms"][key][0] for r in runs)
                p95 = statistics.median(r["cpu_ms"][key][1] for r in runs)
                cells.append(f"{med:.1f} / {p95:.1f} ms, {runs[-1]['bytes'][key]:,} B {runs[-1]['coding'][key]}")
            print(f"| `{url}` | {client} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
