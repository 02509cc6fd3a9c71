"""Workbench reads: every query the workbench pages make, each a fixed number of queries.

The review queue in the order that matters, the cells index, and what each page lists (drafts,
corrections, sources, flags, the audit trail). The views call these and the services, never the ORM.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from trustreg.accounts.models import AuditEvent
from trustreg.evidence.models import Citation, Snapshot, Source
from trustreg.flags.models import Flag
from trustreg.registry import selectors
from trustreg.registry.models import Cell, Offering, Party, Revision
from trustreg.registry.publish import Holder
from trustreg.workbench.models import Correction, Draft

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
        qs = qs.filter(_offering_matches(filters["offering"]))
    if filters.get("dimension"):
        qs = qs.filter(dimension_id=filters["dimension"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("age"):
        qs = qs.filter(created_at__lte=timezone.now() - dt.timedelta(days=int(filters["age"])))
    return qs.order_by("rank", "created_at", "id")


def _offering_matches(text: str) -> Q:
    """Flags on the offering with this id; failing one, on offerings whose id or name contain it."""
    if Offering.objects.filter(id=text).exists():
        return Q(offering_id=text)
    return Q(offering__id__icontains=text) | Q(offering__name__icontains=text)


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


# -- The home page ---------------------------------------------------------------------------------


def open_flags_by_kind() -> list[Mapping[str, object]]:
    """``{"kind": ..., "n": ...}`` for each kind of open flag."""
    return list(Flag.objects.filter(status=Flag.Status.OPEN).values("kind").annotate(n=Count("id")).order_by("kind"))


def open_drafts(limit: int) -> QuerySet[Draft]:
    return Draft.objects.filter(status=Draft.Status.DRAFT).select_related("owner", "dimension")[:limit]


def corrections_received() -> int:
    return Correction.objects.filter(status=Correction.Status.RECEIVED).count()


def audit_events(limit: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor")[:limit]


# -- Flags, cells and drafts -----------------------------------------------------------------------


def flag_with_subject(flag_id: int) -> Flag | None:
    """A flag with what it is about (offering, party, question, source), or None."""
    return Flag.objects.select_related("offering", "party", "dimension", "source").filter(pk=flag_id).first()


def flag_drafts(flag: Flag) -> QuerySet[Draft]:
    return flag.drafts.select_related("owner")


def cell_drafts(holder: Holder, dimension_id: str, limit: int) -> QuerySet[Draft]:
    return Draft.objects.filter(holder=str(holder), dimension_id=dimension_id).select_related("owner")[:limit]


def cell_revisions(holder: Holder, dimension_id: str, limit: int) -> QuerySet[Revision]:
    return Revision.objects.filter(holder=str(holder), dimension_id=dimension_id).order_by(
        "-published_at", "-id")[:limit]


def draft(draft_id: int) -> Draft | None:
    return Draft.objects.filter(pk=draft_id).first()


def draft_with_people(draft_id: int) -> Draft | None:
    """A draft with its author, owner, reviewer and question, or None."""
    return Draft.objects.select_related("author", "owner", "reviewer", "dimension").filter(pk=draft_id).first()


def drafts_listed(status: str, limit: int) -> QuerySet[Draft]:
    """Drafts in ``status`` (every draft when it is not a status), newest first."""
    qs = Draft.objects.select_related("owner", "dimension")
    if status in Draft.Status.values:
        qs = qs.filter(status=status)
    return qs[:limit]


# -- Corrections -----------------------------------------------------------------------------------


def corrections_listed(status: str, limit: int) -> QuerySet[Correction]:
    """Corrections in ``status`` (every one when it is not a status)."""
    qs = Correction.objects.select_related("offering", "dimension")
    if status in Correction.Status.values:
        qs = qs.filter(status=status)
    return qs[:limit]


def correction(correction_id: int) -> Correction | None:
    return Correction.objects.select_related("offering", "dimension", "draft").filter(pk=correction_id).first()


# -- Sources and their kept copies -----------------------------------------------------------------


def sources_listed(q: str, limit: int) -> QuerySet[Source]:
    """Sources whose URL contains ``q``, with how many copies and citations each has."""
    sources = Source.objects.annotate(
        n_snapshots=Count("snapshots", distinct=True), n_citations=Count("citations", distinct=True)
    )
    if q:
        sources = sources.filter(url__icontains=q)
    return sources[:limit]


def source(source_id: int) -> Source | None:
    return Source.objects.filter(pk=source_id).first()


def source_ids(urls: list[str]) -> dict[str, int]:
    """The id of each of these URLs that is a recorded source."""
    return dict(Source.objects.filter(url__in=urls).values_list("url", "pk"))


def source_snapshots(source: Source, limit: int) -> QuerySet[Snapshot]:
    return source.snapshots.select_related("blob")[:limit]


def source_citations(source: Source, limit: int) -> QuerySet[Citation]:
    return source.citations.select_related("cell", "cell__dimension")[:limit]


def snapshot_of(source_id: int, snapshot_id: int) -> Snapshot | None:
    return Snapshot.objects.filter(pk=snapshot_id, source_id=source_id).first()


def correction_by_token(token: str) -> Correction | None:
    """The correction a visitor's status link names, with what the status page shows of it."""
    return Correction.objects.select_related("offering", "dimension", "revision").filter(token=token[:64]).first()
