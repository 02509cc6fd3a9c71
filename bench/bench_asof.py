"""``/data.json?as_of=DAY`` before and after the days' files (issue 15), side by side in one process.

Before: what the view did on each request until the past days were kept as files (replay the
registry to the end of the day, ``export_document(as_of=DAY)``, and write it out as JSON). After:
the request as a browser makes it (the day's brotli twin, ``bulk.dayserve``), and by a client that
takes no encoding (the gzip twin decompressed as it is sent, read whole here). The three take turns
in rounds on one synthetic registry (SQLite), so the machine's other work falls on all alike.
Also: what the bulk worker spends writing one day's file (the replay, then the two twins), and the
sizes kept per day. Prints a Markdown paragraph for docs/benchmarks.md.

    python bench/bench_asof.py [--offerings 2000] [--rounds 5] [--before-per-round 2] [--after-per-round 40]
                               [--plain-per-round 10] [--seed 2]

``--before-per-round 0`` leaves the replay out (at 20,000 offerings it takes tens of seconds each).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
BROWSER = "gzip, deflate, br, zstd"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(run: Any) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    run()
    return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offerings", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before-per-round", type=int, default=2)
    parser.add_argument("--after-per-round", type=int, default=40)
    parser.add_argument("--plain-per-round", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="trustreg-asof-"))
    try:
        os.environ["TRUSTREG_VAR"] = str(tmp / "var")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'var' / 'b.sqlite3'}"
        os.environ["TRUSTREG_BULK_ON_COMMIT"] = "0"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")
        (tmp / "var" / "static").mkdir(parents=True)
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client
        from synthetic import synthetic_bundle

        from trustreg.bulk import build, dayfill, daystore
        from trustreg.registry.datajson import export_document
        from trustreg.registry.services import registry_load

        call_command("migrate", verbosity=0, interactive=False)
        registry_load(actor="bench", bundle=synthetic_bundle(args.offerings, seed=args.seed))
        build.build()
        day = dt.datetime.now(dt.UTC).date()
        url = f"/data.json?as_of={day.isoformat()}"
        browser, plain = Client(headers={"accept-encoding": BROWSER}), Client()

        def before() -> None:  # the view as it was: the replay, then the JSON text
            json.dumps(export_document(as_of=day), indent=2, ensure_ascii=False)

        def after_browser() -> None:
            assert browser.get(url).status_code == 200

        def after_plain() -> None:
            response = plain.get(url)
            assert response.status_code == 200
            for _ in response.streaming_content:
                pass

        runs: dict[str, list[tuple[float, float]]] = {"before": [], "after_browser": [], "after_plain": []}
        after_browser()  # the responders made, the index read once
        loads = [os.getloadavg()[0]]
        for _ in range(args.rounds):
            runs["before"] += [timed(before) for _ in range(args.before_per_round)]
            runs["after_browser"] += [timed(after_browser) for _ in range(args.after_per_round)]
            runs["after_plain"] += [timed(after_plain) for _ in range(args.plain_per_round)]
            loads.append(os.getloadavg()[0])
        fill_ms = timed(lambda: daystore.write_text(day, dayfill.replay_text(day)))
        kept = daystore.read_index().days[day]  # type: ignore[union-attr]
        result: dict[str, Any] = {"offerings": args.offerings, "loadavg": [min(loads), max(loads)],
                                  "fill_wall_ms": fill_ms[0], "fill_cpu_ms": fill_ms[1],
                                  "size": kept.size, "gzip_size": kept.gzip_size, "br_size": kept.br_size}
        for name, pairs in runs.items():
            if not pairs:
                continue
            wall, cpu = [w for w, _ in pairs], [c for _, c in pairs]
            result[name] = {"n": len(pairs), "cpu_median_ms": statistics.median(cpu), "cpu_p95_ms": percentile(cpu, 95),
                            "wall_median_ms": statistics.median(wall), "wall_p95_ms": percentile(wall, 95)}
        print(json.dumps(result, indent=1))
        print(paragraph(result))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def paragraph(r: dict[str, Any]) -> str:
    def row(name: str) -> str:
        if name not in r:
            return "not measured"
        x = r[name]
        return (f"CPU median {x['cpu_median_ms']:.1f} ms, p95 {x['cpu_p95_ms']:.1f} ms (wall {x['wall_median_ms']:.1f} / "
                f"{x['wall_p95_ms']:.1f} ms, n={x['n']})")

    return (f"`/data.json?as_of=DAY` at {r['offerings']:,} offerings (SQLite, in turns, `bench/bench_asof.py`, load "
            f"average {r['loadavg'][0]:.1f}-{r['loadavg'][1]:.1f}): before (replayed per request) {row('before')}; after, "
            f"as a browser asks (the day's brotli file) {row('after_browser')}; after, no encoding (gzip twin "
            f"decompressed as sent) {row('after_plain')}. The worker writes a day's file in {r['fill_cpu_ms'] / 1000:.1f} s "
            f"CPU; kept per day: {r['gzip_size']:,} bytes gzip + {r['br_size']:,} bytes brotli (the text, {r['size']:,} "
            "bytes, is not kept).")


if __name__ == "__main__":
    main()
