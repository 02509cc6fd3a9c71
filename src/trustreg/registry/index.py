"""The registry index: every offering x every question, with grades and evidence strength.

Filtered by combinable conditions and sorted; a fixed number of queries whatever the registry's size.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from trustreg.domain.catalogue import Catalogue
from trustreg.domain.grades import GRADE_INFO, GRADE_ORDER, Grade, is_watchout
from trustreg.domain.strength import STRENGTH_ORDER, EvidenceStrength, Strength, cell_strength
from trustreg.evidence.selectors import quote_states
from trustreg.registry import history
from trustreg.registry.models import Offering, Party
from trustreg.registry.selectors import all_cells, catalogue, listed_offerings, resolve_offering, shown_day

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


SORTS = ("order", "name", "watchouts", "-watchouts", "developer", "platform", "evidence", "-evidence")


@dataclass
class IndexView:
    catalogue: Catalogue
    rows: list[IndexRow]
    total: int
    developers: list[Party]
    platforms: list[Party]
    grade_counts: Counter[str] = field(default_factory=Counter)
    as_of: history.AsOf | None = None


def index_view(
    filters: IndexFilters = IndexFilters(), sort: str = "order", as_of: dt.date | None = None,
) -> IndexView:
    """Every offering x every dimension, as grades only (no notes), filtered and sorted."""
    cat = catalogue()
    offerings = list(listed_offerings().select_related("developer", "platform"))
    past = None
    if as_of is None:
        party_cells, offering_cells, scopes = all_cells()
    else:
        past = history.as_of(as_of)
        offerings = [o for o in offerings if past.offering_existed(o.id)]
        party_cells, offering_cells, scopes = past.split()
    # Evidence strength needs every cell's sources and dates: the same resolution as the offering
    # page (one rule), then one query for the quotes' states in the kept copies.
    quotes = quote_states()
    today = shown_day(as_of)
    rows = []
    counts: Counter[str] = Counter()
    for o in offerings:
        resolved = resolve_offering(o, cat, party_cells, offering_cells, scopes)
        rows.append(IndexRow(o, [
            IndexCell(c.dimension.id, c.grade, c.origin.value, cell_strength(c, quotes, today)) for c in resolved
        ]))
    developers = sorted({o.developer for o in offerings}, key=lambda p: p.name)
    platforms = sorted({o.platform for o in offerings}, key=lambda p: p.name)
    total = len(rows)
    rows = [r for r in rows if _matches(r, filters)]
    for r in rows:
        counts.update(c.grade for c in r.cells)
    rows = _sorted(rows, sort)
    return IndexView(cat, rows, total, developers, platforms, counts, past)


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
