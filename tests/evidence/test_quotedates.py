"""The monitor's dates kept once per (source, quote): written with every check, read by the pages."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trustreg.evidence.models import Citation, QuoteCheck, QuoteDates, Snapshot, quote_key
from trustreg.evidence.selectors import monitor_dates_many, quote_states
from trustreg.evidence.services import quote_checks_keep, quote_checks_record

pytestmark = pytest.mark.django_db


def _newest_over_citations() -> dict[tuple[int, str], tuple[dt.datetime | None, dt.datetime]]:
    """(source, quote) -> the newest (last found, last looked for) over the citations sharing it."""
    out: dict = defaultdict(lambda: (None, None))
    for sid, quote, seen, checked in Citation.objects.exclude(quote="").exclude(quote_last_checked=None) \
            .values_list("source_id", "quote", "quote_last_seen", "quote_last_checked"):
        old_seen, old_checked = out[(sid, quote)]
        out[(sid, quote)] = (max((d for d in (old_seen, seen) if d), default=None),
                             max(d for d in (old_checked, checked) if d))
    return dict(out)


def _kept() -> dict[tuple[int, str], tuple[dt.datetime | None, dt.datetime | None]]:
    return {(r.source_id, r.quote): (r.last_seen, r.last_checked) for r in QuoteDates.objects.all()}


def _shared_pair() -> list[Citation]:
    """Citations of one cited (source, quote), two of them at least (a second one made if need be)."""
    first = Citation.objects.exclude(quote="").exclude(snapshot=None).order_by("pk").first()
    other = Citation.objects.filter(source=first.source, quote=first.quote).exclude(pk=first.pk).first() \
        or Citation.objects.create(cell=first.cell, source=first.source, quote=first.quote, position=98,
                                   primary=True, snapshot=first.snapshot)
    return [first, other]


def test_each_cited_quote_has_one_row_of_dates_equal_to_the_newest_over_its_citations(loaded):
    shared = _shared_pair()
    snapshot = Snapshot.objects.get(pk=shared[0].snapshot_id)
    now = timezone.now()
    quote_checks_record(checks=[(shared[0].pk, snapshot, True)], now=now + dt.timedelta(days=1))
    quote_checks_record(checks=[(shared[1].pk, snapshot, False)], now=now + dt.timedelta(days=2))
    kept = _kept()
    assert kept == _newest_over_citations()
    assert kept[(shared[0].source_id, shared[0].quote)] == (now + dt.timedelta(days=1), now + dt.timedelta(days=2))
    assert QuoteDates.objects.count() == len(kept)  # once per pair, however many citations share it
    assert all(r.quote_hash == quote_key(r.quote) for r in QuoteDates.objects.all())


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 200), st.booleans()), min_size=1, max_size=12))
def test_a_quotes_kept_dates_are_always_the_newest_checks_of_any_citation_of_it(loaded, checks):
    shared = _shared_pair()
    snapshot = Snapshot.objects.get(pk=shared[0].snapshot_id)
    QuoteCheck.objects.filter(citation__in=shared).delete()
    Citation.objects.filter(pk__in=[c.pk for c in shared]).update(quote_last_checked=None, quote_last_seen=None)
    QuoteDates.objects.filter(source_id=shared[0].source_id, quote_hash=quote_key(shared[0].quote)).delete()
    start = timezone.now() - dt.timedelta(days=365)
    for which, minutes, present in checks:  # in any order: a late record never moves a date backwards
        quote_checks_record(checks=[(shared[which].pk, snapshot, present)], now=start + dt.timedelta(minutes=minutes))
    log = QuoteCheck.objects.filter(citation__in=shared)
    row = QuoteDates.objects.get(source_id=shared[0].source_id, quote_hash=quote_key(shared[0].quote))
    assert row.last_checked == max(c.checked_at for c in log)
    assert row.last_seen == max((c.checked_at for c in log if c.present), default=None)


def test_checks_kept_from_another_registry_move_the_dates_forward_only(loaded):
    citation = _shared_pair()[0]
    snapshot_id = citation.snapshot_id
    now = timezone.now()
    before = _kept()[(citation.source_id, citation.quote)]
    quote_checks_keep(checks=[(citation, snapshot_id, now + dt.timedelta(days=3), True),
                              (citation, snapshot_id, now + dt.timedelta(days=4), False),
                              (citation, snapshot_id, now - dt.timedelta(days=900), True)])
    assert _kept()[(citation.source_id, citation.quote)] == (now + dt.timedelta(days=3), now + dt.timedelta(days=4))
    assert before[1] is None or before[1] < now
    assert _kept() == _newest_over_citations()


def test_the_migration_fills_the_dates_from_the_citations_own(loaded):
    shared = _shared_pair()
    snapshot = Snapshot.objects.get(pk=shared[0].snapshot_id)
    quote_checks_record(checks=[(shared[1].pk, snapshot, False)], now=timezone.now() + dt.timedelta(days=1))
    expected = _kept()
    QuoteDates.objects.all().delete()
    migration = importlib.import_module("trustreg.evidence.migrations.0008_quote_dates")
    migration.fill(apps, None)
    assert _kept() == expected == _newest_over_citations() and expected


def test_a_page_reads_its_quotes_dates_by_the_source_and_quote_index(loaded):
    citation = _shared_pair()[0]
    pairs = [(citation.source.url, citation.quote), (citation.source.url, "a quote nobody checked")]
    with CaptureQueriesContext(connection) as ctx:
        dates = monitor_dates_many(pairs)
    assert dates[pairs[0]].quote_last_checked is not None and dates[pairs[1]].quote_last_checked is None
    assert quote_states([citation.source.url], [citation.quote]) == {
        pairs[0]: quote_states([citation.source.url])[pairs[0]]}
    sql = [q["sql"] for q in ctx.captured_queries if "evidence_quotedates" in q["sql"]]
    assert len(sql) == 1 and "evidence_citation" not in sql[0]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a small table: price the full scan out to see the index
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("ANALYZE evidence_quotedates")
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql[0])
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
    # an index led by the source: the unique (source, quote hash) one, or (PostgreSQL's choice on some
    # statistics) the source's own, which reads only that source's few rows; never the whole table
    by_source = ("quote_dates_once", "(source_id=? AND quote_hash=?)", "Index Cond: (source_id =")
    assert any(part in plan for part in by_source), plan
    assert "Seq Scan" not in plan and "SCAN evidence_quotedates" not in plan, plan


def test_a_page_reads_the_dates_of_its_own_pairs_only_not_every_quote_of_every_source_it_cites(loaded):
    from trustreg.evidence.models import Source
    from trustreg.evidence.quotedates import dates_advance, dates_of

    one, two = Source.objects.order_by("pk")[:2]
    now = timezone.now()
    # the monitor has checked each quote on both sources (other cells cite them there)
    dates_advance({(s.pk, q): (now, now) for s in (one, two) for q in ("quote one", "quote two")})
    asked = [(one.pk, "quote one"), (two.pk, "quote two"), (two.pk, "")]
    assert set(dates_of(asked)) == {(one.pk, "quote one"), (two.pk, "quote two")}
    pairs = [(one.url, "quote one"), (two.url, "quote two")]
    with CaptureQueriesContext(connection) as ctx:
        dates = monitor_dates_many(pairs)
    assert all(dates[p].quote_last_checked == now for p in pairs)
    sql = [q["sql"] for q in ctx.captured_queries if "evidence_quotedates" in q["sql"]]
    with connection.cursor() as cursor:  # what the query reads: the two pairs' rows, not all four
        cursor.execute(sql[0])
        assert len(cursor.fetchall()) == 2
    assert dates_of([]) == {}
