"""The registry's shared reads: pages, API and exports all come through here.

Each selector issues a fixed number of queries, whatever the size of the registry.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from trustreg.domain.bundle import Bundle, OfferingRecord, PartyRecord, RegistryMeta
from trustreg.domain.catalogue import Catalogue, Dimension
from trustreg.domain.cells import CellRecord, Origin, ResolvedCell, ScopeRecord, resolve_cell
from trustreg.domain.grades import GRADE_INFO, GRADE_ORDER, Grade, is_watchout
from trustreg.evidence.selectors import bundled_copies
from trustreg.registry import history
from trustreg.registry.convert import catalogue_from_rows, records_for
from trustreg.registry.models import Cell, DimensionGroup, Offering, Party, RegistryInfo
from trustreg.registry.models import Dimension as DimensionRow


class NotFound(LookupError):
    """No such offering, party, dimension or slug."""


def registry_meta() -> RegistryMeta:
    info = RegistryInfo.objects.first()
    if info is None:
        return RegistryMeta()
    return RegistryMeta(name=info.name, license=info.license, disclaimer=info.disclaimer, extra=dict(info.extra))


def catalogue() -> Catalogue:
    return catalogue_from_rows(list(DimensionGroup.objects.all()), list(DimensionRow.objects.all()))


@dataclass(frozen=True)
class GroupOfCells:
    id: str
    label: str
    cells: list[ResolvedCell]


@dataclass
class OfferingView:
    offering: Offering
    catalogue: Catalogue
    cells: list[ResolvedCell]
    parties: dict[str, Party]
    as_of: history.AsOf | None = None  # set when the view shows the registry as it was on a date
    info_cells: list[ResolvedCell] = field(default_factory=list)  # informational questions, graded only

    @property
    def watchouts(self) -> list[ResolvedCell]:
        return [c for c in self.cells if c.is_watchout]

    @property
    def not_reviewed(self) -> list[ResolvedCell]:
        return [c for c in self.cells if not c.is_graded]

    @property
    def groups(self) -> list[GroupOfCells]:
        by_group: dict[str, list[ResolvedCell]] = defaultdict(list)
        for c in self.cells:
            by_group[c.dimension.group].append(c)
        return [GroupOfCells(g.id, g.label, by_group[g.id]) for g in self.catalogue.groups if by_group[g.id]]

    @property
    def info_groups(self) -> list[GroupOfCells]:
        """Informational questions someone has graded for this offering, by group."""
        return [GroupOfCells(g.id, g.label, cells) for g in self.catalogue.groups if g.informational
                and (cells := [c for c in self.info_cells if c.dimension.group == g.id])]

    def cell(self, dimension_id: str) -> ResolvedCell:
        return next(c for c in self.cells if c.dimension.id == dimension_id)

    def party_name(self, party_id: str) -> str:
        p = self.parties.get(party_id)
        return p.name if p else party_id


def _split(records: dict[int, CellRecord | ScopeRecord], rows: list[Cell]) -> tuple[
    dict[tuple[str, str], CellRecord], dict[tuple[str, str], CellRecord], dict[tuple[str, str], ScopeRecord]
]:
    party_cells: dict[tuple[str, str], CellRecord] = {}
    offering_cells: dict[tuple[str, str], CellRecord] = {}
    scopes: dict[tuple[str, str], ScopeRecord] = {}
    for row in rows:
        rec = records[row.pk]
        if row.party_id:
            assert isinstance(rec, CellRecord)
            party_cells[(row.party_id, row.dimension_id)] = rec
        elif isinstance(rec, ScopeRecord):
            scopes[(row.offering_id or "", row.dimension_id)] = rec
        else:
            offering_cells[(row.offering_id or "", row.dimension_id)] = rec
    return party_cells, offering_cells, scopes


def resolve_offering(
    o: Offering, cat: Catalogue, party_cells: dict[tuple[str, str], CellRecord],
    offering_cells: dict[tuple[str, str], CellRecord], scopes: dict[tuple[str, str], ScopeRecord],
    dimensions: list[Dimension] | None = None,
) -> list[ResolvedCell]:
    return [
        resolve_cell(
            d, developer_id=o.developer_id, platform_id=o.platform_id,
            offering_cell=offering_cells.get((o.id, d.id)), scope=scopes.get((o.id, d.id)),
            party_cells=party_cells,
        )
        for d in (dimensions if dimensions is not None else cat.dimensions)
    ]


def listed_offerings() -> QuerySet[Offering]:
    """Offerings in listings and exports: retired ones keep their pages and history, nothing else."""
    return Offering.objects.filter(retired_at__isnull=True)


def offering_view(
    offering_id: str, as_of: dt.date | None = None, cat: Catalogue | None = None
) -> OfferingView:
    """One offering with every cell resolved; as it was at the end of ``as_of`` when given."""
    o = Offering.objects.select_related("developer", "platform").filter(id=offering_id).first()
    if o is None:
        raise NotFound(f"no offering {offering_id!r}")
    cat = cat or catalogue()
    past = None
    if as_of is None:
        rows = list(Cell.objects.filter(
            Q(offering_id=o.id) | Q(party_id__in=[o.developer_id, o.platform_id])
        ))
        party_cells, offering_cells, scopes = _split(records_for(rows), rows)
    else:
        holders = [f"offering:{o.id}", f"party:{o.developer_id}", f"party:{o.platform_id}"]
        past = history.as_of(as_of, holders=holders, offering_ids=[o.id])
        if not past.offering_existed(o.id):
            raise NotFound(f"{o.name} was not in the registry yet on {as_of.isoformat()}")
        party_cells, offering_cells, scopes = past.split()
    cells = resolve_offering(o, cat, party_cells, offering_cells, scopes)
    info = [c for c in resolve_offering(o, cat, party_cells, offering_cells, scopes, list(cat.informational))
            if c.is_graded]
    return OfferingView(o, cat, cells, {o.developer_id: o.developer, o.platform_id: o.platform}, past, info)


# The index renders offerings x dimensions cells: look grades up by their text once, instead of
# building a Grade enum for every label, glyph and tone of every cell (measurable at 2,000 offerings).
_INFO_BY_GRADE = {g.value: info for g, info in GRADE_INFO.items()}
_WATCHOUT_GRADES = frozenset(g.value for g in Grade if is_watchout(g.value))


@dataclass(frozen=True)
class IndexCell:
    dimension_id: str
    grade: str
    origin: str

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

    def grade_of(self, dimension_id: str) -> str:
        return next(c.grade for c in self.cells if c.dimension_id == dimension_id)


@dataclass(frozen=True)
class IndexFilters:
    developer: str = ""
    platform: str = ""
    category: str = ""
    dimension: str = ""  # with grade: only offerings whose cell for this dimension has that grade
    grade: str = ""
    q: str = ""


SORTS = ("order", "name", "watchouts", "-watchouts", "developer", "platform")


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
    grades: dict[tuple[str, str | None, str], str] = {}
    past = None
    cell_grades: Iterable[tuple[str | None, str | None, str, str]]
    if as_of is None:
        cell_grades = Cell.objects.values_list("offering_id", "party_id", "dimension_id", "grade")
    else:
        past = history.as_of(as_of)
        offerings = [o for o in offerings if past.offering_existed(o.id)]
        cell_grades = _grades_of(past)
    for holder_o, holder_p, dim, grade in cell_grades:
        grades[("o", holder_o, dim) if holder_o else ("p", holder_p, dim)] = grade
    rows = []
    counts: Counter[str] = Counter()
    for o in offerings:
        cells = []
        for d in cat.dimensions:
            party = o.platform_id if d.level.value == "platform" else o.developer_id
            own = grades.get(("o", o.id, d.id))
            inherited = grades.get(("p", party, d.id))
            if own:  # scope entries have an empty grade and fall through to the party's cell
                cells.append(IndexCell(d.id, own, Origin.OVERRIDE if inherited else Origin.OFFERING))
            elif inherited:
                cells.append(IndexCell(d.id, inherited, Origin.PARTY))
            else:
                cells.append(IndexCell(d.id, Grade.NOT_REVIEWED.value, Origin.NONE))
        rows.append(IndexRow(o, cells))
    developers = sorted({o.developer for o in offerings}, key=lambda p: p.name)
    platforms = sorted({o.platform for o in offerings}, key=lambda p: p.name)
    total = len(rows)
    rows = [r for r in rows if _matches(r, filters)]
    for r in rows:
        counts.update(c.grade for c in r.cells)
    rows = _sorted(rows, sort)
    return IndexView(cat, rows, total, developers, platforms, counts, past)


def _grades_of(past: history.AsOf) -> list[tuple[str | None, str | None, str, str]]:
    """(offering id, party id, dimension, grade) of a past state, shaped like the Cell query."""
    out: list[tuple[str | None, str | None, str, str]] = []
    for (holder, dim), data in past.cells.items():
        kind, holder_id = holder.split(":", 1)
        grade = "" if "scope" in data else data.get("grade", "")
        out.append((holder_id, None, dim, grade) if kind == "offering" else (None, holder_id, dim, grade))
    return out


def _matches(row: IndexRow, f: IndexFilters) -> bool:
    o = row.offering
    if f.developer and o.developer_id != f.developer:
        return False
    if f.platform and o.platform_id != f.platform:
        return False
    if f.category and o.category != f.category:
        return False
    if f.grade:
        graded = [c for c in row.cells if not f.dimension or c.dimension_id == f.dimension]
        if not any(c.grade == f.grade for c in graded):
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
    }
    if sort.startswith("dim:"):
        dim = sort[4:]
        return sorted(rows, key=lambda r: (GRADE_ORDER[Grade(r.grade_of(dim))], r.offering.sort_order, r.offering.id))
    return sorted(rows, key=keys.get(sort, keys["order"]))


@dataclass
class QuestionView:
    dimension: Dimension
    catalogue: Catalogue
    entries: list[tuple[Offering, ResolvedCell]]
    parties: dict[str, Party]
    as_of: history.AsOf | None = None

    @property
    def grade_counts(self) -> list[tuple[str, int]]:
        """(grade, number of offerings) in grade order, only grades that occur."""
        counts = Counter(c.grade for _, c in self.entries)
        return [(g.value, counts[g.value]) for g in Grade if counts[g.value]]


def question_view(slug: str, as_of: dt.date | None = None) -> QuestionView:
    cat = catalogue()
    dim = next((d for d in cat.dimensions if d.slug == slug or d.id == slug), None)
    if dim is None:
        raise NotFound(f"no question {slug!r}")
    offerings = list(listed_offerings().select_related("developer", "platform"))
    past = None
    if as_of is None:
        rows = list(Cell.objects.filter(dimension_id=dim.id))
        party_cells, offering_cells, scopes = _split(records_for(rows), rows)
    else:
        past = history.as_of(as_of, dimension=dim.id)
        offerings = [o for o in offerings if past.offering_existed(o.id)]
        party_cells, offering_cells, scopes = past.split()
    entries = [
        (o, resolve_offering(o, cat, party_cells, offering_cells, scopes, [dim])[0]) for o in offerings
    ]
    parties = {p.id: p for o in offerings for p in (o.developer, o.platform)}
    return QuestionView(dim, cat, entries, parties, past)


def offering_choices() -> list[tuple[str, str]]:
    return list(listed_offerings().order_by("sort_order", "id").values_list("id", "name"))


def all_cells() -> tuple[
    dict[tuple[str, str], CellRecord], dict[tuple[str, str], CellRecord], dict[tuple[str, str], ScopeRecord]
]:
    """Every recorded cell as (party cells, offering cells, scope entries), keyed (holder, dimension)."""
    rows = list(Cell.objects.all())
    return _split(records_for(rows), rows)


def _by_holder(cells: dict[tuple[str, str], Any]) -> dict[str, dict[str, Any]]:
    nested: dict[str, dict[str, Any]] = defaultdict(dict)
    for (holder, dim), record in cells.items():
        nested[holder][dim] = record
    return nested


def bundle_from_db() -> Bundle:
    """The whole registry as framework-free records (for export); fixed number of queries."""
    cat = catalogue()
    flat_party, flat_offering, flat_scopes = all_cells()
    party_cells, offering_cells, scopes = _by_holder(flat_party), _by_holder(flat_offering), _by_holder(flat_scopes)
    order = {d.id: i for i, d in enumerate(cat.all_dimensions)}

    def ordered(d: dict[str, Any]) -> dict[str, Any]:
        return dict(sorted(d.items(), key=lambda kv: order[kv[0]]))

    parties = tuple(
        PartyRecord(id=p.id, name=p.name, organisation=p.organisation, url=p.url, summary=p.summary,
                    cells=ordered(party_cells[p.id]))
        for p in Party.objects.order_by("id")
    )
    offerings = tuple(
        OfferingRecord(
            id=o.id, name=o.name, developer=o.developer_id, platform=o.platform_id, category=o.category,
            model_family=o.model_family, summary=o.summary, sort_order=o.sort_order,
            cells=ordered(offering_cells[o.id]), scopes=ordered(scopes[o.id]), extra=dict(o.extra),
        )
        for o in listed_offerings().order_by("sort_order", "id")
    )
    return Bundle(registry_meta(), cat, parties, offerings, bundled_copies())
