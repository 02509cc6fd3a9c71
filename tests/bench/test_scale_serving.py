"""The serving part's rows of the targets table (``bench/scale_serving.py``)."""

from __future__ import annotations

from tests.bench.test_benchdoc import load

SECTION = ("# B\n\n## Scale (issue 15)\n\nTable.\n\n| `wrk -c8` rate of old | ≥ 1/10 | 1/3.0 | met |\n\n"
           "Serving: old paragraph.\n\n## Next\n\nText.\n")
SERVE = {"rates": {"static": 1004.0, "offering": 100.0}, "offerings": 2000, "processes_alive": [True],
         "pairs": [{"page": "offering", "static": "static", "rate": [100.0, 1004.0], "cpu_ms": [10.04, 1.0]}]}


def test_the_wrk_rows_judge_the_rates_and_the_cpu_on_the_figures_they_show():
    serving = load("scale_serving")
    rows = serving.serving_targets(SERVE)
    assert [(got.split(" ")[0], ok) for _, _, got, ok in rows] == [("1/10.0", True), ("1/10.0", True)]


def test_serving_only_replaces_its_paragraph_and_rows_and_leaves_the_rest():
    serving = load("scale_serving")
    args = type("Args", (), {"wrk_seconds": 10})()
    updated = serving.update_serving(SECTION, SERVE, args)
    assert "old" not in updated and updated.count("| `wrk -c8`") == 2
    assert updated.startswith("# B\n\n## Scale (issue 15)\n\nTable.\n\n") and updated.endswith("## Next\n\nText.\n")
