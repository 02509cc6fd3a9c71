"""How the scale section shows and judges a figure (``bench/scale_figures.py``)."""

from __future__ import annotations

from tests.bench.test_benchdoc import load


def test_a_ratio_is_judged_on_the_figure_the_table_shows():
    figures = load("scale_figures")
    assert figures.ratio(1.104, 1.1) == ("1.10x", True)
    assert figures.ratio(1.106, 1.1) == ("1.11x", False)


def test_a_ratio_against_nothing_is_infinite_and_misses():
    figures = load("scale_figures")
    assert figures.ratio(figures.ratio_of(3.0, 0.0), 1.3) == ("infx", False)
