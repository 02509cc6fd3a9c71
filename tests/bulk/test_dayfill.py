"""The past days' data.json files: each shows its day (its grades the replay's, its offering details
those in force when the day ended), or is dropped and replayed."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import brotli
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from tests.bulk.days import build_at, fill_at, load, regraded, renamed, small
from tests.history_helpers import at, frozen
from trustreg.bulk import build, dayfill, daystore, store
from trustreg.domain.fieldtypes import replace
from trustreg.domain.history import end_of_day

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_the_bulk_files(settings):
    """The calendars and fit results the parts above add are not what these tests are about."""
    settings.TRUSTREG_BULK_FILES = []

D1, D2, D3 = dt.date(2026, 5, 1), dt.date(2026, 5, 2), dt.date(2026, 5, 3)


def kept_text(day: dt.date) -> bytes:
    index = daystore.read_index()
    assert index is not None and day in index.days, f"no file for {day}"
    f = index.days[day]
    text = gzip.decompress(daystore.path(day, f.sha256, "gz").read_bytes())
    assert brotli.decompress(daystore.path(day, f.sha256, "br").read_bytes()) == text
    assert len(text) == f.size
    return text


def replay(day: dt.date, hour: int = 23) -> bytes:
    with frozen(at(day.isoformat(), hour)):
        return dayfill.replay_text(day)


def test_the_replay_of_today_is_the_data_json_a_build_writes(built):
    generation = build.build()
    today = generation.day
    assert generation.file(build.DATA_JSON).read_bytes() == dayfill.replay_text(today) == kept_text(today)


def test_a_days_last_build_stays_its_file_when_nothing_was_written_after_it():
    b = small()
    load(b, "2026-05-01")
    build_at("2026-05-01", 20)
    load(regraded(b, 1), "2026-05-03")
    build_at("2026-05-03")
    assert set(daystore.read_index().days) == {D1, D3}
    assert kept_text(D1) == replay(D1) != kept_text(D3)
    assert kept_text(D3) == replay(D3)


def test_a_write_after_the_days_last_build_drops_its_file_until_the_worker_replays_it():
    b = small()
    load(b, "2026-05-01", 10)
    build_at("2026-05-01", 11)
    stale = kept_text(D1)
    load(regraded(b, 2), "2026-05-01", 18)  # a build was queued: it runs after midnight
    build_at("2026-05-02", 0)
    with frozen(at("2026-05-02", 1)):
        assert D1 not in daystore.read_index().days and dayfill.missing() == [D1]
    fill_at("2026-05-02", 1)
    assert kept_text(D1) == replay(D1)
    assert replay(D1) != stale


def has_summary(text: bytes, summary: str) -> bool:
    """Whether ``text`` gives its offering the summary ``summary``."""
    return text.count(b'"summary": ' + json.dumps(summary, ensure_ascii=False).encode()) == 1


def test_an_edit_to_offering_details_leaves_every_settled_past_day_as_it_was_published(client):
    b = small()
    load(b, "2026-05-01")
    build_at("2026-05-01")
    load(regraded(b, 3), "2026-05-02")
    build_at("2026-05-02")
    build_at("2026-05-03", 0)  # the worker's build after midnight: the 2nd's details outlived it
    published = {day: kept_text(day) for day in (D1, D2)}
    load(renamed(regraded(b, 3), "A summary written on the third."), "2026-05-03")  # no revision
    build_at("2026-05-03")
    assert set(daystore.read_index().days) == {D1, D2, D3} and fill_at("2026-05-03") == []
    for day in (D1, D2):
        # a replay now shows the details in force then too (registry.details), as the day published them
        assert kept_text(day) == published[day] == replay(day)
        assert has_summary(replay(day), b.offerings[0].summary)
    assert b"A summary written on the third." in kept_text(D3) and kept_text(D3) == replay(D3)
    with frozen(at("2026-05-03", 22)):
        r = client.get("/data.json?as_of=2026-05-02", HTTP_ACCEPT_ENCODING="gzip")
    assert r.status_code == 200 and gzip.decompress(b"".join(r.streaming_content)) == published[D2]


def test_an_edit_no_refresh_saw_after_its_days_last_build_drops_that_day_and_the_fill_replays_it():
    b = small()
    load(b, "2026-05-01")
    build_at("2026-05-01")
    load(regraded(b, 3), "2026-05-02", 10)
    build_at("2026-05-02", 11)
    load(renamed(regraded(b, 3), "Renamed late on the second."), "2026-05-02", 22)  # its build runs on the 3rd
    build_at("2026-05-03", 0)
    assert set(daystore.read_index().days) == {D1, D3}  # the 1st was settled by the build on the 2nd
    assert fill_at("2026-05-03", 1) == [D2]
    assert b"Renamed late on the second." in kept_text(D2) and kept_text(D2) == replay(D2)
    assert b"Renamed late on the second." not in kept_text(D1)


def test_only_the_kept_days_keep_files_and_the_others_are_removed_from_disk(settings):
    settings.TRUSTREG_ASOF_DAILY_DAYS = 2
    b = small()
    load(b, "2026-05-01")
    fill_at("2026-05-01")
    load(regraded(b, 4), "2026-05-02")
    build_at("2026-05-02")
    build_at("2026-05-04")
    fill_at("2026-05-04")
    index = daystore.read_index()
    assert set(index.days) == {D1, dt.date(2026, 5, 3), dt.date(2026, 5, 4)}  # first day, the last two
    on_disk = {p.name for p in daystore.day_dir().glob("*.json.*")}
    assert on_disk == {daystore.path(d, f.sha256, t).name for d, f in index.days.items() for t in ("gz", "br")}


EVENTS = st.lists(st.tuples(st.integers(0, 2), st.integers(1, 22), st.sampled_from(["regrade", "rename", "build"])),
                  min_size=1, max_size=3)


@given(events=EVENTS, backdated=st.integers(-1, 2))
@hyp_settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_over_random_histories_every_kept_file_is_its_days_replay_with_that_days_details(
        settings, tmp_path_factory, events, backdated):
    """Loads (regrades and summary edits) and builds at random moments (and, with ``backdated``, a
    load dated before the last build, as an import of older history): after the worker's refresh
    every file left equals its day's replay, which shows the summary in force when the day ended,
    and after the fill every kept day has one, the days filled showing the replay."""
    settings.TRUSTREG_BULK_FILES = []
    settings.TRUSTREG_BULK_DIR = tmp_path_factory.mktemp("bulk")
    one = small()
    b = replace(one, offerings=one.offerings[:1])
    summaries = [(at("2026-05-01", 0), b.offerings[0].summary)]  # (from when, the summary)
    with transaction.atomic():
        load(b, "2026-05-01", 0)
        for n, (day, hour, action) in enumerate(sorted(events)):
            when = (D1 + dt.timedelta(days=day)).isoformat()
            if action == "build":
                build_at(when, hour)
            else:
                b = regraded(b, n) if action == "regrade" else renamed(b, f"Summary {n}.")
                load(b, when, hour)
                summaries.append((at(when, hour), b.offerings[0].summary))
        if backdated >= 0:
            load(regraded(b, 99), (D1 + dt.timedelta(days=backdated)).isoformat(), 23)
        final = at("2026-05-04", 23)
        replays = {D1 + dt.timedelta(days=n): replay(D1 + dt.timedelta(days=n)) for n in range(4)}

        def at_its_end(day: dt.date) -> bytes:
            then = [s for since, s in summaries if since < end_of_day(day)][-1]
            assert has_summary(replays[day], then)
            return replays[day]

        with frozen(final), store.build_lock():
            missing = dayfill.refresh(dayfill.label())
        left = daystore.read_index().days
        assert {day: kept_text(day) for day in left} == {day: at_its_end(day) for day in left}
        fill_at("2026-05-04", 23)
        with frozen(final):
            assert dayfill.missing() == [] and set(daystore.read_index().days) == set(missing) | set(left) == set(replays)
        assert {day: kept_text(day) for day in missing} == {day: replays[day] for day in missing}
        transaction.set_rollback(True)
