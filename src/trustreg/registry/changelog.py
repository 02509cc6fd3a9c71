"""The public changelog and an offering's history: revisions as entries, and diffs between dates.

Fixed number of queries whatever the number of revisions: callers page through ``revisions(...)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from trustreg.accounts import audit
from trustreg.domain import history as dh
from trustreg.domain.catalogue import Dimension, Level
from trustreg.domain.cells import CellRecord
from trustreg.domain.grades import grade_label
from trustreg.domain.strength import EvidenceStrength, record_strength
from trustreg.evidence.selectors import quote_states
from trustreg.registry import history, selectors
from trustreg.registry.models import Offering, Revision

# Entry ids in feeds: a fixed authority and year, so they never change whatever the site's address.
TAG_AUTHORITY = "tag:trustregistry.example,2026"


def revision_guid(revision_id: int) -> str:
    return f"{TAG_AUTHORITY}:revision/{revision_id}"


def offering_scope(o: Offering) -> Q:
    """Revisions that changed what ``o`` shows: its own cells, and the cells it inherits from the
    party each dimension grades (two-level rule)."""
    return (
        Q(holder=dh.holder_key("offering", o.id))
        | Q(holder=dh.holder_key("party", o.platform_id), dimension__level=Level.PLATFORM.value)
        | Q(holder=dh.holder_key("party", o.developer_id), dimension__level=Level.DEVELOPER.value)
    )


@dataclass(frozen=True)
class Filters:
    offering: Offering | None = None
    dimension: str = ""
    kind: str = ""


def revisions(filters: Filters = Filters()) -> QuerySet[Revision]:
    """Revisions newest first, filtered; the caller slices (paginates) it.

    Filtering by offering includes the party cells it inherits.
    """
    qs = Revision.objects.select_related("dimension__group", "offering", "party", "author", "reviewer").prefetch_related(
        "editors"
    )
    if filters.offering is not None:
        qs = qs.filter(offering_scope(filters.offering))
    if filters.dimension:
        qs = qs.filter(dimension_id=filters.dimension)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("-published_at", "-id")


def page_of(filters: Filters, number: str | int, size: int) -> tuple[Page, list[Entry]]:
    """One page of the changelog: the ids first (an index-only walk, however deep the page), then
    those rows with what they show (three queries with the count)."""
    page = Paginator(revisions(filters).values_list("pk", flat=True), size).get_page(number)
    ids = list(page.object_list)
    rows = {r.pk: r for r in revisions().filter(pk__in=ids)}
    return page, [Entry(rows[i]) for i in ids if i in rows]


def counts_by_dimension(o: Offering) -> dict[str, int]:
    """How many revisions touched each of ``o``'s cells (one query)."""
    qs = Revision.objects.filter(offering_scope(o)).order_by().values("dimension_id").annotate(n=Count("id"))
    return {row["dimension_id"]: row["n"] for row in qs}


@dataclass(frozen=True)
class Entry:
    """One revision as the changelog shows it."""

    revision: Revision

    @property
    def id(self) -> int:
        return self.revision.pk

    @property
    def guid(self) -> str:
        return revision_guid(self.revision.pk)

    @property
    def holder_kind(self) -> str:
        return dh.split_holder(self.revision.holder)[0]

    @property
    def holder_id(self) -> str:
        return dh.split_holder(self.revision.holder)[1]

    @property
    def holder_name(self) -> str:
        r = self.revision
        row = r.offering if self.holder_kind == "offering" else r.party
        return row.name if row is not None else self.holder_id

    @property
    def question_linked(self) -> bool:
        """Whether the question has a page of its own: informational questions are shown on each
        offering's page only, so an entry names them without a link that would lead nowhere."""
        return not self.revision.dimension.group.informational

    @property
    def summary(self) -> dh.ChangeSummary:
        return dh.summarise(self.revision.before, self.revision.after)

    @property
    def diff(self) -> dh.CellDiff:
        return dh.diff_data(self.revision.before, self.revision.after)

    @property
    def author_name(self) -> str:
        """The public byline: a maintainer's display name (as it is now), else the recorded name of
        the process that wrote it (the loader, an import)."""
        r = self.revision
        editors = list(r.editors.all())  # everyone who edited the draft, in the order they joined
        if editors:
            return ", ".join(dict.fromkeys(audit.public_name(u) for u in editors))
        return audit.public_name(r.author) if r.author is not None else r.author_name

    @property
    def reviewer_name(self) -> str:
        return audit.public_name(self.revision.reviewer)

    @property
    def title(self) -> str:
        """A plain-text one-liner: who, which question, what happened to the grade."""
        r, s = self.revision, self.summary
        return f"{self.holder_name}: {r.dimension.label}: {change_phrase(s)}"


def change_phrase(s: dh.ChangeSummary) -> str:
    before = grade_label(s.grade_before) if s.grade_before else None
    after = grade_label(s.grade_after) if s.grade_after else None
    if s.status == "added":
        return f"recorded as {after}" if after else "scope note added"
    if s.status == "removed":
        return f"removed (was {before})" if before else "scope note removed"
    if before != after:
        return f"{before or 'scope note'} → {after or 'scope note'}"
    changed = ", ".join(f.replace("_", " ") for f in s.fields) or "no visible change"
    return f"{changed} updated" if s.fields else changed


def entries(rows: Any) -> list[Entry]:
    return [Entry(r) for r in rows]


@dataclass(frozen=True)
class CellChange:
    dimension: Dimension
    diff: dh.CellDiff
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class OfferingDiff:
    start: dt.date
    end: dt.date
    cells: list[CellChange]

    @property
    def changed(self) -> list[CellChange]:
        return [c for c in self.cells if c.diff.changed]

    @property
    def unchanged_count(self) -> int:
        return sum(1 for c in self.cells if not c.diff.changed)


def offering_diff(o: Offering, start: dt.date, end: dt.date) -> OfferingDiff:
    """What a buyer saw of ``o`` at the end of ``start`` against the end of ``end``, cell by cell.

    Both sides are the resolved cells (own, inherited, scope) rebuilt from revisions.
    """
    cat = selectors.catalogue()
    holders = dh.offering_holders(o.id, o.developer_id, o.platform_id)
    sides = []
    for day in (start, end):
        past = history.as_of(day, holders=holders, offering_ids=[o.id])
        if past.offering_existed(o.id):
            sides.append({c.dimension.id: dh.resolved_data(c) for c in
                          selectors.resolve_offering(o, cat, *past.split())})
        else:
            sides.append({})
    cells = []
    for d in cat.dimensions:
        before, after = sides[0].get(d.id), sides[1].get(d.id)
        cells.append(CellChange(d, dh.diff_data(before, after), before, after))
    return OfferingDiff(start, end, cells)


def entry_strengths(items: list[Entry], today: dt.date) -> dict[int, EvidenceStrength]:
    """The evidence strength of the grade each revision left (by revision id), in one query."""
    records = {e.id: (e, dh.record_from_data(e.revision.after)) for e in items}
    graded = {i: (e, r) for i, (e, r) in records.items() if isinstance(r, CellRecord) and r.grade}
    quotes = quote_states(s.url for _, r in graded.values() for s in r.sources)
    return {
        i: record_strength(r, e.revision.dimension.freshness_days, quotes, today) for i, (e, r) in graded.items()
    }
