"""Stored resolved grades through time: a past day's index and question pages read stored rows too.

Each offering x question keeps the spans of its history (``ResolvedGradeSpan``): the ``ResolvedGrade``
columns it resolved to after each instant its own cell or the party cell it inherits changed. A day's
page reads the spans valid at the end of that day, and filters, sorts, counts and pages them in SQL
like today's (``registry.index``, ``registry.selectors``), instead of replaying every holder.

Written only here, by ``spans_refresh``, which ``resolved_grades_refresh`` calls for the same
offerings in the same transaction (a load, a publish, a quote check that moves a quote's state). The
spans are rebuilt from the revisions with the pages' own resolution (``domain.cells.resolve_cell``)
and row rule (``resolved.row_of``); strengths use today's quote states, as the replay always did.
Only spans that differ are rewritten. The cost of a refresh follows its offerings' revisions.

An offering whose holders' whole history is one instant (a first load: every revision it and its
parties have carries the load's date) is not replayed: its spans follow from today's stored-grade
row, which the caller has just resolved (``today``): before that instant the row of no cell at all,
from it on today's row (``_one_instant_spans``; ``tests/registry/test_resolved_spans.py`` checks
both ways give the same spans). When that instant is also the offering's first own revision and it
has no spans yet (a first load), its spans are exactly its stored-grade rows from that instant on,
and the database copies them from ``ResolvedGrade`` (``_copied``, ``_copy_today``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connections, router
from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet

from trustreg.dbinsert import values_insert
from trustreg.domain.catalogue import Catalogue, Dimension
from trustreg.domain.cells import CellRecord, ScopeRecord, graded_party, resolve_cell
from trustreg.domain.history import end_of_day, holder_key, record_from_data
from trustreg.domain.strength import QuoteStates
from trustreg.evidence.selectors import quote_states
from trustreg.registry.fitinputs import FitInputs
from trustreg.registry.models import Offering, ResolvedGrade, ResolvedGradeSpan, Revision
from trustreg.registry.resolved import STORED, Row, row_of

Record = CellRecord | ScopeRecord | None
Timeline = list[tuple[dt.datetime, Record]]  # (published_at, the cell's record after it), in order
Span = tuple[str, str, dt.datetime | None, dt.datetime | None, bool, Row]  # offering, dimension, since, until, listed
HOLDERS_PER_QUERY = 500
Bounds = tuple[dict[str, tuple[Any, Any]], dict[str, tuple[Any, Any]]]  # ``_history_bounds``: by holder, by offering


def _timelines(holders: Iterable[str], dims: list[str]) -> dict[tuple[str, str], Timeline]:
    """Every revision of these holders' cells, as records, by (holder, dimension): a query per 500."""
    out: dict[tuple[str, str], Timeline] = defaultdict(list)
    wanted = sorted(set(holders))
    for i in range(0, len(wanted), HOLDERS_PER_QUERY):
        for holder, dim, at, after in (Revision.objects.filter(holder__in=wanted[i:i + HOLDERS_PER_QUERY],
                                                               dimension_id__in=dims)
                                       .order_by("published_at", "id")
                                       .values_list("holder", "dimension_id", "published_at", "after")):
            out[(holder, dim)].append((at, record_from_data(after)))
    return out


def _last_at(timeline: Timeline, i: int, at: dt.datetime) -> tuple[int, Record]:
    """Advance ``i`` past every entry of ``timeline`` published at or before ``at``."""
    while i < len(timeline) and timeline[i][0] <= at:
        i += 1
    return i, (timeline[i - 1][1] if i else None)


def _row_of(d: Dimension, o: Offering, party_id: str, mine: Record, theirs: Record, quotes: QuoteStates,
            inputs: FitInputs | None = None) -> Row:
    """The row of one offering x question whose own cell (or scope) and inherited party cell are these."""
    return row_of(resolve_cell(
        d, developer_id=o.developer_id, platform_id=o.platform_id,
        offering_cell=mine if isinstance(mine, CellRecord) else None,
        scope=mine if isinstance(mine, ScopeRecord) else None,
        party_cells={(party_id, d.id): theirs} if isinstance(theirs, CellRecord) else {},
    ), quotes, inputs)


def _history_bounds(offerings: list[Offering]) -> Bounds:
    """The first and last revision instants of these offerings' holders (by holder) and of their own
    revisions (by offering id, ``first_own``'s rule): two grouped queries a 500 offerings."""
    parties = {p for o in offerings for p in (o.developer_id, o.platform_id)}
    holders = sorted({holder_key("offering", o.id) for o in offerings} | {holder_key("party", p) for p in parties})
    by_holder: dict[str, tuple[Any, Any]] = {}
    for i in range(0, len(holders), HOLDERS_PER_QUERY):
        by_holder.update((h, (lo, hi)) for h, lo, hi in (
            Revision.objects.filter(holder__in=holders[i:i + HOLDERS_PER_QUERY]).order_by().values_list("holder")
            .annotate(lo=Min("published_at"), hi=Max("published_at")).values_list("holder", "lo", "hi")))
    ids = [o.id for o in offerings]
    own: dict[str, tuple[Any, Any]] = {}
    for i in range(0, len(ids), HOLDERS_PER_QUERY):
        own.update((oid, (lo, hi)) for oid, lo, hi in (
            Revision.objects.filter(offering_id__in=ids[i:i + HOLDERS_PER_QUERY]).order_by().values_list("offering_id")
            .annotate(lo=Min("published_at"), hi=Max("published_at")).values_list("offering_id", "lo", "hi")))
    return by_holder, own


def _one_instant(o: Offering, by_holder: dict[str, tuple[Any, Any]], own: dict[str, tuple[Any, Any]]) -> Any:
    """The one instant of every revision of the offering and its parties, or None when they have
    none or more than one."""
    bounds = [b for b in (by_holder.get(holder_key("offering", o.id)), by_holder.get(holder_key("party", o.developer_id)),
                          by_holder.get(holder_key("party", o.platform_id)), own.get(o.id)) if b is not None]
    instants = {at for b in bounds for at in b}
    return instants.pop() if len(instants) == 1 else None


def _one_instant_spans(o: Offering, cat: Catalogue, at: dt.datetime, start: dt.datetime | None,
                       today: Mapping[tuple[str, str], Row], empty: dict[str, Row]) -> list[Span]:
    """The replay's spans of an offering whose history is the one instant ``at``: each question's row
    is the row of no cell before ``at`` and today's from then on (a single span when they agree)."""
    out: list[Span] = []
    for d in cat.dimensions:
        now, before = today[(o.id, d.id)], empty[d.id]
        if now == before:
            out += _clipped(o, d.id, None, None, now, start)
        else:
            out += _clipped(o, d.id, None, at, before, start) + _clipped(o, d.id, at, None, now, start)
    return out


def desired_spans(offerings: list[Offering], cat: Catalogue,
                  today: Mapping[tuple[str, str], Row] | None = None, inputs: FitInputs | None = None, *,
                  bounds: Bounds | None = None) -> set[Span]:
    """What the table should hold for these offerings: every change of each resolved row, replayed.

    ``today``: these offerings' stored-grade rows as just resolved, by (offering, question); when
    given, offerings whose whole history is one instant take their spans from them, unreplayed.
    ``bounds``: ``_history_bounds`` of these offerings, when the caller has read them already."""
    dims = list(cat.dimensions)
    out: set[Span] = set()
    if today is not None:
        by_holder, by_offering = bounds if bounds is not None else _history_bounds(offerings)
        empty = {d.id: _row_of(d, offerings[0], graded_party(d, offerings[0].developer_id, offerings[0].platform_id),
                               None, None, {}, inputs) for d in dims} if offerings else {}
        replayed = []
        for o in offerings:
            instant = _one_instant(o, by_holder, by_offering)
            if instant is None or any((o.id, d.id) not in today for d in dims):
                replayed.append(o)
            else:
                out.update(_one_instant_spans(o, cat, instant, instant if o.id in by_offering else None, today, empty))
        offerings = replayed
        if not offerings:
            return out
    parties = {p for o in offerings for p in (o.developer_id, o.platform_id)}
    timelines = _timelines([holder_key("offering", o.id) for o in offerings]
                           + [holder_key("party", p) for p in parties], [d.id for d in dims])
    quotes = quote_states({s.url for tl in timelines.values() for _, rec in tl
                           if isinstance(rec, CellRecord) for s in rec.sources})
    memo: dict[tuple[str, int, int], Row] = {}

    def row(d: Dimension, o: Offering, party_id: str, mine: Record, theirs: Record) -> Row:
        # The row depends on the question and the two records alone: offerings inheriting the same
        # party cell share it (records are the timelines' own objects, alive for the whole call).
        key = (d.id, id(mine), id(theirs))
        if key not in memo:
            memo[key] = _row_of(d, o, party_id, mine, theirs, quotes, inputs)
        return memo[key]

    # An offering is in the registry from its first own revision (``history.AsOf``'s rule): its spans
    # start there, so a day's spans name exactly the offerings there were (those that never had a
    # cell of their own are there from the registry's first revision: ``existed_on``).
    first_own = dict(Revision.objects.filter(offering_id__in=[o.id for o in offerings]).order_by()
                     .values_list("offering_id").annotate(first=Min("published_at")).values_list("offering_id", "first"))
    for o in offerings:
        start = first_own.get(o.id)
        for d in dims:
            party_id = graded_party(d, o.developer_id, o.platform_id)
            own = timelines.get((holder_key("offering", o.id), d.id), [])
            inherited = timelines.get((holder_key("party", party_id), d.id), [])
            since: dt.datetime | None = None
            before = row(d, o, party_id, None, None)
            i = j = 0
            for at in sorted({at for at, _ in own} | {at for at, _ in inherited}):
                i, mine = _last_at(own, i, at)
                j, theirs = _last_at(inherited, j, at)
                now = row(d, o, party_id, mine, theirs)
                if now != before:
                    out.update(_clipped(o, d.id, since, at, before, start))
                    since, before = at, now
            out.update(_clipped(o, d.id, since, None, before, start))
    return out


def _clipped(o: Offering, did: str, since: dt.datetime | None, until: dt.datetime | None, row: Row,
             start: dt.datetime | None) -> list[Span]:
    """The span from the offering's ``start`` on (none when it ends before)."""
    if start is not None and (since is None or since < start):
        since = start
    if until is not None and since is not None and until <= since:
        return []
    return [(o.id, did, since, until, o.retired_at is None, row)]


def spans_refresh(offerings: list[Offering], cat: Catalogue, today: Mapping[tuple[str, str], Row] | None = None,
                  inputs: FitInputs | None = None) -> int:
    """Bring these offerings' spans up to date (at most ``resolved.CHUNK`` of them); spans written
    or deleted. Runs in the caller's transaction. ``today``: their stored-grade rows as just
    resolved, and written to ``ResolvedGrade`` (see ``desired_spans`` and ``_copied``); ``inputs``
    collects the fit inputs their rows name, which the caller writes (``registry.fitinputs``)."""
    stored = list(ResolvedGradeSpan.objects.filter(offering_id__in=[o.id for o in offerings]).values_list(
        "pk", "offering_id", "dimension_id", "since", "until", "listed", *STORED))
    bounds = _history_bounds(offerings) if today is not None else None
    copied = _copied(offerings, cat, today, bounds, {oid for _, oid, *_ in stored}) if bounds else {}
    desired = desired_spans([o for o in offerings if o.id not in copied], cat, today, inputs, bounds=bounds)
    stale = []
    for pk, oid, did, since, until, listed, *row in stored:
        span = (oid, did, since, until, listed, tuple(row))
        if span in desired:
            desired.discard(span)
        else:
            stale.append(pk)
    for i in range(0, len(stale), 500):
        ResolvedGradeSpan.objects.filter(pk__in=stale[i:i + 500]).delete()
    values_insert(ResolvedGradeSpan, ("offering_id", "dimension_id", "since", "until", "listed", *STORED),
                  [(oid, did, since, until, listed, *row)
                   for oid, did, since, until, listed, row in sorted(desired, key=_order)])
    return len(stale) + len(desired) + _copy_today(copied, [d.id for d in cat.dimensions])


def _copied(offerings: list[Offering], cat: Catalogue, today: Mapping[tuple[str, str], Row] | None,
            bounds: Bounds, with_spans: set[str]) -> dict[str, tuple[dt.datetime, bool]]:
    """Offerings with no span yet whose spans are their stored-grade rows from one instant on:
    (that instant, listed) by offering id.

    That is an offering whose whole history is one instant that is its own first revision (a first
    load): before it ``_clipped`` leaves nothing, from it on each question's span holds today's row
    (``_one_instant_spans``). Such spans are copied from ``ResolvedGrade`` by the database
    (``_copy_today``), not built and sent value by value: 220,000 rows at 20,000 offerings."""
    if today is None:
        return {}
    by_holder, by_offering = bounds
    dims = [d.id for d in cat.dimensions]
    out: dict[str, tuple[dt.datetime, bool]] = {}
    for o in offerings:
        if o.id in with_spans or o.id not in by_offering:
            continue
        instant = _one_instant(o, by_holder, by_offering)
        if instant is not None and all((o.id, did) in today for did in dims):
            out[o.id] = (instant, o.retired_at is None)
    return out


def _copy_today(copied: Mapping[str, tuple[dt.datetime, bool]], dims: list[str]) -> int:
    """Each offering's stored-grade rows of these questions, as spans from its instant on and still
    true (``until`` None): one ``INSERT ... SELECT`` per instant and listing; spans written."""
    groups: dict[tuple[dt.datetime, bool], list[str]] = defaultdict(list)
    for oid, key in copied.items():
        groups[key].append(oid)
    connection = connections[router.db_for_write(ResolvedGradeSpan)]
    q = connection.ops.quote_name
    span_columns = {f.name: q(f.column or f.name) for f in ResolvedGradeSpan._meta.concrete_fields}
    grade_columns = {f.name: q(f.column or f.name) for f in ResolvedGrade._meta.concrete_fields}
    names = ", ".join(span_columns[n] for n in ("offering", "dimension", "since", "until", "listed", *STORED))
    offering, dimension = grade_columns["offering"], grade_columns["dimension"]
    since_field, listed_field = ResolvedGradeSpan._meta.get_field("since"), ResolvedGradeSpan._meta.get_field("listed")
    head = (f"INSERT INTO {q(ResolvedGradeSpan._meta.db_table)} ({names}) SELECT {offering}, {dimension}, %s, NULL, "  # noqa: S608 (names from the models, quoted)
            f"%s, {', '.join(grade_columns[n] for n in STORED)} FROM {q(ResolvedGrade._meta.db_table)} WHERE ")
    written = 0
    with connection.cursor() as cursor:
        for (at, listed), ids in sorted(groups.items()):
            for i in range(0, len(ids), HOLDERS_PER_QUERY):
                part = sorted(ids[i:i + HOLDERS_PER_QUERY])
                cursor.execute(
                    head + f"{offering} IN ({', '.join(['%s'] * len(part))}) AND {dimension} IN "
                    f"({', '.join(['%s'] * len(dims))}) ORDER BY {offering}, {dimension}",
                    [since_field.get_db_prep_save(at, connection), listed_field.get_db_prep_save(listed, connection),
                     *part, *dims])
                written += cursor.rowcount
    return written


def _order(span: Span) -> tuple[Any, ...]:
    oid, did, since, *_ = span
    return oid, did, since or dt.datetime.min.replace(tzinfo=dt.UTC)


# -- Reads -----------------------------------------------------------------------------------------


def valid_on(day: dt.date) -> QuerySet[ResolvedGradeSpan]:
    """The spans in force at the end of ``day``: one per offering x question that has any."""
    cut = end_of_day(day)
    return ResolvedGradeSpan.objects.filter(Q(since__lt=cut) | Q(since__isnull=True),
                                            Q(until__gte=cut) | Q(until__isnull=True))


def existed_on(offerings: QuerySet[Offering], day: dt.date, history_start: dt.datetime | None) -> QuerySet[Offering]:
    """Those of ``offerings`` that were in the registry at the end of ``day`` (``history.AsOf``'s
    rule): from their first own revision (where their spans start), or from the registry's first
    one when they never had a cell of their own."""
    if history_start is None or history_start >= end_of_day(day):
        return offerings.none()
    return offerings.filter(Exists(valid_on(day).filter(offering_id=OuterRef("pk"))))


def listed_on(day: dt.date, history_start: dt.datetime | None, dimension: str | None) -> int:
    """How many of today's listed offerings were in the registry at the end of ``day``: the listed
    spans of one question of the catalogue (``dimension``) valid then (every offering has one per
    question), counted in one index."""
    if history_start is None or history_start >= end_of_day(day) or dimension is None:
        return 0
    return valid_on(day).filter(dimension_id=dimension, listed=True).count()
