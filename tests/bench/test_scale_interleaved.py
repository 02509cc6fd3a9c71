"""The rows of the runs in turns (``bench/scale_interleaved.py``): PostgreSQL vs SQLite, and history."""

from __future__ import annotations

from tests.bench.test_benchdoc import load


def test_postgres_against_sqlite_is_judged_on_the_figures_shown():
    turns = load("scale_interleaved")
    il = {"offerings": 200, "variants": {
        "sqlite": {"cpu_median": 10.0, "wall_median": 10.0},
        "postgres": {"cpu_median": 13.04, "wall_median": 13.06, "server_side_binding": False, "health_checks": True}}}
    assert [(got, ok) for _, _, got, ok in turns.interleaved_targets(il)] == [("1.30x", True), ("1.31x", False)]


def test_the_history_target_is_judged_on_the_separate_processes_when_they_ran():
    turns = load("scale_interleaved")
    h = {"rounds": 6, "variants": {"sqlite": {"cpu_median": 30.0}, "sqlite-30d": {"cpu_median": 31.5}}}
    label, aim, shown, ok = turns.history_target(2000, h)
    assert (aim, shown, ok) == ("≤ 1.1x", "1.05x (31.5 vs 30.0 ms)", True)
    assert "separate processes" in label and "2,000" in label


def test_the_history_target_shows_how_far_two_processes_with_no_history_differ():
    turns = load("scale_interleaved")
    h = {"rounds": 6, "variants": {"sqlite": {"cpu_median": 30.0}, "sqlite-30d": {"cpu_median": 31.5},
                                   "sqlite-again": {"cpu_median": 33.3}}}
    _, _, shown, ok = turns.history_target(20000, h)
    assert (shown, ok) == ("1.05x (31.5 vs 30.0 ms; a second process with none: 1.11x)", True)
