from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain.health import QuoteFinder, median, month_ends, percentile


def test_median_and_percentile_of_nothing_are_none():
    assert median([]) is None and percentile([], 90) is None


def test_median_takes_the_middle_or_the_mean_of_the_two_middles():
    assert median([5, 1, 3]) == 3.0
    assert median([4, 1, 3, 2]) == 2.5


def test_the_90th_percentile_is_the_nearest_rank():
    assert percentile(list(range(1, 11)), 90) == 9.0
    assert percentile(list(range(1, 12)), 90) == 10.0
    assert percentile([7], 90) == 7.0


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=200))
def test_the_percentile_has_at_least_that_share_of_values_at_or_below_it(values):
    p90 = percentile(values, 90)
    assert p90 in values
    assert sum(v <= p90 for v in values) >= 0.9 * len(values)
    assert sum(v < p90 for v in values) < 0.9 * len(values)
    assert min(values) <= median(values) <= max(values)


def test_month_ends_stop_at_the_start_and_end_with_today():
    today = dt.date(2026, 3, 15)
    assert month_ends(dt.date(2025, 12, 20), today, 12) == [
        dt.date(2025, 12, 31), dt.date(2026, 1, 31), dt.date(2026, 2, 28), today]
    assert len(month_ends(dt.date(2000, 1, 1), today, 12)) == 13


def test_a_quote_is_found_in_a_copy_under_the_quote_normalisation():
    finder = QuoteFinder({"c": "Customer data is\nnot used to “train” models."})
    assert finder.found('not used to "train" models', "c")
    assert not finder.found("is used to train", "c") and not finder.found("not used", "missing")
