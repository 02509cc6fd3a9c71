"""Stored resolved grades: every offering x question as it resolves today, kept in a table.

Written only here, by ``resolved_grades_refresh``, inside the transaction of each change that can
move a resolved grade or its evidence strength: a load, a publish (a party's cell moves every
offering that inherits it), and the monitor's quote checks (a quote found or lost moves the strength
of every cell citing that source and quote). Read by the index and question pages, which filter,
sort, count and page in SQL and build full records only for the rows they show.

Expiry is the one part of the strength rule that moves with the day shown, so the table keeps the
strength before expiry and the date after which it shows as expired (``expired_on``/``shown_strength``
apply ``domain.freshness.is_expired`` in SQL: expired when ``expires_on`` is before the day shown).

A past day's pages read the same columns from ``ResolvedGradeSpan`` (``registry.resolved_spans``),
which every refresh rebuilds for the offerings it refreshes.

Beside the rows, ``GradeCount`` keeps how many listed offerings have each grade on each question
(split by backed and quoted, the coverage page's two tests): a whole refresh counts it afresh, a refresh
of some offerings moves it by the rows it rewrites, in the same transaction. Listing changes
(retiring, un-retiring) come only with a load, which refreshes everything.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from trustreg.dbinsert import values_insert
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.cells import CellRecord, ResolvedCell, ScopeRecord
from trustreg.domain.coverage import has_quote, is_backed
from trustreg.domain.fitkeys import fit_inputs, fit_key
from trustreg.domain.freshness import expires_on
from trustreg.domain.grades import GRADE_ORDER, Grade
from trustreg.domain.strength import STRENGTH_ORDER, QuoteStates, Strength, sourced_strength
from trustreg.evidence.selectors import quote_states
from trustreg.registry.convert import records_for
from trustreg.registry.fitinputs import FitInputs, fit_inputs_write
from trustreg.registry.fitvectors import fit_vectors_write
from trustreg.registry.models import Cell, GradeCount, Offering, ResolvedGrade

# Offerings resolved per round trip: bounded memory and query size, whatever the registry's size.
CHUNK = 1000
STORED = ("grade", "grade_rank", "origin", "strength", "strength_rank", "why", "confidence", "verified",
          "expires_on", "backed", "quoted", "fit_key")
CountKey = tuple[str, str, bool, bool]  # dimension, grade, backed, quoted


class CellKeys(NamedTuple):
    """Which holder and question a cell row answers (what ``split_cells`` reads of a row)."""

    pk: int
    offering_id: str | None
    party_id: str | None
    dimension_id: str


Row = tuple[Any, ...]  # the STORED values of one offering x question, in that order
GRADE, BACKED, QUOTED = STORED.index("grade"), STORED.index("backed"), STORED.index("quoted")


def _desired(
    offerings: list[Offering], cat: Catalogue, known: Mapping[int, CellRecord | ScopeRecord], inputs: FitInputs,
) -> dict[tuple[str, str], Row]:
    """What the table should hold for these offerings: the pages' own resolution and strength rule.

    ``known``: records of cells by id that the caller has just written (a load): read back from
    the database only when not given, since a record written is the record read."""
    from trustreg.registry.selectors import resolve_offering, split_cells  # the one resolution

    parties = {p for o in offerings for p in (o.developer_id, o.platform_id)}
    holders = Cell.objects.filter(Q(offering_id__in=[o.id for o in offerings]) | Q(party_id__in=parties))
    rows = [CellKeys(*values) for values in holders.values_list("pk", "offering_id", "party_id", "dimension_id")]
    records = {row.pk: known[row.pk] for row in rows if row.pk in known}
    unknown = [row.pk for row in rows if row.pk not in records]
    for i in range(0, len(unknown), CHUNK):
        records.update(records_for(list(Cell.objects.filter(pk__in=unknown[i:i + CHUNK]))))
    party_cells, offering_cells, scopes = split_cells(records, rows)
    resolved = [(o, resolve_offering(o, cat, party_cells, offering_cells, scopes)) for o in offerings]
    quotes = quote_states({s.url for _, cells in resolved for c in cells for s in c.sources})
    # A row depends on the resolved cell's parts alone: the offerings inheriting one party cell
    # (most rows of a large registry) share it. The records are ``records``' own, alive to the end.
    memo: dict[tuple[Any, ...], Row] = {}
    out: dict[tuple[str, str], Row] = {}
    for o, cells in resolved:
        for c in cells:
            key = (c.dimension.id, c.origin, id(c.record), c.graded_party_id, id(c.scope), id(c.overridden))
            row = memo.get(key)
            if row is None:
                row = memo[key] = row_of(c, quotes, inputs)
            out[(o.id, c.dimension.id)] = row
    return out


def row_of(c: ResolvedCell, quotes: QuoteStates, inputs: FitInputs | None = None) -> Row:
    """The STORED values of one resolved cell (today's or a past one), in that order; ``inputs``
    collects the fit inputs the row names by its ``fit_key`` (``registry.fitinputs`` writes them)."""
    strength, why = sourced_strength(grade=c.grade, sources=c.sources, quotes=quotes)
    text = fit_inputs(c)
    key = fit_key(c.dimension.id, text)
    if inputs is not None:
        inputs[key] = (c.dimension.id, text)
    record = c.record
    verified = record.verified if record else None
    return (
        c.grade, GRADE_ORDER[Grade(c.grade)], c.origin.value, strength.value, STRENGTH_ORDER[strength],
        why[:200], (record.confidence or "") if record else "", verified,
        expires_on(verified, c.dimension.freshness_days) if strength is not Strength.NOT_REVIEWED else None,
        is_backed(c), has_quote(c), key,
    )


def resolved_grades_refresh(
    offering_ids: Iterable[str] | None = None, *, known: Mapping[int, CellRecord | ScopeRecord] | None = None,
) -> int:
    """Bring the stored grades of these offerings (all when None) up to date, and the grade counts
    with them; rows changed.

    Runs in the caller's transaction (the change that moved them). Only rows that differ are
    rewritten, so a reload that changes nothing writes nothing. ``known``: the records of cells the
    caller has just written, by cell id (see ``_desired``)."""
    from trustreg.registry.resolved_spans import spans_refresh
    from trustreg.registry.selectors import catalogue

    cat = catalogue()
    dims = [d.id for d in cat.dimensions]
    offerings = Offering.objects.order_by("id").only("id", "developer_id", "platform_id", "retired_at", "sort_order")
    if offering_ids is not None:
        wanted = sorted(set(offering_ids))
        chunks = [wanted[i:i + CHUNK] for i in range(0, len(wanted), CHUNK)]
    else:
        everyone = list(offerings.values_list("id", flat=True))
        chunks = [everyone[i:i + CHUNK] for i in range(0, len(everyone), CHUNK)]
        # questions no longer in the catalogue (or now informational) leave the table
        ResolvedGrade.objects.exclude(dimension_id__in=dims).delete()
    changed = 0
    moved: Counter[CountKey] = Counter()
    counted: Counter[CountKey] = Counter()  # a whole refresh: every row it keeps, counted as it goes
    for ids in chunks:
        chunk = list(offerings.filter(id__in=ids))
        listed = {o.id for o in chunk if o.retired_at is None}
        inputs: FitInputs = {}
        desired = _desired(chunk, cat, known or {}, inputs)
        today = dict(desired)  # the spans' present (pruned below to the rows to write)
        if offering_ids is None:
            counted.update(_count_key(did, row) for (oid, did), row in desired.items() if oid in listed)
        stale, gone = [], 0
        for pk, offering_id, dimension_id, *stored in ResolvedGrade.objects.filter(offering_id__in=ids).values_list(
                "pk", "offering_id", "dimension_id", *STORED):
            want = desired.get((offering_id, dimension_id))
            if want is not None and tuple(stored) == want:
                del desired[(offering_id, dimension_id)]
                continue
            stale.append(pk)
            gone += want is None
            if offering_id in listed:
                moved[_count_key(dimension_id, stored)] -= 1
        moved.update(_count_key(did, row) for (oid, did), row in desired.items() if oid in listed)
        for i in range(0, len(stale), 500):
            ResolvedGrade.objects.filter(pk__in=stale[i:i + 500]).delete()
        values_insert(ResolvedGrade, ("offering_id", "dimension_id", *STORED),
                      [(oid, did, *row) for (oid, did), row in desired.items()])
        spans_refresh(chunk, cat, today, inputs)  # the same offerings' past, in the same transaction
        fit_inputs_write(inputs)  # what the rows' fit keys name
        fit_vectors_write(chunk, cat, today, STORED)  # the same rows, one narrow row an offering
        changed += len(desired) + gone  # rows written, and rows deleted with none in their place
    if offering_ids is None:
        _grade_counts_replace(counted)  # the table now holds exactly the rows desired
    else:
        _grade_counts_move(moved)
    return changed


def _count_key(dimension_id: str, stored: Sequence[Any]) -> CountKey:
    return (dimension_id, stored[GRADE], stored[BACKED], stored[QUOTED])


def _grade_counts_replace(counts: Counter[CountKey]) -> None:
    """The kept counts made ``counts``: a whole refresh counts the rows as it resolves them, rather
    than counting the table again with a grouped query (1-2 s at 20,000 offerings)."""
    GradeCount.objects.all().delete()
    GradeCount.objects.bulk_create([
        GradeCount(dimension_id=dimension_id, grade=grade, backed=backed, quoted=quoted, n=n)
        for (dimension_id, grade, backed, quoted), n in sorted(counts.items()) if n
    ], batch_size=500)


def _grade_counts_move(moved: Counter[CountKey]) -> None:
    """Move the counts by the rows a partial refresh removed (-1) and wrote (+1): one row per key."""
    for (dimension_id, grade, backed, quoted), delta in sorted(moved.items()):
        if not delta:
            continue
        key = {"dimension_id": dimension_id, "grade": grade, "backed": backed, "quoted": quoted}
        if not GradeCount.objects.filter(**key).update(n=F("n") + delta):
            GradeCount.objects.create(**key, n=delta)


def offerings_affected(
    *, offering_ids: Iterable[str] = (), party_ids: Iterable[str] = (), source_ids: Iterable[int] = (),
) -> set[str]:
    """Offerings whose resolved grades can move when these offerings' or parties' cells change, or
    when quotes of these sources are checked (a quote's state is shared by every citation of it)."""
    ids, parties = set(offering_ids), set(party_ids)
    sources = list(set(source_ids))
    for i in range(0, len(sources), 500):
        for offering_id, party_id in Cell.objects.filter(
            citations__source_id__in=sources[i:i + 500]
        ).values_list("offering_id", "party_id").distinct():
            if offering_id:
                ids.add(offering_id)
            if party_id:
                parties.add(party_id)
    if parties:
        ids |= set(Offering.objects.filter(Q(developer_id__in=parties) | Q(platform_id__in=parties))
                   .values_list("id", flat=True))
    return ids


# -- Reads -----------------------------------------------------------------------------------------


def listed_total(dimension_id: str) -> int:
    """How many offerings are listed, read off the kept counts of one question of the catalogue
    (``dimension_id``): every listed offering has one stored grade per question, so its counts add
    up to the listed offerings in a few rows, where a ``COUNT`` would visit every one of them."""
    total: int | None = GradeCount.objects.filter(dimension_id=dimension_id).aggregate(n=Sum("n"))["n"]
    return total or 0


def shown_strength(today: dt.date) -> Case:
    """The strength shown on ``today``: the stored one, or expired once its evidence is too old."""
    return Case(When(expires_on__lt=today, then=Value(Strength.EXPIRED.value)), default=F("strength"),
                output_field=CharField())


def shown_strength_rank(today: dt.date) -> Case:
    return Case(When(expires_on__lt=today, then=Value(STRENGTH_ORDER[Strength.EXPIRED])),
                default=F("strength_rank"), output_field=IntegerField())


def strength_is(strength: str, today: dt.date) -> Q:
    """Rows whose strength shown on ``today`` is ``strength``."""
    if strength == Strength.EXPIRED:
        return Q(expires_on__lt=today)
    return Q(strength=strength) & (Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def has_cell(
    grades: QuerySet[Any] | None = None, *, today: dt.date, dimension: str = "", grade: str = "", strength: str = "",
) -> Exists:
    """An offering (the outer row) has a stored cell with this grade and/or shown strength; among
    ``grades`` when given (a past day's spans), today's stored grades otherwise."""
    rows: QuerySet[Any] = (ResolvedGrade.objects.all() if grades is None else grades).filter(offering_id=OuterRef("pk"))
    if dimension:
        rows = rows.filter(dimension_id=dimension)
    if grade:
        rows = rows.filter(grade=grade)
    if strength:
        rows = rows.filter(strength_is(strength, today))
    return Exists(rows)
