from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.ingest.numbers import find_durations, parse_number, words_to_int

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    """A reference spelling of 0..9999, written independently of the parser."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " and " + in_words(rest))
    rest = n % 1000
    return in_words(n // 1000) + " thousand" + ("" if rest == 0 else " " + in_words(rest))


@given(st.integers(min_value=0, max_value=9999))
def test_numbers_written_as_words_parse_to_their_value(n):
    assert words_to_int(in_words(n)) == n


@given(st.integers(min_value=1, max_value=999))
def test_words_followed_by_bracketed_digits_use_the_digits(n):
    assert parse_number(f"{in_words(n)} ({n})") == n


def test_bracketed_digits_win_over_disagreeing_words():
    assert parse_number("thirty (45)") == 45


def test_text_that_is_not_a_number_parses_to_none():
    assert words_to_int("thirtyish") is None
    assert parse_number("many") is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("stored for up to thirty (30) days.", 30),
        ("retained for 30 days", 30),
        ("kept for ninety days", 90),
        ("a 30-day window", 30),
        ("for up to 2 years", 730),
        ("for six months", 180),
        ("deleted after 12 months", 365),
        ("for 24 months", 730),
        ("for 18 months", 540),
        ("one hundred and twenty days", 120),
    ],
)
def test_durations_convert_to_days(text, days):
    (duration,) = find_durations(text)
    assert duration.days_high == days


@pytest.mark.parametrize(
    "text", ["7 to 14 days", "between 7 and 14 days", "7-14 days", "seven to fourteen days"]
)
def test_ranges_are_one_duration_with_both_ends(text):
    (duration,) = find_durations(text)
    assert (duration.days_low, duration.days_high) == (7, 14)
    assert duration.is_range


def test_hours_are_kept_as_hours():
    (duration,) = find_durations("cached for up to 24 hours")
    assert duration.unit == "hour"
    assert duration.high == 24


@given(st.integers(min_value=1, max_value=500), st.text(max_size=30), st.text(max_size=30))
def test_a_duration_is_found_wherever_it_sits_and_its_offsets_slice_it(n, before, after):
    text = f"{before} for {n} days {after}"
    durations = [d for d in find_durations(text) if d.days_high == n and d.unit == "day"]
    assert durations
    assert any(text[d.start : d.end].startswith(str(n)) for d in durations)
