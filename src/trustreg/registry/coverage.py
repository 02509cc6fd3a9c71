"""The /coverage/ page: the figures read from the grade counts kept on write, and the per-offering
table paged, its cells resolved only for the offerings a page shows. A fixed number of queries and
no per-offering work outside the page shown, whatever the size of the registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from trustreg.domain.coverage import Figures, OfferingCoverage, figures, public_registry_ids
from trustreg.domain.grades import Grade
from trustreg.registry.convert import records_for
from trustreg.registry.lazy import LazyRows
from trustreg.registry.models import Cell, GradeCount, Offering, ResolvedGrade
from trustreg.registry.selectors import (
    catalogue,
    listed_offerings,
    registry_meta,
    resolve_offering,
    split_cells,
)


@dataclass(frozen=True)
class CoverageView:
    figures: Figures
    offerings: Sequence[OfferingCoverage]  # in registry order; sliced by the page shown


def coverage_view() -> CoverageView:
    cat = catalogue()
    public = public_registry_ids(registry_meta().extra)
    counts = list(GradeCount.objects.filter(n__gt=0).values_list("dimension_id", "grade", "backed", "quoted", "n"))
    per_question: dict[str, int] = {}
    for dimension_id, _, _, _, n in counts:
        per_question[dimension_id] = per_question.get(dimension_id, 0) + n
    # every listed offering has one stored grade per question, so any question's total is their number
    offerings = max(per_question.values(), default=0) if cat.dimensions else listed_offerings().count()
    public_listed = listed_offerings().filter(id__in=public)
    shown = figures(
        questions=len(cat.dimensions), offerings=offerings, counts=[c[1:] for c in counts],
        public_offerings=public_listed.count(),
        not_reviewed_public=ResolvedGrade.objects.filter(
            offering__in=public_listed, grade=Grade.NOT_REVIEWED.value).count(),
    )

    def rows(page: list[Offering]) -> list[OfferingCoverage]:
        parties = {p for o in page for p in (o.developer_id, o.platform_id)}
        cells = list(Cell.objects.filter(Q(offering_id__in=[o.id for o in page]) | Q(party_id__in=parties)))
        party_cells, offering_cells, scopes = split_cells(records_for(cells), cells)
        return [OfferingCoverage(o.id, o.name, tuple(resolve_offering(o, cat, party_cells, offering_cells, scopes)))
                for o in page]

    return CoverageView(shown, LazyRows(listed_offerings().order_by("sort_order", "id"), rows, count=offerings))
