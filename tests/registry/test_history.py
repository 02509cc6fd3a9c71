"""Replaying revisions reproduces the registry at every date, and the as-of selectors and pages match."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.history_helpers import (
    RevisionEvent,
    bundled,
    frozen,
    load_at,
    main_part,
    state_on,
    with_party_cell,
)
from trustreg.domain.bundle import Bundle, OfferingRecord, PartyRecord, RegistryMeta
from trustreg.domain.cells import AnnotationRecord, CellRecord, ScopeRecord, SourceRef
from trustreg.domain.grades import Grade
from trustreg.registry import history, index, selectors
from trustreg.registry.convert import records_for
from trustreg.registry.datajson import export_document
from trustreg.registry.models import Cell, Revision
from trustreg.registry.services import record_data, registry_load

pytestmark = pytest.mark.django_db

CATALOGUE = bundled().catalogue
DIMS = ["soc2_type2", "retention_zdr", "gpai_cop"]  # two graded on the platform, one on the developer
PARTIES = ["dev", "plat"]
OFFERINGS = {"o1": ("dev", "plat"), "o2": ("dev", "dev")}
START = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


def _source(n: int) -> SourceRef:
    # One description per URL: the registry keeps one Source row per URL.
    return SourceRef(
        url=f"https://example.com/doc/{n}",
        kind="vendor_doc",
        primary=n % 2 == 0,
        title=f"Doc {n}",
        quote=f"quote {n}",
    )


notes = st.sampled_from(["", "Reports are gated.", "Reports are public now.", "<script>alert(1)</script> ok"])
sources = st.lists(st.integers(0, 3).map(_source), max_size=2, unique=True).map(tuple)
annotations = st.lists(
    st.builds(
        AnnotationRecord,
        date=st.dates(dt.date(2026, 1, 1), dt.date(2026, 6, 1)),
        decision=st.sampled_from(["dismissed", "resolved"]),
        reason=st.sampled_from(["Checked.", "Out of scope."]),
    ),
    max_size=1,
).map(tuple)
cells = st.builds(
    CellRecord,
    grade=st.sampled_from([g.value for g in Grade if g is not Grade.NOT_REVIEWED]),
    confidence=st.sampled_from([None, "high", "low"]),
    notes=notes,
    tier=st.sampled_from([None, "enterprise_only"]),
    sources=sources,
    annotations=annotations,
)
scopes = st.builds(ScopeRecord, notes=notes, sources=sources)
party_entry = st.one_of(st.none(), cells)
offering_entry = st.one_of(st.none(), cells, scopes)


@dataclass(frozen=True)
class Step:
    days_later: int  # 0: the same day as the step before
    parties: dict[str, dict[str, CellRecord | None]]
    offerings: dict[str, dict[str, CellRecord | ScopeRecord | None]]
    o2_present: bool


steps = st.builds(
    Step,
    days_later=st.integers(0, 3),
    parties=st.fixed_dictionaries(
        {p: st.fixed_dictionaries({d: party_entry for d in DIMS}) for p in PARTIES}
    ),
    offerings=st.fixed_dictionaries(
        {o: st.fixed_dictionaries({d: offering_entry for d in DIMS}) for o in OFFERINGS}
    ),
    o2_present=st.booleans(),
)


def _bundle(step: Step, o2_seen: bool) -> tuple[Bundle, bool]:
    """The registry a step publishes. An offering stays once it appears, and has a cell of its own
    the first time it appears (so that its first revision dates it)."""
    parties = tuple(
        PartyRecord(id=p, name=p.upper(), cells={d: c for d, c in step.parties[p].items() if c is not None})
        for p in PARTIES
    )
    offerings = []
    for oid, (dev, plat) in OFFERINGS.items():
        if oid == "o2" and not (o2_seen or step.o2_present):
            continue
        entries = {d: e for d, e in step.offerings[oid].items() if e is not None}
        first_time = oid == "o1" or not o2_seen
        if first_time and not entries:
            entries = {DIMS[0]: CellRecord(grade="partial")}
        offerings.append(
            OfferingRecord(
                id=oid,
                name=oid.upper(),
                developer=dev,
                platform=plat,
                category="cloud_distribution",
                sort_order=len(offerings),
                cells={d: e for d, e in entries.items() if isinstance(e, CellRecord)},
                scopes={d: e for d, e in entries.items() if isinstance(e, ScopeRecord)},
            )
        )
    return Bundle(RegistryMeta(), CATALOGUE, parties, tuple(offerings)), o2_seen or any(
        o.id == "o2" for o in offerings
    )


def _live_state() -> dict[tuple[str, str], dict]:
    rows = list(Cell.objects.all())
    records = records_for(rows)
    return {
        (
            f"offering:{r.offering_id}" if r.offering_id else f"party:{r.party_id}",
            r.dimension_id,
        ): record_data(records[r.pk])
        for r in rows
    }


def _offering_cells(view: selectors.OfferingView) -> list[tuple]:
    return [(c.dimension.id, c.origin, c.record, c.scope, c.overridden) for c in view.cells]


def _index(view: selectors.IndexView) -> list[tuple]:
    return [(r.offering.id, r.cells) for r in view.rows]


def _question(view: selectors.QuestionView) -> list[tuple]:
    return [(o.id, c.origin, c.record, c.scope) for o, c in view.entries]


@dataclass
class Snapshot:
    """What the registry showed right after a step."""

    state: dict
    offerings: dict[str, list[tuple]]
    pages: dict[str, str]
    index: list[tuple]
    question: list[tuple]
    export: dict


def _snapshot(client: Client, offering_ids: list[str]) -> Snapshot:
    return Snapshot(
        state=_live_state(),
        offerings={o: _offering_cells(selectors.offering_view(o)) for o in offering_ids},
        pages={o: main_part(client.get(f"/offerings/{o}/").content) for o in offering_ids},
        index=_index(index.index_view()),
        question=_question(selectors.question_view(DIMS[1])),
        export=export_document(generated=dt.date(2026, 1, 1)),
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=1, max_size=4))
def test_replaying_revisions_reproduces_the_registry_on_every_date(plan: list[Step]) -> None:
    client = Client()
    with transaction.atomic():
        when, o2_seen = START, False
        history_by_day: dict[dt.date, Snapshot] = {}
        for i, step in enumerate(plan):
            when = when + dt.timedelta(days=step.days_later, minutes=1)
            bundle, o2_seen = _bundle(step, o2_seen)
            with frozen(when):
                registry_load(actor="test", bundle=bundle, reason=f"step {i}")
            history_by_day[when.date()] = _snapshot(client, [o.id for o in bundle.offerings])

        events = [
            RevisionEvent(r.holder, r.dimension_id, r.published_at, r.before, r.after, r.pk)
            for r in Revision.objects.all()
        ]
        days = sorted(history_by_day)
        probe = [days[0] - dt.timedelta(days=1), *days, days[-1] + dt.timedelta(days=1)]
        for day in probe:
            seen = [d for d in days if d <= day]
            expected = history_by_day[seen[-1]] if seen else None
            state = expected.state if expected else {}
            assert state_on(events, day) == state
            assert history.as_of(day).cells == state
            for oid in OFFERINGS:
                if expected is None or oid not in expected.offerings:
                    with pytest.raises(selectors.NotFound):
                        selectors.offering_view(oid, as_of=day)
                    assert client.get(f"/offerings/{oid}/?as_of={day}").status_code == 404
                    continue
                assert _offering_cells(selectors.offering_view(oid, as_of=day)) == expected.offerings[oid]
                page = client.get(f"/offerings/{oid}/?as_of={day}")
                assert page.status_code == 200
                assert main_part(page.content) == expected.pages[oid]
            assert _index(index.index_view(as_of=day)) == (expected.index if expected else [])
            assert _question(selectors.question_view(DIMS[1], as_of=day)) == (
                expected.question if expected else []
            )
            doc = export_document(generated=dt.date(2026, 1, 1), as_of=day)
            assert doc == expected.export if expected else doc["offerings"] == []
        transaction.set_rollback(True)


def test_the_state_on_a_day_counts_every_revision_published_that_day_in_utc() -> None:
    b = bundled()
    load_at(b, dt.datetime(2026, 5, 1, 23, 59, 59, tzinfo=dt.UTC))
    assert history.as_of(dt.date(2026, 4, 30)).cells == {}
    assert history.as_of(dt.date(2026, 5, 1)).cells == _live_state()


def test_a_later_revision_of_the_same_moment_wins_like_in_replay() -> None:
    b = bundled()
    when = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    load_at(b, when)
    load_at(with_party_cell(b, "openai", "soc2_type2", notes="Changed in the same microsecond."), when)
    state = history.as_of(dt.date(2026, 5, 1)).cells
    assert state[("party:openai", "soc2_type2")]["notes"] == "Changed in the same microsecond."


@pytest.mark.django_db
def test_an_offering_as_of_a_day_replays_only_its_own_holders_by_the_cell_index_in_fixed_queries(loaded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trustreg.domain.fieldtypes import replace

    day = dt.date.today()

    def read() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            view = selectors.offering_view("azure-openai", as_of=day)
        assert view.as_of is not None and view.cells
        return [q["sql"] for q in ctx.captured_queries]

    small = read()
    template = next(o for o in loaded.offerings if o.id == "azure-openai")
    registry_load(actor="test", bundle=replace(loaded, offerings=loaded.offerings + tuple(
        replace(template, id=f"copy-{i}", name=f"Copy {i}", sort_order=50 + i) for i in range(30))))
    sqls = read()
    assert len(sqls) == len(small)  # a fixed number of queries, whatever the number of offerings
    replay = [s for s in sqls if "registry_revision" in s and "CROSS JOIN" in s]
    assert len(replay) == 1
    # only the offering's three holders (its own and its two parties') are replayed, none listed by a scan
    assert "registry_offering" not in replay[0] and "registry_party" not in replay[0]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a small table: price full scans and sorts out
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("ANALYZE registry_revision")
        plans = {}
        for sql in sqls:
            if "registry_revision" in sql:
                cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql)
                plans[sql] = " / ".join(str(row[-1]) for row in cursor.fetchall())
    assert "revision_cell_at_idx" in plans[replay[0]], plans[replay[0]]
    for plan in plans.values():  # every read of the revisions goes by an index (a scan only of one,
        # stopping at its first entry: where the history starts); the three holders are constants
        steps = plan.split(" / ")
        assert all("INDEX" in step or step in ("SCAN CONSTANT ROW", "SCAN h") for step in steps
                   if step.startswith("SCAN")), plan
        assert "Seq Scan" not in plan, plan
