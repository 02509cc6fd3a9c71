"""The "Scale (issue 15)" section (``bench/scale_section.py``): a column per run, the targets judged."""

from __future__ import annotations

import argparse

from tests.bench.test_benchdoc import load


def run(offerings: int, offering_ms: float, index_ms: float) -> dict:
    def page(ms: float) -> dict:
        return {"url": "/", "n": 3, "median_ms": ms, "p95_ms": ms, "cpu_ms": ms, "queries": 5}

    return {"backend": "sqlite", "offerings": offerings, "loadavg": [1.0], "load_s": 2.0, "load_cpu_s": 1.5,
            "read_s": 0.5, "bulk_s": 0.1, "export_s": 1.0, "reexport_s": 0.5, "reexport_written": 0,
            "reexport_identical": True, "history_checks": 90, "measured_at": "17:00 UTC",
            "pages": {"index": page(index_ms), "offering": page(offering_ms), "offering_30d": page(offering_ms)}}


def test_the_section_has_a_column_per_run_and_judges_each_target():
    section = load("scale_section")
    args = argparse.Namespace(small=20, large=40, seed=2, note=["A note."])
    text = section.render([run(20, 10.0, 10.0), run(40, 10.0, 14.0)], None, None, args)
    assert text.startswith("## Scale (issue 15)\n") and "| Measurement | sqlite 20 | sqlite 40 |" in text
    assert "| Index `/` at 40 vs 20 offerings (CPU) | ≤ 1.3x | 1.40x | **missed** |" in text
    assert "| Offering page after 30 days of monitor history vs none (40, SQLite, CPU) | ≤ 1.1x | 1.00x | met |" in text
    assert "the size and load/export verdicts above are for 40, not 20,000" in text and "\n\nA note.\n" in text
    assert text.endswith('"Scale (issue 15): findings and changes": this benchmark rewrites only this one.\n')


def sizes_in_turns(index_ms: dict[int, float]) -> dict:
    def figures(ms: float) -> dict:
        return {"cpu_median": ms, "cpu_p95": ms, "wall_median": ms, "queries": 7, "n": 12}

    pages = ("index", "question", "picker", "not_found", "fit", "api_fit")
    return {"sizes": sorted(index_ms), "rounds": 6, "requests": 2, "started": "23:40 UTC", "loadavg": [2.0, 3.5],
            "urls": {p: f"/{p}/" for p in pages},
            "pages": {p: {str(n): figures(ms if p == "index" else 5.0) for n, ms in index_ms.items()} for p in pages}}


def test_the_size_targets_are_judged_on_the_run_in_turns_with_the_columns_ratio_beside_them():
    section = load("scale_section")
    args = argparse.Namespace(small=20, large=40, seed=2, note=[])
    text = section.render([run(20, 10.0, 10.0), run(40, 10.0, 14.0)], None, None, args, None,
                          sizes_in_turns({20: 10.0, 40: 12.0}))
    assert ("| Index `/` at 40 vs 20 offerings (SQLite, separate processes in turns, 6 rounds, median CPU) | ≤ 1.3x "
            "| 1.20x (12.0 vs 10.0 ms; across the columns: 1.40x) | met |") in text
    assert "| Index `/` at 40 vs 20 offerings (CPU) |" not in text  # the columns no longer judge it
    assert "**Pages at each size, in turns**" in text and "1-minute load average 2.0-3.5" in text
    assert "`/index/` 10.0 / 12.0 ms CPU, 7 q" in text


def test_a_size_ratio_over_the_aim_in_turns_is_missed_whatever_the_columns_say():
    section = load("scale_section")
    args = argparse.Namespace(small=20, large=40, seed=2, note=[])
    text = section.render([run(20, 10.0, 10.0), run(40, 10.0, 10.0)], None, None, args, None,
                          sizes_in_turns({20: 10.0, 40: 13.1}))
    assert "| 1.31x (13.1 vs 10.0 ms; across the columns: 1.00x) | **missed** |" in text
