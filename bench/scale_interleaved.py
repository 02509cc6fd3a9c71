"""The runs in turns (``interleave.py``, separate processes): the offering page on PostgreSQL vs
SQLite, and with vs without 30 days of history; and their rows and paragraph in the section."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scale_config import SIZE_PAGES
from scale_figures import ratio, ratio_of


def interleaved(args: argparse.Namespace) -> dict[str, Any]:
    print("bench_scale: the offering page on SQLite and PostgreSQL in turns ...", file=sys.stderr, flush=True)
    from interleave import measure as measure_interleaved

    return measure_interleaved(args.small, args.interleave_rounds, args.interleave_requests, args.seed,
                               tuple(args.interleave_variants.split(",")))


def history_interleaved(offerings: int, args: argparse.Namespace) -> dict[str, Any]:
    """The history target measured as the PostgreSQL one is: one process with no checks and one with
    30 days of them committed, taking turns (``bench/interleave.py``). In one process the month was
    added in a transaction, measured and rolled back, in blocks minutes apart; its ratios swung
    (1.29x at 2,000 in one run) with no work found that grows with the history."""
    from interleave import measure as measure_interleaved

    return measure_interleaved(offerings, args.interleave_rounds, args.interleave_requests // 2, args.seed,
                               ("sqlite", "sqlite-30d", "sqlite-again"))


def sizes_interleaved(sizes: tuple[int, ...], args: argparse.Namespace) -> dict[str, Any]:
    """The size targets measured in turns: one SQLite process a size, each page requested in each in
    turn (``interleave.measure_sizes``). The columns of the table ran minutes apart, and on this
    shared machine the CPU time of a page whose work is fixed moved by up to 1.5x between them."""
    print(f"bench_scale: the pages at {', '.join(map(str, sizes))} offerings in turns ...", file=sys.stderr, flush=True)
    from interleave import measure_sizes

    return measure_sizes(sizes, tuple(SIZE_PAGES), args.interleave_rounds, max(args.interleave_requests // 4, 1),
                         args.seed)


def size_targets(sizes: dict[str, Any], columns: dict[tuple[str, int], float]) -> list[tuple[str, str, str, bool]]:
    """Each page's size ratio from the run in turns; the same ratio read across the table's columns
    (``columns``: (page, size) to median CPU) shown beside it."""
    small, rows = sizes["sizes"][0], []
    for page, label in SIZE_PAGES.items():
        base = sizes["pages"][page][str(small)]["cpu_median"]
        for n in sizes["sizes"][1:]:
            x = ratio_of(sizes["pages"][page][str(n)]["cpu_median"], base)
            shown, ok = ratio(x, 1.3)
            across = ""
            if (page, n) in columns and (page, small) in columns:
                across = f"; across the columns: {ratio(ratio_of(columns[page, n], columns[page, small]), 1.3)[0]}"
            rows.append((f"{label} at {n:,} vs {small:,} offerings (SQLite, separate processes in turns, "
                         f"{sizes['rounds']} rounds, median CPU)", "≤ 1.3x",
                         f"{shown} ({sizes['pages'][page][str(n)]['cpu_median']:.1f} vs {base:.1f} ms{across})", ok))
    return rows


def sizes_paragraph(sizes: dict[str, Any]) -> str:
    load = sizes["loadavg"]
    return (f"**Pages at each size, in turns** (`bench/interleave.py --sizes`, run by this benchmark; started "
            f"{sizes['started']}, 1-minute load average {min(load):.1f}-{max(load):.1f}). One SQLite process a "
            f"registry size ({', '.join(f'{n:,}' for n in sizes['sizes'])} offerings, each loaded once, page cache "
            f"off); {sizes['rounds']} rounds, and in each round every page requested {sizes['requests']} times in "
            "each process in turn (the order of the sizes turning each round), so that the machine's other work "
            "falls on every size alike. The size targets above are read from this run: " + "; ".join(
                f"`{sizes['urls'][page]}` " + " / ".join(
                    f"{sizes['pages'][page][str(n)]['cpu_median']:.1f}" for n in sizes["sizes"])
                + f" ms CPU, {sizes['pages'][page][str(sizes['sizes'][0])]['queries']} q"
                for page in sizes["pages"]) + " (median CPU at each size, in the order above).")


def history_target(offerings: int, h: dict[str, Any]) -> tuple[str, str, str, bool]:
    none, month = h["variants"]["sqlite"], h["variants"]["sqlite-30d"]
    shown, ok = ratio(ratio_of(month["cpu_median"], none["cpu_median"]), 1.1)
    again = h["variants"].get("sqlite-again")  # a second process with none: how far two processes differ
    control = (f"; a second process with none: {ratio(ratio_of(again['cpu_median'], none['cpu_median']), 1.1)[0]}"
               if again else "")
    return (f"Offering page after 30 days of monitor history vs none ({offerings:,}, SQLite, separate processes "
            f"in turns, {h['rounds']} rounds, median CPU)", "≤ 1.1x",
            f"{shown} ({month['cpu_median']:.1f} vs {none['cpu_median']:.1f} ms{control})", ok)


VARIANT_NAMES = {
    "postgres": "PostgreSQL, the settings as deployed",
    "postgres-client-binding": "PostgreSQL with client-side binding, nothing prepared (`TRUSTREG_PG_SERVER_BINDING=0`)",
    "postgres-server-binding": "PostgreSQL with server-side binding, statements prepared (`TRUSTREG_PG_SERVER_BINDING=1`)",
    "postgres-no-health-check": "PostgreSQL as deployed without `CONN_HEALTH_CHECKS`",
}


def _deployed(v: dict[str, Any]) -> str:
    return (f"server-side binding, prepare_threshold {v['prepare_threshold']}" if v["server_side_binding"]
            else "client-side binding, nothing prepared") + (", health checks" if v["health_checks"] else "")


def interleaved_targets(il: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """The offering page on PostgreSQL vs SQLite, from the interleaved measurement: the settings as
    deployed are the issue's target; the other variants are shown beside it."""
    lite, rows = il["variants"]["sqlite"], []
    for variant, v in il["variants"].items():
        if variant == "sqlite":
            continue
        what = (f"as deployed ({_deployed(v)})" if variant == "postgres"
                else f"(not in the issue) {VARIANT_NAMES[variant]}")
        for key, label in (("cpu", "CPU of Django and of the database server process"), ("wall", "wall time")):
            x = ratio_of(v[f"{key}_median"], lite[f"{key}_median"])
            rows.append((f"Offering page on PostgreSQL vs SQLite, {what}: {il['offerings']:,} offerings, "
                         f"interleaved, median {label}", "≤ 1.3x", *ratio(x, 1.3)))
    return rows


def interleaved_paragraph(il: dict[str, Any]) -> str:
    load = il["loadavg"]
    parts = []
    for variant, v in il["variants"].items():
        name = "SQLite" if variant == "sqlite" else VARIANT_NAMES[variant]
        name += f" ({_deployed(v)})" if variant == "postgres" else ""
        parts.append(f"{name}: wall {v['wall_median']:.1f} / "
                     f"{v['wall_p95']:.1f} ms, CPU {v['cpu_median']:.1f} / {v['cpu_p95']:.1f} ms (median / p95)"
                     + (f", of which the server process {v['server_ms']:.1f} ms" if variant != "sqlite" else "")
                     + f", {v['queries']} queries, n={v['n']}")
    return (f"**Offering page, PostgreSQL vs SQLite, interleaved** (`bench/interleave.py`, run by this benchmark; "
            f"started {il['started']}, 1-minute load average {min(load):.1f}-{max(load):.1f}). The same page "
            f"(`{il['url']}`, {il['offerings']:,} offerings, page cache off) in one process per database, each "
            f"with the same registry loaded; {il['rounds']} rounds of {il['requests']} requests each, the processes "
            "taking turns within a round (in a different order each round), so that the machine's other work falls "
            "on all alike. CPU per request is the process's plus, on PostgreSQL, the CPU time of the connection's "
            "server process over the round divided by its requests. " + "; ".join(parts) + ".")
