"""Values described for error messages (short and safe), and the day a date fact gives."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.domain import yamlio
from trustreg.domain.values import describe_value, fact_date


def test_a_date_or_its_iso_text_gives_the_day():
    assert fact_date(dt.date(2026, 7, 5)) == dt.date(2026, 7, 5)
    assert fact_date("2026-07-05") == dt.date(2026, 7, 5)


@pytest.mark.parametrize("value", [dt.datetime(2026, 7, 5, 10, 0), "2026-02-30", "05/07/2026", "", 20260705,
                                   None, ["2026-07-05"]])
def test_anything_else_gives_no_day(value):
    assert fact_date(value) is None


@pytest.mark.parametrize(("value", "described"), [
    (None, "nothing"), (True, "a boolean (true)"), (False, "a boolean (false)"), (3, "a number (3)"),
    (2.5, "a number (2.5)"), ([1], "a list"), ({"a": 1}, "a mapping"), ("yes", "text 'yes'"),
    (dt.date(2026, 7, 5), "date"), (b"x", "bytes"),
])
def test_each_kind_of_value_is_named(value, described):
    assert describe_value(value) == described


def test_long_text_is_cut_to_forty_characters():
    assert describe_value("x" * 40) == f"text {'x' * 40!r}"
    assert describe_value("y" * 41) == f"text {'y' * 37 + '...'!r}"


def test_an_unreadable_scalar_is_described_by_its_own_words():
    value = yamlio.Unreadable("2026-02-30", "not a date on the calendar")
    assert describe_value(value) == repr(value)


@given(st.text(max_size=10_000))
def test_any_text_is_described_briefly_and_quoted_so_control_characters_show(text):
    out = describe_value(text)
    assert out.startswith("text ")
    assert len(out) <= len("text ") + 2 + 4 * 40 + 3 + 4  # quoted, escaped, cut
    assert "\n" not in out and "\r" not in out
