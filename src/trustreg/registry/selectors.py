"""The registry's shared reads: pages, API and exports all come through here.

Each selector issues a fixed number of queries, whatever the size of the registry.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from trustreg.domain.bundle import Bundle, RegistryMeta
from trustreg.domain.catalogue import Catalogue, Dimension
from trustreg.domain.cells import CellRecord, ResolvedCell, ScopeRecord, resolve_cell
from trustreg.domain.grades import Grade
from trustreg.domain.history import end_of_day, holder_key, offering_holders
from trustreg.domain.strength import (
    EvidenceStrength,
    QuoteStates,
    Strength,
    cell_strength,
    dated_strength,
)
from trustreg.evidence.selectors import (
    MonitorDates,
    bundled_copies,
    monitor_dates_many,
    quote_states,
    states_of,
)
from trustreg.registry import details, history
from trustreg.registry.convert import catalogue_from_rows, offering_record, party_record, records_for
from trustreg.registry.lazy import LazyRows
from trustreg.registry.models import (
    Cell,
    DimensionGroup,
    GradeCount,
    Offering,
    Party,
    RegistryInfo,
    ResolvedGrade,
)
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
    strengths: dict[str, EvidenceStrength] = field(default_factory=dict)  # by dimension id
    # (source URL, quote) -> the monitor's dates, when asked for (``offering_view(with_monitor=True)``)
    monitor: dict[tuple[str, str], MonitorDates] = field(default_factory=dict)

    @property
    def watchouts(self) -> list[ResolvedCell]:
        return [c for c in self.cells if c.is_watchout]

    @property
    def to_confirm(self) -> list[tuple[ResolvedCell, EvidenceStrength]]:
        """Cells whose evidence is secondary only, expired, uncited, or whose quote is unchecked."""
        return [(c, self.strengths[c.dimension.id]) for c in self.cells if self.strengths[c.dimension.id].to_confirm]

    @property
    def rows(self) -> list[tuple[ResolvedCell, EvidenceStrength]]:
        return [(c, self.strengths[c.dimension.id]) for c in self.cells]

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
        """The cell of any question the page shows, informational ones included."""
        return next(c for c in (*self.cells, *self.info_cells) if c.dimension.id == dimension_id)

    def party_name(self, party_id: str) -> str:
        p = self.parties.get(party_id)
        return p.name if p else party_id


class CellHolding(Protocol):
    """What ``split_cells`` reads of a cell row (a ``Cell``, or its keys alone)."""

    @property
    def pk(self) -> Any: ...
    @property
    def offering_id(self) -> Any: ...
    @property
    def party_id(self) -> Any: ...
    @property
    def dimension_id(self) -> Any: ...


def split_cells(records: Mapping[int, CellRecord | ScopeRecord], rows: Sequence[CellHolding]) -> tuple[
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
    offering_id: str, as_of: dt.date | None = None, cat: Catalogue | None = None, *, with_monitor: bool = False,
) -> OfferingView:
    """One offering with every cell resolved; as it was at the end of ``as_of`` when given.

    ``with_monitor``: also the monitor's dates of every cited source and quote (``monitor``), read
    once and used for the evidence strengths too (the offering page and its API document)."""
    o = Offering.objects.select_related("developer", "platform").filter(id=offering_id).first()
    if o is None:
        raise NotFound(f"no offering {offering_id!r}")
    cat = cat or catalogue()
    past = None
    if as_of is None:
        rows = list(Cell.objects.filter(
            Q(offering_id=o.id) | Q(party_id__in=[o.developer_id, o.platform_id])
        ))
        party_cells, offering_cells, scopes = split_cells(records_for(rows), rows)
    else:
        o = details.shown([o], as_of)[0]  # its name and parties then
        holders = offering_holders(o.id, o.developer_id, o.platform_id)
        past = history.as_of(as_of, holders=holders, offering_ids=[o.id])
        if not past.offering_existed(o.id):
            raise NotFound(f"{o.name} was not in the registry yet on {as_of.isoformat()}")
        party_cells, offering_cells, scopes = past.split()
    cells = resolve_offering(o, cat, party_cells, offering_cells, scopes)
    info = [c for c in resolve_offering(o, cat, party_cells, offering_cells, scopes, list(cat.informational))
            if c.is_graded]
    shown = cells + info
    cited = [s for c in shown for s in c.sources]
    monitor = monitor_dates_many([(s.url, s.quote) for s in cited]) if with_monitor else {}
    quotes = states_of(monitor) if with_monitor else quote_states((s.url for s in cited), (s.quote for s in cited))
    parties = {o.developer_id: o.developer, o.platform_id: o.platform}
    return OfferingView(o, cat, cells, parties, past, info, strengths_of(shown, quotes, as_of), monitor)


def shown_day(as_of: dt.date | None) -> dt.date:
    """The day a page shows: evidence ages and expiries are counted to it."""
    return as_of or timezone.localdate()


def strengths_of(
    cells: list[ResolvedCell], quotes: QuoteStates, as_of: dt.date | None
) -> dict[str, EvidenceStrength]:
    """Each cell's evidence strength by dimension id (computed once per page, read by templates)."""
    today = shown_day(as_of)
    return {c.dimension.id: cell_strength(c, quotes, today) for c in cells}


@dataclass
class QuestionView:
    dimension: Dimension
    catalogue: Catalogue
    # (offering, its resolved cell) and the same with its evidence strength, in registry order.
    # Built from the stored grades (a past day's: the spans valid then) only for the slice a page takes.
    entries: Sequence[tuple[Offering, ResolvedCell]]
    rows: Sequence[tuple[Offering, ResolvedCell, EvidenceStrength]]
    grade_counts: list[tuple[str, int]]  # (grade, number of offerings) in grade order, only grades that occur
    as_of: history.AsOf | None = None


def _grade_counts(grades: Counter[str]) -> list[tuple[str, int]]:
    return [(g.value, grades[g.value]) for g in Grade if grades[g.value]]


def question_view(slug: str, as_of: dt.date | None = None) -> QuestionView:
    cat = catalogue()
    dim = next((d for d in cat.dimensions if d.slug == slug or d.id == slug), None)
    if dim is None:
        raise NotFound(f"no question {slug!r}")
    return _stored_question(cat, dim, as_of)


def _stored_question(cat: Catalogue, dim: Dimension, as_of: dt.date | None) -> QuestionView:
    """The question page over the stored resolved grades, today's or, for a past day, the spans valid
    at its end (``registry.resolved_spans``): counted in SQL, cells resolved only for the offerings
    shown (from today's cells, or the revisions in force on that day)."""
    from trustreg.registry import resolved_spans

    listed = listed_offerings()
    today = shown_day(as_of)
    counts: Counter[str] = Counter()
    moved = False
    grades: QuerySet[Any] = ResolvedGrade.objects.all()
    past = None
    if as_of is None:
        for grade, n in GradeCount.objects.filter(dimension_id=dim.id, n__gt=0).values_list("grade", "n"):
            counts[grade] += n  # kept on write (registry.resolved): a few rows, whatever the registry's size
    else:
        past = history.AsOf(as_of, {}, history.history_start())
        moved = details.moved_since(as_of)  # when no detail changed since, the rows are that day's
        listed = resolved_spans.existed_on(details.listed_then(as_of) if moved else listed, as_of, past.history_start)
        grades = resolved_spans.valid_on(as_of)
        if not past.before_history:  # a day's spans name the offerings there were then, listed then
            then = {"offering_id__in": listed.values("id")} if moved else {"listed": True}
            counts.update(dict(grades.filter(dimension_id=dim.id, **then).order_by()
                               .values_list("grade").annotate(n=Count("pk")).values_list("grade", "n")))

    def entries(offerings: list[Offering]) -> list[tuple[Offering, ResolvedCell]]:
        if moved and as_of is not None:
            offerings = details.shown(offerings, as_of)
        parties = {p for o in offerings for p in (o.developer_id, o.platform_id)}
        if as_of is not None:
            holders = [holder_key("offering", o.id) for o in offerings] + [holder_key("party", p) for p in parties]
            end = end_of_day(as_of)
            latest = history.latest_revisions(end, holders=holders, dimension=dim.id)
            split = history.AsOf(as_of, {(r.holder, r.dimension_id): r.after for r in latest
                                         if r.after is not None}, None).split()
        else:
            # One query in two halves, each on its (holder, dimension) index: "offering or party" with
            # the dimension would read every cell of the question on SQLite (its dimension index).
            rows = list(Cell.objects.filter(offering_id__in=[o.id for o in offerings], dimension_id=dim.id)
                        .union(Cell.objects.filter(party_id__in=parties, dimension_id=dim.id), all=True))
            split = split_cells(records_for(rows), rows)
        return [(o, resolve_offering(o, cat, *split, [dim])[0]) for o in offerings]

    def rows(offerings: list[Offering]) -> list[tuple[Offering, ResolvedCell, EvidenceStrength]]:
        stored = {r.offering_id: r for r in grades.filter(
            dimension_id=dim.id, offering_id__in=[o.id for o in offerings])}
        out = []
        for o, c in entries(offerings):
            r = stored[o.id]
            out.append((o, c, dated_strength((Strength(r.strength), r.why), verified=r.verified,
                                             confidence=r.confidence, freshness_days=dim.freshness_days,
                                             today=today)))
        return out

    ordered = listed.select_related("developer", "platform").order_by(
        details.ORDER if moved else "sort_order", "id")
    total = sum(counts.values())  # one stored grade per listed offering: no COUNT over the offerings
    return QuestionView(dim, cat, LazyRows(ordered, entries, total), LazyRows(ordered, rows, total),
                        _grade_counts(counts), past)


def offering_search(q: str = "") -> QuerySet[Offering]:
    """Listed offerings whose name, id, model family, developer or platform contain ``q``, in
    registry order; a query for the caller to page (pickers and the 404 page never list them all)."""
    rows = listed_offerings().select_related("developer", "platform").order_by("sort_order", "id")
    q = q.strip()
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(id__icontains=q) | Q(model_family__icontains=q)
                           | Q(developer__name__icontains=q) | Q(platform__name__icontains=q))
    return rows


def listed_ids(ids: list[str]) -> set[str]:
    """Which of ``ids`` name listed offerings: one query."""
    return set(listed_offerings().filter(id__in=ids).values_list("id", flat=True))


def all_cells() -> tuple[
    dict[tuple[str, str], CellRecord], dict[tuple[str, str], CellRecord], dict[tuple[str, str], ScopeRecord]
]:
    """Every recorded cell as (party cells, offering cells, scope entries), keyed (holder, dimension)."""
    cells = Cell.objects.all()
    rows = list(cells)  # the queryset keeps them: records_for reads no cell twice
    return split_cells(records_for(cells), rows)  # citations by a subquery, not tens of thousands of ids


@dataclass(frozen=True)
class CellsAt:
    """The offerings there were and every cell, today's or as they stood at the end of a day."""

    offerings: list[Offering]  # those given, less the ones not in the registry yet on that day
    split: history.Split  # (party cells, offering cells, scope entries), keyed (holder, dimension)
    past: history.AsOf | None  # None: today's cells


def offerings_at(as_of: dt.date | None = None) -> list[Offering]:
    """The offerings listed today, or those listed at the end of ``as_of`` as they were then (those
    retired since included, those not in the registry yet left to ``cells_at``), in registry order."""
    if as_of is None:
        return list(listed_offerings().select_related("developer", "platform").order_by("sort_order", "id"))
    then = details.listed_then(as_of).select_related("developer", "platform").order_by(details.ORDER, "id")
    return details.shown(then, as_of)


def cells_at(offerings: Iterable[Offering], as_of: dt.date | None = None, *,
             dimension: str | None = None) -> CellsAt:
    """The cells now (``as_of`` None) or replayed to the end of ``as_of`` (only ``dimension``'s
    when given), with the offerings that existed then: a fixed number of queries either way."""
    if as_of is None:
        return CellsAt(list(offerings), all_cells(), None)
    past = history.as_of(as_of, dimension=dimension)
    return CellsAt([o for o in offerings if past.offering_existed(o.id)], past.split(), past)


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
        party_record(p, ordered(party_cells[p.id])) for p in Party.objects.order_by("id")
    )
    offerings = tuple(
        offering_record(o, ordered(offering_cells[o.id]), ordered(scopes[o.id]))
        for o in listed_offerings().order_by("sort_order", "id")
    )
    return Bundle(registry_meta(), cat, parties, offerings, bundled_copies())
