"""The "Scale (issue 15)" section of docs/benchmarks.md: the measurements table of every run and the
targets table of the issue."""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from benchdoc import shown_at_most
from scale_config import (
    AS_OF_PAGES,
    DATA_JSON,
    FINDINGS,
    HISTORY_ROUNDS,
    ISSUE_LARGE,
    OTHER_PAGES,
    PAGES,
    SECTION,
    SIZE_PAGES,
)
from scale_figures import SECONDS_DIGITS, ratio, ratio_of, verdict
from scale_interleaved import (
    history_target,
    interleaved_paragraph,
    interleaved_targets,
    size_targets,
    sizes_paragraph,
)
from scale_serving import serving_paragraph, serving_targets


def render(results: list[dict[str, Any]], serve: dict[str, Any] | None, interleaved: dict[str, Any] | None,
           args: argparse.Namespace, history: dict[int, dict[str, Any]] | None = None,
           sizes: dict[str, Any] | None = None) -> str:
    runs = {(r["backend"], r["offerings"]): r for r in results}
    small, large = args.small, args.large
    sq_s, sq_l = runs[("sqlite", small)], runs[("sqlite", large)]
    bigger = [n for b, n in sorted(runs) if b == "sqlite" and n > small]  # the mid size (if any), then large
    loads = [x for r in results for x in r["loadavg"]]
    lines = [
        SECTION, "",
        f"Measured {time.strftime('%Y-%m-%d', time.gmtime())} by `make bench` (`bench/bench_scale.py`) on "
        f"{os.cpu_count()} CPUs; 1-minute load average {min(loads):.1f}-{max(loads):.1f} during the runs (the "
        "machine is shared with other work, so absolute figures are noisy). Synthetic registries from `bench/synthetic.py` (seed "
        f"{args.seed}). Page times are server time through Django's test client: wall-clock median / p95 over "
        "n requests, and the median CPU time of the process (on SQLite the database runs in the process, so this "
        "is the whole work, and it is far less disturbed by the other jobs on the machine than wall time: the "
        "size and history ratios use it; on PostgreSQL the CPU time of the connection's server process over "
        "the n requests, read from /proc in 10 ms ticks, is added per request as its mean). Pages are rendered "
        "on every request (the page cache off, `TRUSTREG_PAGE_CACHE=0`), except the two rows marked as served "
        "from the page cache, which is what a visitor gets between public changes. Load and export are "
        "wall time and, in brackets, CPU time (on PostgreSQL with the server process's); the verdicts use the "
        "CPU time, the steadier figure on this shared machine. Each column ran in its own process, at the time shown: "
        + ", ".join(f"{b} {n:,} {r.get('measured_at', '?')}" for (b, n), r in runs.items()) + ".",
        "",
        "| Measurement | " + " | ".join(f"{b} {n:,}" for b, n in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    def secs(r: dict[str, Any], key: str) -> str:
        if key not in r:
            return "not measured"
        cpu = r.get(key.replace("_s", "_cpu_s"))
        return f"{r[key]:.1f} s" + (f" (CPU {cpu:.1f} s)" if cpu is not None else "")

    for key, label in (("load_s", "`trustreg load` of the data files (read_dir + registry_load)"),
                       ("read_s", "of which read_dir (the same folder read alone, just before)"),
                       ("bulk_s", "bulk files built after the load"),
                       ("export_s", "export (bundle_from_db + write_dir)"),
                       ("reexport_s", "export again into the same folder")):
        lines.append(f"| {label} | " + " | ".join(secs(r, key) for r in runs.values()) + " |")
    lines.append("| files rewritten by the second export | "
                 + " | ".join(f"{r['reexport_written']} ({'identical' if r['reexport_identical'] else 'CHANGED'})"
                              for r in runs.values()) + " |")
    def cell(r: dict[str, Any], page: str) -> str:
        if page not in r["pages"]:
            return "not timed at this size"
        p = r["pages"][page]
        return f"{p['median_ms']:.1f} / {p['p95_ms']:.1f} ms (CPU {p['cpu_ms']:.1f}), {p['queries']} q (n={p['n']})"

    for page in (*PAGES, "index_cached", "offering_cached", "data_json", *AS_OF_PAGES, *OTHER_PAGES):
        url = ({**OTHER_PAGES, "data_json": DATA_JSON}.get(page) or sq_s["pages"].get(page, {}).get("url", page)
               if page not in AS_OF_PAGES else f"{DATA_JSON}?as_of=DAY")
        note = {"offering_30d": " after 30 days of checks", "offering_1d": " after 1 day of checks (undone)",
                "offering_turns": f" with no checks, {HISTORY_ROUNDS} rounds in turns with the next row",
                "offering_30d_turns": " after 30 days of checks (undone after each round), in turns",
                "index_cached": " served from the page cache", "offering_cached": " served from the page cache",
                **dict.fromkeys(OTHER_PAGES, " (no target)"), **AS_OF_PAGES}.get(page, "")
        lines.append(f"| `{url}`{note} | " + " | ".join(cell(r, page) for r in runs.values()) + " |")
    lines.append("| a past day's data.json file: text / gzip / brotli twins kept (`bulk.daystore`) | " + " | ".join(
        "{size:,} / {gzip_size:,} / {br_size:,} bytes".format(**r["as_of_file"]) if "as_of_file" in r
        else "not measured" for r in runs.values()) + " |")
    lines.append("| quote checks added for the 30 days | " + " | ".join(f"{r['history_checks']:,}" for r in runs.values()) + " |")

    targets: list[tuple[str, str, str, bool]] = []
    if sizes:  # the verdicts from the pages measured in turns; the columns' ratios shown beside them
        targets += size_targets(sizes, {(page, n): r["pages"][page]["cpu_ms"] for (b, n), r in runs.items()
                                        if b == "sqlite" for page in SIZE_PAGES if page in r["pages"]})
    for page, label in SIZE_PAGES.items() if not sizes else ():
        for n in bigger:
            if page not in runs[("sqlite", n)]["pages"] or page not in sq_s["pages"]:
                continue  # a run saved before the row was measured
            x = ratio_of(runs[("sqlite", n)]["pages"][page]["cpu_ms"], sq_s["pages"][page]["cpu_ms"])
            targets.append((f"{label} at {n:,} vs {small:,} offerings (CPU)", "≤ 1.3x", *ratio(x, 1.3)))
    for n in bigger:
        if "data_json_as_of" in runs[("sqlite", n)]["pages"] and "data_json_as_of" in sq_s["pages"]:
            x = ratio_of(runs[("sqlite", n)]["pages"]["data_json_as_of"]["cpu_ms"], sq_s["pages"]["data_json_as_of"]["cpu_ms"])
            targets.append((f"`/data.json?as_of=DAY` (a browser's Accept-Encoding) at {n:,} vs {small:,} offerings (CPU)",
                            "≤ 1.3x", *ratio(x, 1.3)))
    for n, run in [(n, r) for (b, n), r in sorted(runs.items()) if b == "sqlite"]:
        turns = "offering_turns" in run["pages"]  # measured in turns (since 2026-12-03 10:00 UTC)
        none, month = ("offering_turns", "offering_30d_turns") if turns else ("offering", "offering_30d")
        x = ratio_of(run["pages"][month]["cpu_ms"], run["pages"][none]["cpu_ms"])
        label = "Offering page after 30 days of monitor history vs none"
        if history and n in history:  # the verdict: separate processes, the history committed
            targets.append(history_target(n, history[n]))
            label = "(not in the issue) the same in one process, 30 days added and rolled back"
        targets.append((f"{label} ({n:,}, SQLite, CPU" + (f", {HISTORY_ROUNDS} rounds in turns)" if turns else ")"),
                        "≤ 1.1x", *ratio(x, 1.1)))
        if "offering_1d" in run["pages"]:  # the history's length alone, the first check's content aside
            y = ratio_of(run["pages"]["offering_30d"]["cpu_ms"], run["pages"]["offering_1d"]["cpu_ms"])
            targets.append((f"(not in the issue) the same, 30 days vs 1 day of history ({n:,}, SQLite, CPU)",
                            "≤ 1.1x", *ratio(y, 1.1)))
    if interleaved:
        targets += interleaved_targets(interleaved)
    if serve:
        targets += serving_targets(serve)
    load_cpu, export_cpu = sq_l.get("load_cpu_s", sq_l["load_s"]), sq_l.get("export_cpu_s", sq_l["export_s"])
    read = f"read_dir alone {sq_l.get('read_cpu_s', sq_l['read_s']):.1f} s CPU, {sq_l['read_s']:.1f} s wall"
    (load_shown, load_ok), (wall_shown, wall_ok), (export_shown, export_ok) = (
        shown_at_most(load_cpu, 60, SECONDS_DIGITS), shown_at_most(sq_l["load_s"], 60, SECONDS_DIGITS),
        shown_at_most(export_cpu, 30, SECONDS_DIGITS))
    targets.append((f"Load of {large:,} offerings, `trustreg load` end to end: read_dir + registry_load (CPU)",
                    "≤ 60 s", f"{load_shown} s ({read})", load_ok))
    targets.append((f"Load of {large:,} offerings, `trustreg load` end to end (wall)", "≤ 60 s",
                    f"{wall_shown} s", wall_ok))
    targets.append((f"Export of {large:,} offerings (CPU; wall in brackets), first / again", "≤ 30 s",
                    f"{export_shown} s ({sq_l['export_s']:.1f} s wall) / {sq_l['reexport_s']:.1f} s wall",
                    export_ok))
    lines += ["", "### Targets (issue 15)", "", "| Target | Aim | Measured | |", "|---|---|---:|---|"]
    lines += [f"| {t} | {aim} | {got} | {verdict(ok)} |" for t, aim, got, ok in targets]
    if large < ISSUE_LARGE:
        lines += ["", f"The issue's targets are set at {ISSUE_LARGE:,} offerings; the largest registry of this run "
                  f"has {large:,}, so the size and load/export verdicts above are for {large:,}, not {ISSUE_LARGE:,}."]
    if sizes:
        lines += ["", sizes_paragraph(sizes)]
    if interleaved:
        lines += ["", interleaved_paragraph(interleaved)]
    if serve:
        lines += ["", serving_paragraph(serve, args)]
    for note in args.note:
        lines += ["", note]
    lines += ["", f"What was found and changed, and figures measured by hand, are in the next section, "
              f"\"{FINDINGS[3:]}\": this benchmark rewrites only this one.", ""]
    return "\n".join(lines)
