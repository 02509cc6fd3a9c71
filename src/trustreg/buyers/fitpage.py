"""The fit check of one profile as a request asks it: verdicts counted, sorted and paged in SQL.

Each stored grade (today's ``ResolvedGrade``, or a past day's ``ResolvedGradeSpan`` valid at its
end) names its cell's fit inputs (``fit_key``, ``registry.fitinputs``). A request decides each
requirement once per projection of its question's inputs onto what it reads, with the one rule
(``buyers.fitgroups``), and SQL maps the inputs to verdicts by those projections: the database
finds each offering's verdict (the worst of its requirements', unknown wherever the evidence is weak
on the day shown), counts them, sorts and pages. Today's check reads one narrow row an offering
(``FitVector``) in one statement (``buyers.fitflat``); a past day's reads the spans valid then, one
seek an offering and requirement. Full records (reasons, steps, evidence) are built
only for the offerings a page shows, by the same code as the whole check (``selectors.fit_views``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from trustreg.buyers.fitflat import Flat, flat_check
from trustreg.buyers.fitgroups import Verdicts, verdict_keys
from trustreg.buyers.profiles import step_catalogue
from trustreg.buyers.selectors import VERDICT_ORDER, FitRow, FitView, allow_list, fit_view
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.fit import Profile, StepCatalogue, Verdict, fit_offering
from trustreg.domain.fitkeys import SEVERITY, WEAK_SEVERITY, WEAK_STORED
from trustreg.domain.history import end_of_day, holder_key
from trustreg.domain.strength import cell_strength
from trustreg.evidence.selectors import quote_states
from trustreg.registry import details, history, resolved_spans
from trustreg.registry.convert import records_for
from trustreg.registry.fitvectors import slots
from trustreg.registry.models import Cell, Offering, ResolvedGrade
from trustreg.registry.selectors import catalogue, listed_offerings, resolve_offering, split_cells

PER_PAGE = 50
ALLOW_LIST_PER_PAGE = 200  # a gateway reads the allow list in pages of this many offerings
MAX_PAGE = 100_000
COMPARED = 4  # the page offers to compare the first offerings that meet it
_BY_SEVERITY = {s: v for v, s in SEVERITY.items()}


@dataclass(frozen=True)
class FitPage:
    """One page of a profile's results, with the counts over every offering."""

    profile: Profile
    catalogue: Catalogue
    rows: list[FitRow]  # this page's, in result order
    today: dt.date
    counts: list[tuple[Verdict, int]]
    page: int
    per_page: int
    leading: list[str] = field(default_factory=list)  # the first offerings that meet it, for compare
    as_of: history.AsOf | None = None

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    def with_verdict(self, *verdicts: Verdict) -> list[FitRow]:
        """This page's rows with these verdicts."""
        return [r for r in self.rows if r.verdict in verdicts]


def fit_page(profile: Profile, as_of: dt.date | None = None, page: int = 1, per_page: int | None = None,
             steps: StepCatalogue | None = None, *, offset: int | None = None) -> FitPage:
    """The page ``page`` (from 1) of the profile's results, today or at the end of ``as_of``;
    ``offset`` instead of a page starts at any row (the API's cursor). A page past the last is
    read as the last (a link kept from a larger registry, or a hand-made URL, shows results rather
    than "page 7 of 6" over an empty list). A fixed number of queries."""
    cat = catalogue()
    steps = steps or step_catalogue()
    per_page = per_page or PER_PAGE  # read when called: the build pages a preset with the same number
    page = max(1, min(page, MAX_PAGE))
    start = (page - 1) * per_page if offset is None else offset
    core = {d.id for d in cat.dimensions}
    if any(r.question not in core for r in profile.requirements):
        # Informational questions have no stored grades: such a profile (a file's or an MCP
        # client's, never the page's form) is checked whole, then paged.
        return _paged_whole(profile, as_of, page, per_page, offset, steps)
    today = as_of or timezone.now().date()
    listed = listed_offerings()
    grades: QuerySet[Any] = ResolvedGrade.objects.all()
    past = None
    if as_of is not None:
        past = history.AsOf(as_of, {}, history.history_start())
        # listed then (retired since included), with their details then (``registry.details``)
        listed = resolved_spans.existed_on(details.listed_then(as_of), as_of, past.history_start)
        grades = resolved_spans.valid_on(as_of)
    reqs = [(r, d) for r in profile.requirements if (d := cat.get(r.question)) is not None]
    verdicts = verdict_keys(reqs, steps)
    where = slots(cat)
    if as_of is None and all(d.id in where for _, d in reqs):
        pairs = list(zip(verdicts, [where[d.id] for _, d in reqs], strict=True))
        flat, page = _flat(pairs, today, page, per_page, offset)
        counted = flat.counted
        by_id = Offering.objects.select_related("developer", "platform").in_bulk(flat.page)
        shown = [by_id[i] for i in flat.page]
        start = (page - 1) * per_page if offset is None else offset

        def first_meeting() -> list[str]:
            if flat.leading is not None:
                return flat.leading
            return flat_check(pairs, today, 0, 0, COMPARED).leading or []
    else:  # a past day's spans, or a question past the vectors' slots: per offering and requirement
        severities = [_severity(grades, v, today) for v in verdicts]
        worst = severities[0] if len(severities) == 1 else Greatest(*severities)
        scored = listed.annotate(sev=worst)
        counted = Counter(dict(scored.order_by().values_list("sev").annotate(n=Count("pk"))
                               .values_list("sev", "n")))
        if offset is None:
            page = min(page, _last_page(sum(counted.values()), per_page))
            start = (page - 1) * per_page
        order = "sort_order" if as_of is None else details.ORDER  # a past day's order is its own
        ordered = scored.order_by("sev", order, "id")
        shown = list(_shown(listed.alias(sev=worst), ordered, counted, start, per_page, order)
                     .select_related("developer", "platform"))

        def first_meeting() -> list[str]:
            return list(ordered.filter(sev__lte=SEVERITY[Verdict.MEETS_AFTER_STEPS]).values_list("id", flat=True)
                        [:COMPARED])
    counts = [(v, counted[SEVERITY[v]]) for v in VERDICT_ORDER]
    rows = _rows(shown, profile, cat, as_of, today, steps)
    meeting = counted[SEVERITY[Verdict.MEETS]] + counted[SEVERITY[Verdict.MEETS_AFTER_STEPS]]
    want = min(COMPARED, meeting)
    leading = [r.offering.id for r in rows if r.verdict in (Verdict.MEETS, Verdict.MEETS_AFTER_STEPS)][:want]
    if start != 0 or len(leading) < want:  # not all on this page: the database's
        leading = first_meeting()[:want]
    return FitPage(profile, cat, rows, today, counts, page, per_page, leading, past)


def _flat(verdicts: list[tuple[Verdicts, int]], today: dt.date, page: int, per_page: int,
          offset: int | None) -> tuple[Flat, int]:
    """Today's check over the vectors (``buyers.fitflat``), and the page number shown: one
    statement, two for a page past the last (read as the last)."""
    def check(start: int) -> Flat:
        # the first offerings meeting it are on the first page unless it is shorter than their number
        return flat_check(verdicts, today, start, per_page, COMPARED if start or per_page < COMPARED else None)

    flat = check((page - 1) * per_page if offset is None else offset)
    last = _last_page(sum(flat.counted.values()), per_page)
    if offset is None and page > last:
        return check((last - 1) * per_page), last
    return flat, page


def _shown(graded: QuerySet[Any], ordered: QuerySet[Any], counted: Counter[int], start: int,
           per_page: int, order: str) -> QuerySet[Any]:
    """The page's offerings. A page within one verdict (the counts say where each verdict's rows
    start) is read in listing order among that verdict's offerings, so the database stops once it
    has found the page's rows instead of ordering every offering by its verdict first."""
    before = 0
    for sev in sorted(counted):
        if before <= start < before + counted[sev]:
            if start + per_page <= before + counted[sev]:
                return graded.filter(sev=sev).order_by(order, "id")[start - before:start - before + per_page]
            break
        before += counted[sev]
    return ordered[start:start + per_page] if start < sum(counted.values()) else ordered.none()


def _paged_whole(profile: Profile, as_of: dt.date | None, page: int, per_page: int, offset: int | None,
                 steps: StepCatalogue) -> FitPage:
    whole = fit_view(profile, as_of, steps)
    if offset is None:  # asked by page number: past the last reads as the last
        page = min(page, _last_page(len(whole.rows), per_page))
    return _page_of(whole, page, per_page, (page - 1) * per_page if offset is None else offset)


def pages_of(whole: FitView, per_page: int | None = None) -> list[FitPage]:
    """Every page of a whole check, as ``fit_page`` shows them (the build writes a preset's pages)."""
    per_page = per_page or PER_PAGE
    return [_page_of(whole, n, per_page, (n - 1) * per_page)
            for n in range(1, _last_page(len(whole.rows), per_page) + 1)]


def _page_of(whole: FitView, page: int, per_page: int, start: int) -> FitPage:
    meeting = [r.offering.id for r in whole.with_verdict(Verdict.MEETS, Verdict.MEETS_AFTER_STEPS)]
    return FitPage(whole.profile, whole.catalogue, whole.rows[start:start + per_page], whole.today, whole.counts,
                   page, per_page, meeting[:COMPARED], whole.as_of)


def _last_page(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def _severity(grades: QuerySet[Any], verdicts: Verdicts, today: dt.date) -> Subquery:
    """The outer offering's severity on one requirement: its stored row of that question, unknown
    when the evidence is weak on ``today``, else the verdict of its fit key (``buyers.fitgroups``)."""
    weak = Q(strength__in=WEAK_STORED) | Q(expires_on__lt=today)
    whens = [When(weak, then=Value(WEAK_SEVERITY))] + [
        When(fit_key__in=verdicts.keys_in(sev), then=Value(sev)) for sev in sorted(verdicts.groups)]
    row = grades.filter(offering_id=OuterRef("pk"), dimension_id=verdicts.dimension_id)
    return Subquery(row.annotate(s=Case(*whens, default=Value(verdicts.default), output_field=IntegerField()))
                    .values("s")[:1], output_field=IntegerField())


def _rows(offerings: Sequence[Offering], profile: Profile, cat: Catalogue, as_of: dt.date | None, today: dt.date,
          steps: StepCatalogue) -> list[FitRow]:
    """Full results for the offerings shown, from their own cells and their parties' (today's or
    the revisions in force at the end of ``as_of``): the whole check's own resolution and rule."""
    if not offerings:
        return []
    if as_of is not None:
        offerings = details.shown(offerings, as_of)  # their names and parties then
    dims = [d for d in (cat.get(r.question) for r in profile.requirements) if d is not None]
    wanted = [d.id for d in dims]
    ids = [o.id for o in offerings]
    parties = {p for o in offerings for p in (o.developer_id, o.platform_id)}
    if as_of is None:
        # Two halves, each on its (holder, dimension) index (see registry.selectors' question page).
        cells = list(Cell.objects.filter(offering_id__in=ids, dimension_id__in=wanted)
                     .union(Cell.objects.filter(party_id__in=parties, dimension_id__in=wanted), all=True))
        split = split_cells(records_for(cells), cells)
    else:
        holders = [holder_key("offering", i) for i in ids] + [holder_key("party", p) for p in sorted(parties)]
        latest = history.latest_revisions(end_of_day(as_of), holders=holders)
        split = history.AsOf(as_of, {(r.holder, r.dimension_id): r.after for r in latest
                                     if r.after is not None}, None).split()
    resolved = [(o, {c.dimension.id: c for c in resolve_offering(o, cat, *split, dims)}) for o in offerings]
    quotes = quote_states({s.url for _, cells in resolved for c in cells.values() for s in c.sources})
    out = []
    for o, by_dim in resolved:
        evidence = {dim: cell_strength(c, quotes, today) for dim, c in by_dim.items()}
        names = {o.developer_id: o.developer.name, o.platform_id: o.platform.name}
        out.append(FitRow(o, fit_offering(o.id, profile, by_dim, evidence, steps, names)))
    return out


def allow_list_page(view: FitPage) -> dict[str, object]:
    """One page of the allow list (``selectors.allow_list``'s document over the page's rows, which
    come in result order: what meets first), with where it stands among the pages."""
    return {**allow_list(view), "page": view.page, "pages": view.pages, "total": view.total,
            "next_page": view.next_page}
