"""The registry index: every offering x every question, with grades and evidence strength.

Filtered by combinable conditions and sorted; a fixed number of queries whatever the registry's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower

from trustreg.domain.catalogue import Catalogue
from trustreg.domain.grades import GRADE_INFO, GRADE_ORDER, Grade, is_watchout
from trustreg.domain.strength import (
    STRENGTH_ORDER,
    TO_CONFIRM,
    EvidenceStrength,
    Strength,
    cell_strength,
    dated_strength,
)
from trustreg.evidence.selectors import quote_states
from trustreg.registry import history, resolved
from trustreg.registry.lazy import LazyRows
from trustreg.registry.models import Offering, Party, ResolvedGrade
from trustreg.registry.selectors import catalogue, cells_at, listed_offerings, resolve_offering, shown_day

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
    rows: Sequence[IndexRow]  # the matching rows; today: built from the stored grades when sliced
    total: int
    developers: list[Party]
    platforms: list[Party]
    as_of: history.AsOf | None = None


def index_view(
    filters: IndexFilters = IndexFilters(), sort: str = "order", as_of: dt.date | None = None,
) -> IndexView:
    """Every offering x every dimension, as grades only (no notes), filtered and sorted.

    Today's registry is filtered, sorted, counted and paged in SQL over the stored resolved grades
    (``registry.resolved``); only the rows a page shows are built. A past date replays history."""
    if as_of is None:
        return _stored_index(filters, sort)
    cat = catalogue()
    at = cells_at(listed_offerings().select_related("developer", "platform"), as_of)
    offerings, (party_cells, offering_cells, scopes) = at.offerings, at.split
    # Evidence strength needs every cell's sources and dates: the same resolution as the offering
    # page (one rule), then one query for the quotes' states in the kept copies.
    quotes = quote_states()
    today = shown_day(as_of)
    rows = []
    for o in offerings:
        resolved = resolve_offering(o, cat, party_cells, offering_cells, scopes)
        rows.append(IndexRow(o, [
            IndexCell(c.dimension.id, c.grade, c.origin.value, cell_strength(c, quotes, today)) for c in resolved
        ]))
    developers = sorted({o.developer for o in offerings}, key=lambda p: p.name)
    platforms = sorted({o.platform for o in offerings}, key=lambda p: p.name)
    total = len(rows)
    rows = _sorted([r for r in rows if _matches(r, filters)], sort)
    return IndexView(cat, rows, total, developers, platforms, at.past)


def _stored_index(filters: IndexFilters, sort: str) -> IndexView:
    cat = catalogue()
    today = shown_day(None)
    listed = listed_offerings()
    matching = listed.select_related("developer", "platform")
    f = filters
    if f.developer:
        matching = matching.filter(developer_id=f.developer)
    if f.platform:
        matching = matching.filter(platform_id=f.platform)
    if f.category:
        matching = matching.filter(category=f.category)
    for c in f.conditions:
        matching = matching.filter(resolved.has_cell(today=today, dimension=c.dimension, grade=c.grade,
                                                     strength=c.strength))
    if f.q:
        matching = matching.filter(Q(name__icontains=f.q) | Q(id__icontains=f.q) | Q(model_family__icontains=f.q)
                                   | Q(developer__name__icontains=f.q) | Q(platform__name__icontains=f.q))
    matching = _sql_sorted(matching, sort, {d.id for d in cat.dimensions}, today)
    dims = {d.id: d for d in cat.dimensions}

    def build(offerings: list[Offering]) -> list[IndexRow]:
        cells: dict[str, dict[str, IndexCell]] = {o.id: {} for o in offerings}
        for r in ResolvedGrade.objects.filter(offering_id__in=list(cells), dimension_id__in=list(dims)):
            d = dims[r.dimension_id]
            evidence = dated_strength((Strength(r.strength), r.why), verified=r.verified, confidence=r.confidence,
                                      freshness_days=d.freshness_days, today=today)
            cells[r.offering_id][r.dimension_id] = IndexCell(r.dimension_id, r.grade, r.origin, evidence)
        return [IndexRow(o, [cells[o.id][d] for d in dims if d in cells[o.id]]) for o in offerings]

    parties = Party.objects.order_by("name")
    return IndexView(
        cat, LazyRows(matching, build), listed.count(),
        list(parties.filter(Exists(listed.filter(developer_id=OuterRef("pk"))))),
        list(parties.filter(Exists(listed.filter(platform_id=OuterRef("pk"))))),
    )


def _sql_sorted(rows: QuerySet[Offering], sort: str, known: set[str], today: dt.date) -> QuerySet[Offering]:
    """The same orders as ``_sorted``, in SQL over the stored grades."""
    tail = ("sort_order", "id")
    mine = ResolvedGrade.objects.filter(offering_id=OuterRef("pk"))

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
        return rows.order_by(Lower("name"), *tail)
    if sort in ("developer", "platform"):
        return rows.order_by(Lower(f"{sort}__name"), Lower("name"), *tail)
    if sort.startswith("dim:") and sort[4:] in known:
        grade_rank = mine.filter(dimension_id=sort[4:]).values("grade_rank")[:1]
        return rows.annotate(rank=Subquery(grade_rank)).order_by("rank", *tail)
    if sort.startswith("evidence:") and sort[9:] in known:
        shown = mine.filter(dimension_id=sort[9:]).annotate(r=resolved.shown_strength_rank(today)).values("r")[:1]
        return rows.annotate(rank=Subquery(shown)).order_by("rank", *tail)
    return rows.order_by(*tail)


def _matches(row: IndexRow, f: IndexFilters) -> bool:
    o = row.offering
    if f.developer and o.developer_id != f.developer:
        return False
    if f.platform and o.platform_id != f.platform:
        return False
    if f.category and o.category != f.category:
        return False
    if not all(c.holds(row) for c in f.conditions):
        return False
    if f.q:
        needle = f.q.casefold()
        hay = " ".join([o.name, o.id, o.developer.name, o.platform.name, o.model_family]).casefold()
        if needle not in hay:
            return False
    return True


def _sorted(rows: list[IndexRow], sort: str) -> list[IndexRow]:
    keys: dict[str, Any] = {
        "order": lambda r: (r.offering.sort_order, r.offering.id),
        "name": lambda r: r.offering.name.casefold(),
        "watchouts": lambda r: (r.watchout_count, r.offering.sort_order, r.offering.id),
        "-watchouts": lambda r: (-r.watchout_count, r.offering.sort_order, r.offering.id),
        "developer": lambda r: (r.offering.developer.name.casefold(), r.offering.name.casefold()),
        "platform": lambda r: (r.offering.platform.name.casefold(), r.offering.name.casefold()),
        # strongest evidence first: fewest cells to confirm, then most primary quotes found
        "evidence": lambda r: (r.to_confirm_count, -r.strong_count, r.offering.sort_order, r.offering.id),
        "-evidence": lambda r: (-r.to_confirm_count, r.strong_count, r.offering.sort_order, r.offering.id),
    }
    known = {c.dimension_id for c in rows[0].cells} if rows else set()
    if sort.startswith("dim:") and sort[4:] in known:
        dim = sort[4:]
        return sorted(rows, key=lambda r: (GRADE_ORDER[Grade(r.grade_of(dim))], r.offering.sort_order, r.offering.id))
    if sort.startswith("evidence:") and sort[9:] in known:
        dim = sort[9:]
        return sorted(rows, key=lambda r: (STRENGTH_ORDER[r.cell_of(dim).evidence.strength],
                                           r.offering.sort_order, r.offering.id))
    return sorted(rows, key=keys.get(sort, keys["order"]))
