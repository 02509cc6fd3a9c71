"""A past day's index and question pages read stored spans, and agree with the offering page's replay."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.history_helpers import frozen
from tests.registry.test_history import DIMS, START, _bundle, steps
from trustreg.domain.fieldtypes import replace
from trustreg.domain.grades import GRADE_ORDER, Grade
from trustreg.domain.strength import STRENGTH_ORDER
from trustreg.registry import index, resolved_spans, selectors
from trustreg.registry.models import Offering, ResolvedGrade, ResolvedGradeSpan
from trustreg.registry.resolved import STORED
from trustreg.registry.resolved_spans import desired_spans, valid_on
from trustreg.registry.services import registry_load

pytestmark = pytest.mark.django_db

SORTS = ["order", "name", "-watchouts", "evidence", "-evidence", f"dim:{DIMS[0]}", f"evidence:{DIMS[1]}"]


def _replayed(day: dt.date) -> dict[str, selectors.OfferingView]:
    """The oracle: each offering listed on ``day`` as the offering page replays it then (absent when
    it was not in the registry yet or retired then), in that day's registry order."""
    out = []
    for o in Offering.objects.all():
        try:
            view = selectors.offering_view(o.id, day)
        except selectors.NotFound:
            continue
        if view.offering.retired_at is None:
            out.append(view)
    return {v.offering.id: v for v in sorted(out, key=lambda v: (v.offering.sort_order, v.offering.id))}


def _cells(view: selectors.OfferingView) -> list[tuple]:
    return [(c.dimension.id, c.grade, c.origin.value, view.strengths[c.dimension.id]) for c in view.cells]


def _sort_key(sort: str, view: selectors.OfferingView):  # noqa: ANN202 - the old replay's orders
    o, cells = view.offering, _cells(view)
    watchouts = sum(1 for c in view.cells if c.is_watchout)
    to_confirm = sum(1 for *_, s in cells if s.to_confirm)
    strong = sum(1 for *_, s in cells if s.strength == "primary_quoted")
    tail = (o.sort_order, o.id)
    if sort == "name":
        return (o.name.casefold(), *tail)
    if sort == "-watchouts":
        return (-watchouts, *tail)
    if sort in ("evidence", "-evidence"):
        return ((to_confirm, -strong) if sort == "evidence" else (-to_confirm, strong)) + tail
    if sort.startswith("dim:"):
        return (GRADE_ORDER[Grade(view.cell(sort[4:]).grade)], *tail)
    if sort.startswith("evidence:"):
        return (STRENGTH_ORDER[view.strengths[sort[9:]].strength], *tail)
    return tail


def _agree(day: dt.date, sort: str, grade: str) -> None:
    replayed = _replayed(day)
    view = index.index_view(sort=sort, as_of=day)
    assert view.total == len(replayed)
    assert [(r.offering.id, [(c.dimension_id, c.grade, c.origin, c.evidence) for c in r.cells]) for r in view.rows] == [
        (oid, _cells(v)) for oid, v in sorted(replayed.items(), key=lambda kv: _sort_key(sort, kv[1]))]
    condition = index.Condition(dimension=DIMS[2], grade=grade)
    filtered = index.index_view(index.IndexFilters(conditions=(condition,)), as_of=day)
    assert [r.offering.id for r in filtered.rows] == [
        oid for oid, v in replayed.items() if v.cell(DIMS[2]).grade == grade]
    for dim in DIMS:
        question = selectors.question_view(dim, day)
        assert [(o.id, c.grade, c.origin, c.record, c.scope, s) for o, c, s in question.rows] == [
            (oid, v.cell(dim).grade, v.cell(dim).origin, v.cell(dim).record, v.cell(dim).scope, v.strengths[dim])
            for oid, v in replayed.items()]
        counts = Counter(v.cell(dim).grade for v in replayed.values())
        assert question.grade_counts == [(g.value, counts[g.value]) for g in Grade if counts[g.value]]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=st.lists(st.tuples(steps, st.integers(-6, 6)), min_size=1, max_size=4),
       probe=st.integers(-8, 9), sort=st.sampled_from(SORTS),
       grade=st.sampled_from([g.value for g in Grade]))
def test_past_pages_from_stored_spans_agree_with_the_replay_over_random_histories(plan, probe, sort, grade):
    # Loads at instants in any order: a load dated before earlier ones (as a bundled history's
    # back-dated revisions are) must rebuild the spans after it too.
    with transaction.atomic():
        o2_seen = False
        for i, (step, shift) in enumerate(plan):
            bundle, o2_seen = _bundle(step, o2_seen)
            with frozen(START + dt.timedelta(days=shift, minutes=i)):
                registry_load(actor="test", bundle=bundle, reason=f"step {i}")
        _agree(START.date() + dt.timedelta(days=probe), sort, grade)
        transaction.set_rollback(True)


def test_the_spans_still_in_force_are_todays_stored_grades(loaded):
    today = selectors.shown_day(None)
    assert sorted(valid_on(today).values_list("offering_id", "dimension_id", *STORED)) == sorted(
        ResolvedGrade.objects.values_list("offering_id", "dimension_id", *STORED))
    assert ResolvedGradeSpan.objects.filter(until__isnull=True).count() == ResolvedGrade.objects.count()


def test_the_bundled_history_shows_the_same_on_every_day_it_names(loaded, bundled_history):
    days = sorted({rev.date for revs in bundled_history.values() for rev in revs})
    for day in [days[0] - dt.timedelta(days=1), *days]:
        _agree(day, "order", Grade.YES_PUBLIC.value)


def _grown_by(bundle, n: int):  # noqa: ANN001, ANN202
    template = next(o for o in bundle.offerings if o.id == "azure-openai")
    return replace(bundle, offerings=bundle.offerings + tuple(
        replace(template, id=f"copy-{i:03d}", name=f"Copy {i:03d}", sort_order=50 + i) for i in range(n)))


PAST_PAGES = ["/?as_of={day}", "/?as_of={day}&sort=-watchouts&grade=no&dimension=hipaa_baa",
              "/questions/hipaa-baa/?as_of={day}", "/questions/hipaa-baa/?as_of={day}&page=2"]


def _past_day():  # noqa: ANN202 - after the bundled history, before the loads of the test
    return (selectors.shown_day(None) - dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("path", PAST_PAGES)
def test_past_pages_run_the_same_queries_at_18_and_138_offerings_and_no_full_scan(client, loaded, path):
    url = path.format(day=_past_day())

    def read() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    small = read()
    with frozen(dt.datetime.now(dt.UTC) - dt.timedelta(days=2)):  # in force on the day shown
        registry_load(actor="test", bundle=_grown_by(loaded, 120))
    assert selectors.listed_offerings().count() == len(loaded.offerings) + 120
    sqls = read()
    assert len(sqls) == len(small)  # a fixed number of queries, whatever the number of offerings
    assert not any("CROSS JOIN" in s and "registry_offering" in s for s in sqls)  # no replay of every holder
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # small tables: price full scans out
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("ANALYZE registry_resolvedgradespan")
        for sql in sqls:
            if "registry_resolvedgradespan" not in sql:
                continue
            cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql)
            plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
            assert "SCAN registry_resolvedgradespan " not in plan + " " and "SCAN U" not in plan, plan
            assert "Seq Scan on registry_resolvedgradespan" not in plan, plan


def test_a_past_page_says_when_the_registry_was_empty_then(client, loaded):
    page = client.get("/?as_of=2000-01-01").content.decode()
    assert "Nothing had been published in the registry by 2000-01-01." in page
    assert Client().get("/questions/hipaa-baa/?as_of=2000-01-01").status_code == 200


def test_an_offering_retired_since_is_still_listed_on_the_days_before_its_retirement(loaded):
    registry_load(actor="test", retire_missing=True, bundle=replace(loaded, offerings=tuple(
        o for o in loaded.offerings if o.id != "azure-openai")))
    assert not selectors.listed_offerings().filter(id="azure-openai").exists()
    assert index.index_view().total == len(loaded.offerings) - 1
    day = selectors.shown_day(None) - dt.timedelta(days=1)
    view = index.index_view(as_of=day)
    assert view.total == len(loaded.offerings)
    assert "azure-openai" in [r.offering.id for r in view.rows]
    _agree(day, "order", Grade.YES_PUBLIC.value)


# -- A load's spans without the replay -------------------------------------------------------------


def _stored_spans() -> set:
    return {(oid, did, since, until, listed, tuple(row)) for oid, did, since, until, listed, *row in
            ResolvedGradeSpan.objects.values_list("offering_id", "dimension_id", "since", "until", "listed", *STORED)}


def _assert_spans_are_the_replays() -> None:
    """The oracle: every offering's spans rebuilt from its holders' revisions, replayed."""
    everyone = list(Offering.objects.order_by("id"))
    assert _stored_spans() == desired_spans(everyone, selectors.catalogue())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=st.lists(st.tuples(steps, st.integers(-6, 6)), min_size=1, max_size=4))
def test_the_spans_each_load_writes_are_the_replays_over_random_histories(plan):
    with transaction.atomic():
        o2_seen = False
        for i, (step, shift) in enumerate(plan):
            bundle, o2_seen = _bundle(step, o2_seen)
            with frozen(START + dt.timedelta(days=shift, minutes=i)):
                registry_load(actor="test", bundle=bundle, reason=f"step {i}")
            _assert_spans_are_the_replays()
        transaction.set_rollback(True)


def _regraded(bundle, ids: set[str]):  # noqa: ANN001, ANN202 - one cell of each of these offerings moved
    def moved(o):  # noqa: ANN001, ANN202
        dim, cell = sorted(o.cells.items())[0]
        grade = Grade.NO.value if cell.grade != Grade.NO.value else Grade.PARTIAL.value
        return replace(o, cells={**o.cells, dim: replace(cell, grade=grade)})
    return replace(bundle, offerings=tuple(moved(o) if o.id in ids else o for o in bundle.offerings))


def test_a_first_load_writes_the_replays_spans_without_replaying_and_so_do_loads_after_it(db, bundled, monkeypatch):
    replays: list[int] = []
    real = resolved_spans._timelines

    def counted(holders, dims):  # noqa: ANN001, ANN202
        holders = list(holders)
        replays.append(len(holders))
        return real(holders, dims)

    monkeypatch.setattr(resolved_spans, "_timelines", counted)
    with frozen(START):
        registry_load(actor="test", bundle=bundled)
    assert replays == []  # every offering's history is this load: nothing replayed
    _assert_spans_are_the_replays()
    with frozen(START + dt.timedelta(days=3)):
        registry_load(actor="test", bundle=bundled)  # loaded twice, nothing changed
    _assert_spans_are_the_replays()
    few = {o.id for o in bundled.offerings if o.cells}
    few = set(sorted(few)[:2])
    with frozen(START + dt.timedelta(days=5)):
        registry_load(actor="test", bundle=_regraded(bundled, few))  # a load that changes a few
    _assert_spans_are_the_replays()
    assert {oid for oid, _, since, *_ in _stored_spans() if since == START + dt.timedelta(days=5)} == few
    with frozen(START + dt.timedelta(days=1)):
        registry_load(actor="test", bundle=bundled)  # back-dated: the later spans are rebuilt
    _assert_spans_are_the_replays()


def test_a_first_loads_spans_are_copied_from_the_stored_grades_by_the_database_not_sent_row_by_row(db, bundled):
    with frozen(START), CaptureQueriesContext(connection) as ctx:
        registry_load(actor="test", bundle=bundled)
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('INSERT INTO "registry_resolvedgradespan"')]
    assert any(') SELECT "offering_id", "dimension_id", ' in sql for sql in inserts)
    own = {o.id for o in bundled.offerings if o.cells or o.scopes}  # the others start before: the replay's rule
    spans = [(oid, since, until) for oid, _, since, until, *_ in _stored_spans() if oid in own]
    assert own and Counter(oid for oid, *_ in spans) == dict.fromkeys(own, len(selectors.catalogue().dimensions))
    assert {(since, until) for _, since, until in spans} == {(START, None)}  # one span a question, from the load on
    _assert_spans_are_the_replays()
