"""Scale benchmark (issue 15): does every page cost one page, whatever the registry's size and age?

In one run, side by side: a small and a large synthetic registry (200 and 20,000 offerings by
default) on SQLite, the small one on PostgreSQL (and the large one with ``--postgres-large``), each
in a fresh process and database. Measured: ``trustreg load`` of the registry's data files (the
command whole: read_dir, then registry_load) and read_dir alone, export (bundle_from_db +
write_dir) and a second export into the same folder (must rewrite nothing and change no byte), the
server time of the index, a question page, the compare picker, the 404 page and an offering page
(before and after 30 days of monitor history on its sources). Then the pages with a size target at
every SQLite size, one process a size taking turns (the size targets' verdicts: the columns ran
minutes apart on a shared machine). Then the offering page on SQLite and
PostgreSQL side by side, their processes taking turns in rounds (``bench/interleave.py``), and the
same way with and without 30 days of history at the larger sizes (the history target). Then the
deployment of the Procfile (gunicorn web + two monitor workers) on one PostgreSQL, measured with
``wrk -c8`` against a static file (the site's stylesheet, and static files of exactly the sizes
/data.json is sent at, served by the same stack), asking as a browser does (brotli accepted) and as a
client that accepts only gzip. The figures and the issue's targets, as ratios, replace the
"Scale (issue 15)" section of docs/benchmarks.md; ``--serving-only`` runs just the serving part and
replaces only its paragraph and its rows of the targets table.

    python bench/bench_scale.py [--small 200] [--mid 2000] [--large 20000] [--postgres-large] [--no-serving]
                                [--no-interleave] [--serving-only] [--results DIR [--reuse]]

This file is the command (its flags, the plan of runs, the results kept with --results); the parts
are beside it: scale_worker.py (one registry measured in one process, ``--worker``), scale_timing.py
(a page timed in the process), scale_history.py (the monitor history added), scale_interleaved.py
(the runs in turns), scale_serving.py (the Procfile under wrk), scale_section.py and scale_figures.py
(the section and its targets table). None is named bench_*.py: bench/run.py runs those.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from benchdoc import replace_section
from scale_config import DOC, ROOT, SECTION
from scale_interleaved import history_interleaved, interleaved, sizes_interleaved
from scale_section import render
from scale_serving import serving, serving_paragraph, serving_targets, update_serving
from scale_worker import measure, worker


def saved_or_run(name: str, args: argparse.Namespace, run: Any) -> dict[str, Any]:
    saved = Path(args.results) / f"{name}.json" if args.results else None
    if saved is not None and args.reuse and saved.exists():
        print(f"bench_scale: {name}: reusing {saved}", file=sys.stderr, flush=True)
        reused: dict[str, Any] = json.loads(saved.read_text())
        return reused
    result: dict[str, Any] = run()
    result["measured_at"] = time.strftime("%H:%M UTC", time.gmtime())
    result["measured_on"] = time.strftime("%Y-%m-%d", time.gmtime())
    if saved is not None:
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(result))
    return result


def write_section(text: str) -> None:
    replace_section(DOC, SECTION, text)


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--mid", type=int, help="also a registry of this size between the two (e.g. 2000)")
    parser.add_argument("--postgres-large", action="store_true", help="also the large registry on PostgreSQL")
    parser.add_argument("--no-serving", action="store_true", help="skip the Procfile + wrk measurement")
    parser.add_argument("--serving-only", action="store_true",
                        help="only the Procfile + wrk measurement: its paragraph and rows replace the old ones")
    parser.add_argument("--no-interleave", action="store_true",
                        help="skip the offering page on SQLite and PostgreSQL, and with and without 30 days of "
                        "history, measured in separate processes in turns (bench/interleave.py)")
    parser.add_argument("--interleave-rounds", type=int, default=6)
    parser.add_argument("--interleave-requests", type=int, default=40)
    parser.add_argument("--interleave-variants", default="sqlite,postgres,postgres-client-binding,postgres-server-binding",
                        help="see bench/interleave.py")
    parser.add_argument("--serve-offerings", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--page-budget", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--note", action="append", default=[], help="a paragraph to add under the targets")
    parser.add_argument("--results", help="keep each run's figures in this folder as <backend>-<n>.json")
    parser.add_argument("--reuse", action="store_true",
                        help="with --results: take a run's figures from its file when it exists")
    parser.add_argument("--postgres", action="store_true", help=argparse.SUPPRESS)  # run.py passes it on
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--offerings", type=int, help=argparse.SUPPRESS)
    return parser


def main() -> None:
    args = arguments().parse_args()
    if args.worker:
        json.dump(worker(args.worker, args.offerings, args), sys.stdout)
        return
    if args.serving_only:
        serve = saved_or_run("serving", args, lambda: serving(args))
        text = update_serving(DOC.read_text(encoding="utf-8"), serve, args)
        if args.no_write:
            print(serving_paragraph(serve, args), *serving_targets(serve), sep="\n")
        else:
            DOC.write_text(text, encoding="utf-8")
            print(f"bench_scale: updated the serving figures of {SECTION!r}", file=sys.stderr)
        return
    plan = [("sqlite", args.small), *([("sqlite", args.mid)] if args.mid else []), ("sqlite", args.large),
            ("postgres", args.small)]
    if args.postgres_large:
        plan.append(("postgres", args.large))
    results = [saved_or_run(f"{b}-{n}", args, lambda b=b, n=n: measure(b, n, args)) for b, n in plan]
    sizes = tuple(n for b, n in plan if b == "sqlite")  # smallest first
    in_turns = None if args.no_interleave else saved_or_run("sizes", args, lambda: sizes_interleaved(sizes, args))
    il = None if args.no_interleave else saved_or_run("interleave", args, lambda: interleaved(args))
    serve = None if args.no_serving else saved_or_run("serving", args, lambda: serving(args))
    history = {} if args.no_interleave else {
        n: saved_or_run(f"history-{n}", args, lambda n=n: history_interleaved(n, args))
        for n in (args.mid, args.large) if n}
    section = render(results, serve, il, args, history, in_turns)
    if args.no_write:
        print(section)
    else:
        write_section(section)
        print(f"bench_scale: wrote {SECTION!r} in {DOC.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
