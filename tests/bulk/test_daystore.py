"""The past days' files on disk: the retention policy, the index's round trip, content-named files."""

from __future__ import annotations

import datetime as dt
import gzip

import brotli
from hypothesis import given, settings
from hypothesis import strategies as st

from trustreg.bulk import daystore

DAYS = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@given(first=DAYS, span=st.integers(0, 400), daily=st.integers(1, 60))
@settings(max_examples=60, deadline=None)
def test_the_kept_days_are_the_first_the_month_ends_and_the_last_days_and_every_other_day_leads_to_one(
        first, span, daily):
    today = first + dt.timedelta(days=span)
    with settings_daily(daily):
        kept = daystore.kept(first, today)
        assert kept == sorted(set(kept), reverse=True) and kept[-1] == first and kept[0] == today
        assert len(kept) <= daily + 1 + span // 28 + 1  # bounded by the policy, not by the history
        day = first
        while day <= today:
            assert daystore.is_kept(day, first, today) == (day in kept)
            if day not in kept:
                target = daystore.nearest_kept(day, first, today)
                assert target in kept and target < day
                assert not any(target < k < day for k in kept)  # the nearest before it
            day += dt.timedelta(days=1)
        assert not daystore.is_kept(first - dt.timedelta(days=1), first, today)
        assert not daystore.is_kept(today + dt.timedelta(days=1), first, today)


class settings_daily:  # noqa: N801 - a context manager read as a phrase
    """``TRUSTREG_ASOF_DAILY_DAYS`` for a block (Hypothesis runs many examples in one test)."""

    def __init__(self, days: int):
        self.days = days

    def __enter__(self) -> None:
        from django.conf import settings as django_settings

        self.had = getattr(django_settings, "TRUSTREG_ASOF_DAILY_DAYS", None)
        django_settings.TRUSTREG_ASOF_DAILY_DAYS = self.days

    def __exit__(self, *exc: object) -> None:
        from django.conf import settings as django_settings

        if self.had is None:
            del django_settings.TRUSTREG_ASOF_DAILY_DAYS
        else:
            django_settings.TRUSTREG_ASOF_DAILY_DAYS = self.had


@given(text=st.binary(max_size=5000), day=DAYS, n=st.integers(0, 10**9), top=st.integers(0, 10**9))
@settings(max_examples=15, deadline=None)
def test_a_days_text_reads_back_from_both_twins_and_the_index_round_trips(text, day, n, top):
    written = daystore.write_text(day, text)
    assert gzip.decompress(daystore.path(day, written.sha256, "gz").read_bytes()) == text
    assert brotli.decompress(daystore.path(day, written.sha256, "br").read_bytes()) == text
    f = daystore.DayFile(written.sha256, written.size, written.gzip_size, written.br_size,
                         dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC), "frame", (n, top), 7)
    index = daystore.Index(day, "frame", dt.datetime(2026, 5, 2, tzinfo=dt.UTC), {day: f})
    daystore.write_index(index)
    assert daystore.read_index() == index
    daystore.prune(index)  # the earlier examples' files
    assert sorted(p.name for p in daystore.day_dir().glob("*.json.*")) == sorted(
        daystore.path(day, written.sha256, t).name for t in ("br", "gz"))
    assert daystore.disk_bytes(index) == written.gzip_size + written.br_size


def test_a_new_text_for_a_day_gets_new_files_and_the_old_ones_go_once_the_index_moves():
    day = dt.date(2026, 5, 1)
    old, new = daystore.write_text(day, b'{"a": 1}\n'), daystore.write_text(day, b'{"a": 2}\n')
    assert daystore.path(day, old.sha256, "gz").exists() and daystore.path(day, new.sha256, "gz").exists()
    f = daystore.DayFile(new.sha256, new.size, new.gzip_size, new.br_size, dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
                         "frame", (1, 1))
    index = daystore.Index(day, "frame", None, {day: f})
    daystore.write_index(index)
    assert daystore.prune(index) == old.gzip_size + old.br_size
    assert not daystore.path(day, old.sha256, "gz").exists() and daystore.path(day, new.sha256, "br").exists()


def test_an_index_of_another_format_reads_as_empty():
    assert daystore.Index.from_json({"format": 0, "days": {"2026-05-01": {}}}) == daystore.Index()
