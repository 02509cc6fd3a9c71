"""The scale benchmark's command (``bench/bench_scale.py``): its flags, and its results kept and reused."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tests.bench.test_benchdoc import BENCH, load


def test_every_flag_of_the_command_is_still_accepted():
    args = load("bench_scale").arguments().parse_args(
        ["--small", "20", "--mid", "30", "--large", "40", "--postgres-large", "--no-serving", "--serving-only",
         "--no-interleave", "--interleave-rounds", "2", "--interleave-requests", "4", "--interleave-variants",
         "sqlite", "--serve-offerings", "50", "--port", "1", "--wrk-seconds", "1", "--requests", "3",
         "--page-budget", "1", "--seed", "3", "--no-write", "--note", "n", "--results", "r", "--reuse",
         "--postgres", "--worker", "sqlite", "--offerings", "20"])
    assert (args.small, args.mid, args.large, args.worker, args.results, args.reuse) == (20, 30, 40, "sqlite", "r", True)


def test_kept_figures_are_reused_and_a_run_without_them_is_kept(tmp_path: Path):
    bench = load("bench_scale")
    args = argparse.Namespace(results=str(tmp_path), reuse=True)
    (tmp_path / "sqlite-20.json").write_text(json.dumps({"kept": 1}))
    assert bench.saved_or_run("sqlite-20", args, lambda: {"kept": 2}) == {"kept": 1}
    fresh = bench.saved_or_run("sqlite-40", args, lambda: {"kept": 3})
    assert fresh["kept"] == 3 and json.loads((tmp_path / "sqlite-40.json").read_text()) == fresh


def test_only_benchmarks_are_named_bench_so_make_bench_runs_no_helper():
    for script in BENCH.glob("bench_*.py"):
        assert 'if __name__ == "__main__":' in script.read_text(), script.name
