"""The registry index: every offering x every question, with grades and evidence strength.

Filtered by combinable conditions and sorted; a fixed number of queries whatever the registry's size.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower

from trustreg.domain.catalogue import Catalogue
from trustreg.domain.grades import GRADE_INFO, Grade, is_watchout
from trustreg.domain.strength import (
    TO_CONFIRM,
    EvidenceStrength,
    Strength,
    dated_strength,
)
from trustreg.registry import details, history, resolved, resolved_spans
from trustreg.registry.lazy import LazyRows
from trustreg.registry.models import Offering, Party, ResolvedGrade
from trustreg.registry.selectors import catalogue, listed_offerings, shown_day

# The index renders offerings x dimensions cells: look grades up by their text once, instead of
# building a Grade enum for every label, glyph and tone of every cell (measurable at 2,000 offerings).
_INFO_BY_GRADE = {g.value: info for g, info in GRADE_INFO.items()}
_WATCHOUT_GRADES = frozenset(g.value for g in Grade if is_watchout(g.value))


@dataclass(frozen=True)
class IndexCell:
    dimension_id: str
    grade: str
    origin: str
    evidence: EvidenceStrength

    @property
    def label(self) -> str:
        return _INFO_BY_GRADE[self.grade].label

    @property
    def glyph(self) -> str:
        return _INFO_BY_GRADE[self.grade].glyph

    @property
    def tone(self) -> str:
        return _INFO_BY_GRADE[self.grade].tone


@dataclass
class IndexRow:
    offering: Offering
    cells: list[IndexCell]

    @property
    def watchout_count(self) -> int:
        return sum(1 for c in self.cells if c.grade in _WATCHOUT_GRADES)

    @property
    def not_reviewed_count(self) -> int:
        return sum(1 for c in self.cells if c.grade == Grade.NOT_REVIEWED)

    @property
    def to_confirm_count(self) -> int:
        return sum(1 for c in self.cells if c.evidence.to_confirm)

    @property
    def strong_count(self) -> int:
        return sum(1 for c in self.cells if c.evidence.strength is Strength.PRIMARY_QUOTED)

    def cell_of(self, dimension_id: str) -> IndexCell:
        return next(c for c in self.cells if c.dimension_id == dimension_id)

    def grade_of(self, dimension_id: str) -> str:
        return self.cell_of(dimension_id).grade


@dataclass(frozen=True)
class Condition:
    """One cell condition: in `dimension` (any when empty), a cell with this grade and/or strength."""

    dimension: str = ""
    grade: str = ""
    strength: str = ""

    def __bool__(self) -> bool:
        return bool(self.grade or self.strength)

    def holds(self, row: IndexRow) -> bool:
        return any(
            (not self.dimension or c.dimension_id == self.dimension)
            and (not self.grade or c.grade == self.grade)
            and (not self.strength or c.evidence.strength == self.strength)
            for c in row.cells
        )


MAX_CONDITIONS = 12


def conditions_from(dimensions: list[str], grades: list[str], strengths: list[str]) -> tuple[Condition, ...]:
    """Repeated ``dimension=``/``grade=``/``strength=`` parameters, paired in order, as conditions.

    Unknown values are kept (they match nothing, so the page says no offering matches) rather than
    silently dropped; empty conditions (no grade, no strength) are ignored.
    """
    width = min(max(len(dimensions), len(grades), len(strengths)), MAX_CONDITIONS)

    def at(values: list[str], i: int, limit: int) -> str:
        return values[i][:limit] if i < len(values) else ""

    found = (Condition(at(dimensions, i, 60), at(grades, i, 40), at(strengths, i, 40)) for i in range(width))
    return tuple(c for c in found if c)


@dataclass(frozen=True)
class IndexFilters:
    developer: str = ""
    platform: str = ""
    category: str = ""
    q: str = ""
    conditions: tuple[Condition, ...] = ()  # every one must hold (they combine, none is dropped)

    @property
    def active(self) -> bool:
        return bool(self.developer or self.platform or self.category or self.q or self.conditions)


@dataclass
class IndexView:
    catalogue: Catalogue
    rows: Sequence[IndexRow]  # the matching rows, built from the stored grades when sliced
    total: int
    developers: list[Party]
    platforms: list[Party]
    as_of: history.AsOf | None = None


def index_view(
    filters: IndexFilters = IndexFilters(), sort: str = "order", as_of: dt.date | None = None,
) -> IndexView:
    """Every offering x every dimension, as grades only (no notes), filtered and sorted.

    Filtered, sorted, counted and paged in SQL over the stored resolved grades (``registry.resolved``),
    today's or, for a past day, the spans valid at its end (``registry.resolved_spans``); only the
    rows a page shows are built."""
    cat = catalogue()
    today = shown_day(as_of)
    listed = listed_offerings()
    grades: QuerySet[Any] = ResolvedGrade.objects.all()
    past = None
    col = {c: c for c in details.THEN} | {"developer_name": "developer__name", "platform_name": "platform__name"}
    first = next((d.id for d in cat.dimensions), None)  # every listed offering has one stored grade on it
    # today's unfiltered total from the counts kept on write (a catalogue with no question has none)
    total = listed.count if first is None else functools.partial(resolved.listed_total, first)
    moved = as_of is not None and details.moved_since(as_of)
    if as_of is not None:
        past = history.AsOf(as_of, {}, history.history_start())
        grades = resolved_spans.valid_on(as_of)
        if moved:  # those listed then (retired since included), filtered and sorted by their details then
            listed = resolved_spans.existed_on(details.listed_then(as_of), as_of, past.history_start)
            col = {c: f"then_{c}" for c in col}
            total = listed.count
        else:  # no detail changed since: the rows are that day's (their spans' ``listed`` too)
            listed = resolved_spans.existed_on(listed, as_of, past.history_start)
            total = functools.partial(resolved_spans.listed_on, as_of, past.history_start, first)
    matching = listed.select_related("developer", "platform")
    if moved and (filters.q or sort in ("developer", "platform")):
        matching = details.with_party_names(matching)
    f = filters
    if f.developer:
        matching = matching.filter(**{col["developer_id"]: f.developer})
    if f.platform:
        matching = matching.filter(**{col["platform_id"]: f.platform})
    if f.category:
        matching = matching.filter(**{col["category"]: f.category})
    for c in f.conditions:
        matching = matching.filter(resolved.has_cell(grades, today=today, dimension=c.dimension, grade=c.grade,
                                                     strength=c.strength))
    if f.q:
        found = Q(id__icontains=f.q)
        for column in ("name", "model_family", "developer_name", "platform_name"):
            found |= Q(**{f"{col[column]}__icontains": f.q})
        matching = matching.filter(found)
    matching = _sql_sorted(matching, grades, sort, {d.id for d in cat.dimensions}, today, col)
    dims = {d.id: d for d in cat.dimensions}

    def build(offerings: list[Offering]) -> list[IndexRow]:
        if moved and as_of is not None:
            offerings = details.shown(offerings, as_of)  # their names and parties then
        cells: dict[str, dict[str, IndexCell]] = {o.id: {} for o in offerings}
        for r in grades.filter(offering_id__in=list(cells), dimension_id__in=list(dims)):
            d = dims[r.dimension_id]
            evidence = dated_strength((Strength(r.strength), r.why), verified=r.verified, confidence=r.confidence,
                                      freshness_days=d.freshness_days, today=today)
            cells[r.offering_id][r.dimension_id] = IndexCell(r.dimension_id, r.grade, r.origin, evidence)
        return [IndexRow(o, [cells[o.id][d] for d in dims if d in cells[o.id]]) for o in offerings]

    parties = Party.objects.order_by("name")
    n = total()
    return IndexView(
        cat, LazyRows(matching, build, None if f.active else n), n,
        list(parties.filter(_named(listed, col["developer_id"], moved))),
        list(parties.filter(_named(listed, col["platform_id"], moved))),
        past,
    )


def _named(listed: QuerySet[Offering], column: str, moved: bool) -> Q | Exists:
    """The parties ``listed`` offerings name in ``column``: a seek on its index per party, or, when
    they are read with their details of a past day (``moved``), one pass over them (an expression
    no index holds)."""
    if not moved:
        return Exists(listed.filter(**{column: OuterRef("pk")}))
    return Q(id__in=listed.order_by().values(column))


def _sql_sorted(
    rows: QuerySet[Offering], grades: QuerySet[Any], sort: str, known: set[str], today: dt.date,
    col: dict[str, str],
) -> QuerySet[Offering]:
    """The index's orders, in SQL over the stored grades (``grades``: today's, or a day's spans) and
    the offerings' details (``col``: their columns, or the annotations of their details then)."""
    tail = (col["sort_order"], "id")
    mine = grades.filter(offering_id=OuterRef("pk"))

    def count(q: Q) -> Coalesce:
        return Coalesce(Subquery(mine.filter(q).order_by().values("offering_id").annotate(n=Count("pk"))
                                 .values("n")[:1]), 0)

    watchouts = Q(grade__in=_WATCHOUT_GRADES)
    to_confirm = Q(strength__in=[s.value for s in TO_CONFIRM if s is not Strength.EXPIRED]) | Q(expires_on__lt=today)
    strong = resolved.strength_is(Strength.PRIMARY_QUOTED.value, today)
    if sort in ("watchouts", "-watchouts"):
        rows = rows.annotate(w=count(watchouts))
        return rows.order_by("w" if sort == "watchouts" else "-w", *tail)
    if sort in ("evidence", "-evidence"):
        rows = rows.annotate(tc=count(to_confirm), st=count(strong))
        return rows.order_by(*(("tc", "-st") if sort == "evidence" else ("-tc", "st")), *tail)
    if sort == "name":
        return rows.order_by(Lower(col["name"]), *tail)
    if sort in ("developer", "platform"):
        return rows.order_by(Lower(col[f"{sort}_name"]), Lower(col["name"]), *tail)
    if sort.startswith("dim:") and sort[4:] in known:
        grade_rank = mine.filter(dimension_id=sort[4:]).values("grade_rank")[:1]
        return rows.annotate(rank=Subquery(grade_rank)).order_by("rank", *tail)
    if sort.startswith("evidence:") and sort[9:] in known:
        shown = mine.filter(dimension_id=sort[9:]).annotate(r=resolved.shown_strength_rank(today)).values("r")[:1]
        return rows.annotate(rank=Subquery(shown)).order_by("rank", *tail)
    return rows.order_by(*tail)
