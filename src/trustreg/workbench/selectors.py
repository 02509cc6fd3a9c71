"""Workbench reads: the cells index, and the review queue in the order that matters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from trustreg.evidence.models import Citation
from trustreg.flags.models import Flag
from trustreg.registry import selectors
from trustreg.registry.models import Cell, Offering, Party

# What a reviewer looks at first: published evidence that no longer holds.
URGENT_KINDS = (Flag.Kind.EVIDENCE_EXPIRED, Flag.Kind.QUOTE_MISSING)
# Then what may make a published grade wrong.
SERIOUS_KINDS = (Flag.Kind.CORRECTION, Flag.Kind.SOURCE_GONE, Flag.Kind.SOURCE_CHANGED, Flag.Kind.CONFLICTING,
                 Flag.Kind.SOURCE_MOVED)


def queue(filters: dict[str, Any]) -> QuerySet[Flag]:
    """Flags for the review queue, most urgent first: expired evidence and missing quotes on cells
    that cite them, then the rest of those kinds, then what may make a grade wrong, then the rest;
    the oldest first within each rank. ``filters`` are the queue form's cleaned data."""
    cited = Q(dimension__isnull=False) | Q(cited=True)
    qs = Flag.objects.select_related("offering", "party", "dimension", "source").annotate(
        cited=Exists(Citation.objects.filter(source=OuterRef("source"))),
        rank=Case(
            When(Q(kind__in=URGENT_KINDS) & cited, then=Value(0)),
            When(kind__in=URGENT_KINDS, then=Value(1)),
            When(kind__in=SERIOUS_KINDS, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        ),
    )
    if filters.get("status", "open") != "all":
        qs = qs.filter(status=Flag.Status.OPEN)
    if filters.get("offering"):
        qs = qs.filter(offering_id=filters["offering"])
    if filters.get("dimension"):
        qs = qs.filter(dimension_id=filters["dimension"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("age"):
        qs = qs.filter(created_at__lte=timezone.now() - dt.timedelta(days=int(filters["age"])))
    return qs.order_by("rank", "created_at", "id")


@dataclass(frozen=True)
class HolderRow:
    kind: str
    id: str
    name: str
    cells: list[tuple[str, str]]  # (dimension id, "grade" | "scope" | "")


def cell_index() -> tuple[list[str], list[HolderRow]]:
    dims = [d.id for d in selectors.catalogue().dimensions]
    recorded: dict[tuple[str, str, str], str] = {}
    for offering_id, party_id, dim, grade in Cell.objects.values_list(
        "offering_id", "party_id", "dimension_id", "grade"
    ):
        key = ("offering", offering_id, dim) if offering_id else ("party", party_id, dim)
        recorded[key] = grade or "scope"
    rows = [
        HolderRow("party", p.id, p.name, [(d, recorded.get(("party", p.id, d), "")) for d in dims])
        for p in Party.objects.order_by("name")
    ]
    rows += [
        HolderRow("offering", o.id, o.name, [(d, recorded.get(("offering", o.id, d), "")) for d in dims])
        for o in Offering.objects.order_by("sort_order", "id")
    ]
    return dims, rows
