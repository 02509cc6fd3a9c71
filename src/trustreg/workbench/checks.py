"""Checks that raise flags: run by ``trustreg checks run`` (and by a reviewer from the workbench).

Each check names what it found with a stable key, so running the checks again raises nothing new
while a flag for the same finding is open.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.domain.cells import CitationRole, graded_party
from trustreg.domain.freshness import expires_on, is_expired
from trustreg.domain.grades import Grade
from trustreg.domain.history import holder_key
from trustreg.domain.quotes import quote_found
from trustreg.evidence.models import Citation, Snapshot
from trustreg.flags.models import Flag
from trustreg.flags.services import flag_raise
from trustreg.flags.state import quote_missing_key
from trustreg.registry import selectors
from trustreg.registry.models import Cell, Offering
from trustreg.workbench.models import Correction


@dataclass
class CheckReport:
    raised: Counter[str] = field(default_factory=Counter)
    already_open: int = 0

    def add(self, kind: str, raised: bool) -> None:
        if raised:
            self.raised[kind] += 1
        else:
            self.already_open += 1


def _holder(cell: Cell) -> str:
    if cell.offering_id:
        return holder_key("offering", cell.offering_id)
    return holder_key("party", cell.party_id or "")


def _about(cell: Cell) -> dict[str, Any]:
    return {"offering_id": cell.offering_id, "party_id": cell.party_id, "dimension_id": cell.dimension_id}


def checks_run(*, actor: Actor, today: dt.date | None = None) -> CheckReport:
    today = today or timezone.localdate()
    report = CheckReport()
    with transaction.atomic():
        cells = list(Cell.objects.select_related("dimension"))
        _expired(actor, cells, today, report)
        _secondary_only(actor, cells, report)
        _quotes_missing(actor, report)
        _inconsistent(actor, cells, report)
        _corrections(actor, report)
        audit.record(
            actor=actor,
            action="checks.run",
            detail={"raised": dict(report.raised), "already_open": report.already_open},
        )
    return report


def _expired(actor: Actor, cells: list[Cell], today: dt.date, report: CheckReport) -> None:
    for c in cells:
        if c.grade and is_expired(c.verified, c.dimension.freshness_days, today):
            expires = expires_on(c.verified, c.dimension.freshness_days)
            _, raised = flag_raise(
                actor=actor,
                kind=Flag.Kind.EVIDENCE_EXPIRED,
                key=f"expired:{_holder(c)}:{c.dimension_id}:{c.verified}",
                title=f"{c.dimension.label} evidence expired on {expires}",
                detail=(
                    f"Verified {c.verified}; the {c.dimension_id} policy keeps evidence "
                    f"{c.dimension.freshness_days} days."
                ),
                **_about(c),
            )
            report.add(Flag.Kind.EVIDENCE_EXPIRED, raised)


def _secondary_only(actor: Actor, cells: list[Cell], report: CheckReport) -> None:
    by_cell: dict[int, list[Citation]] = defaultdict(list)
    for cit in Citation.objects.all():
        by_cell[cit.cell_id].append(cit)
    for c in cells:
        cits = by_cell.get(c.pk, [])
        if not c.grade or c.grade == Grade.NOT_REVIEWED or not cits:
            continue
        if not any(x.primary and x.role != CitationRole.LEAD for x in cits):
            _, raised = flag_raise(
                actor=actor,
                kind=Flag.Kind.SECONDARY_ONLY,
                key=f"secondary:{_holder(c)}:{c.dimension_id}",
                title=f"{c.dimension.label}: only secondary evidence",
                detail="Every source of this cell is secondary or a lead; "
                "a primary source must settle the grade.",
                **_about(c),
            )
            report.add(Flag.Kind.SECONDARY_ONLY, raised)


def _quotes_missing(actor: Actor, report: CheckReport) -> None:
    """A cited quote that is not in the newest snapshot of its source."""
    newest: dict[int, Snapshot] = {}
    for row in Snapshot.objects.order_by("source_id", "-taken_at", "-id").only(
        "id", "source_id", "text", "taken_at"
    ):
        newest.setdefault(row.source_id, row)
    for cit in Citation.objects.exclude(quote="").select_related("cell", "cell__dimension", "source"):
        snap = newest.get(cit.source_id)
        if snap is None or quote_found(cit.quote, snap.text):
            continue
        c = cit.cell
        _, raised = flag_raise(
            actor=actor,
            kind=Flag.Kind.QUOTE_MISSING,
            key=quote_missing_key(_holder(c), c.dimension_id, cit.source_id, cit.quote),
            title=f"{c.dimension.label}: quote not found in the newest snapshot of {cit.source.url}"[:300],
            detail=cit.quote,
            data={"snapshot": snap.pk, "citation": cit.pk},
            source=cit.source,
            **_about(c),
        )
        report.add(Flag.Kind.QUOTE_MISSING, raised)


def _inconsistent(actor: Actor, cells: list[Cell], report: CheckReport) -> None:
    """One party-level fact graded differently on offerings graded on the same party, with no reason."""
    cat = selectors.catalogue()
    party_grade = {(c.party_id, c.dimension_id): c.grade for c in cells if c.party_id}
    own = {(c.offering_id, c.dimension_id): c for c in cells if c.offering_id and c.grade}
    offerings = list(Offering.objects.all())
    for dim in cat.all_dimensions:
        grades: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for o in offerings:
            party = graded_party(dim, o.developer_id, o.platform_id)
            cell = own.get((o.id, dim.id))
            if cell is not None and cell.override_reason.strip():
                continue  # a stated override is a decision, not an inconsistency
            grade = cell.grade if cell is not None else party_grade.get((party, dim.id))
            if grade and grade != Grade.NOT_REVIEWED:
                grades[party][grade].append(o.id)
        for party, by_grade in grades.items():
            if len(by_grade) < 2:
                continue
            summary = "; ".join(f"{g}: {', '.join(sorted(ids))}" for g, ids in sorted(by_grade.items()))
            _, raised = flag_raise(
                actor=actor,
                kind=Flag.Kind.INCONSISTENT,
                key=f"inconsistent:{party}:{dim.id}:{summary}"[:300],
                title=f"{dim.label} graded differently on offerings served by {party}"[:300],
                detail=f"{summary}. Record it once on {party}, or state an override reason on the offering.",
                party_id=party,
                dimension_id=dim.id,
                data={"grades": {g: sorted(i) for g, i in by_grade.items()}},
            )
            report.add(Flag.Kind.INCONSISTENT, raised)


def _corrections(actor: Actor, report: CheckReport) -> None:
    from trustreg.workbench.corrections import correction_flag

    for corr in Correction.objects.filter(status=Correction.Status.RECEIVED, flag__isnull=True):
        report.add(Flag.Kind.CORRECTION, correction_flag(actor, corr)[1])
