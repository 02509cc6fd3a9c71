"""Publishing one change to one cell: the cell rows and exactly one revision, in one transaction.

Used by the workbench (drafts, flag decisions, accepted corrections). ``before``/``after`` follow
the revision contract: ``services.record_data`` of the cell's record, None when absent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from trustreg.domain.cells import CellRecord, ScopeRecord
from trustreg.domain.history import holder_key
from trustreg.evidence.models import Citation, Snapshot
from trustreg.evidence.services import quote_checks_record
from trustreg.registry import aftermath, audit
from trustreg.registry.audit import Actor
from trustreg.registry.convert import cell_fields, records_for
from trustreg.registry.events import revisions_published
from trustreg.registry.models import Annotation, Cell, Revision
from trustreg.registry.resolved import offerings_affected, resolved_grades_refresh
from trustreg.registry.services import record_data, sources_ensure


class NothingChanged(ValueError):
    """The published record equals the current one: no revision is written."""


@dataclass(frozen=True)
class Holder:
    kind: str  # "offering" | "party"
    id: str

    @classmethod
    def parse(cls, text: str) -> Holder:
        kind, _, ident = text.partition(":")
        if kind not in ("offering", "party") or not ident:
            raise ValueError(f"{text!r} is not offering:<id> or party:<id>")
        return cls(kind, ident)

    def __str__(self) -> str:
        return holder_key(self.kind, self.id)

    def filter(self) -> dict[str, str]:
        return {f"{self.kind}_id": self.id}


def current_row(holder: Holder, dimension_id: str, *, lock: bool = False) -> Cell | None:
    qs = Cell.objects.filter(dimension_id=dimension_id, **holder.filter())
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def current_record(holder: Holder, dimension_id: str) -> CellRecord | ScopeRecord | None:
    row = current_row(holder, dimension_id)
    return records_for([row])[row.pk] if row is not None else None


def cell_publish(
    *,
    actor: Actor,
    holder: Holder,
    dimension_id: str,
    record: CellRecord | ScopeRecord | None,
    kind: str,
    reason: str,
    snapshots: dict[int, int | None] | None = None,
    author: Any = None,
    reviewer: Any = None,
    credit: str = "",
    verified_on: dt.date | None = None,
) -> Revision:
    """Make the cell hold ``record`` (None removes it); write its citations, annotations, revision.

    ``snapshots`` maps a source's position in ``record.sources`` to the snapshot that verified its
    quote (each such check is recorded, so the page says when the quote was found). ``author``
    defaults to the actor; ``reviewer`` is who published. ``verified_on`` is the day a person
    verified the cell by publishing it: it replaces the record's ``verified`` date.
    """
    if kind not in Revision.Kind.values:
        raise ValueError(f"unknown revision kind {kind!r}")
    if verified_on is not None and isinstance(record, CellRecord):
        record = replace(record, verified=verified_on)
    with transaction.atomic():
        row = current_row(holder, dimension_id, lock=True)
        before = record_data(records_for([row])[row.pk]) if row is not None else None
        after = record_data(record)
        if before == after:
            raise NothingChanged("the change is identical to the published cell")
        now = timezone.now()
        checked_sources: set[int] = set()
        if record is None:
            assert row is not None
            checked_sources = set(Citation.objects.filter(cell=row).values_list("source_id", flat=True))
            row.delete()
        else:
            if row is None:
                row = Cell(dimension_id=dimension_id, **holder.filter())
            for column, value in cell_fields(record).items():
                setattr(row, column, value)
            row.save()
            # A citation kept unchanged keeps the snapshot that verified it.
            old = list(Citation.objects.filter(cell=row).select_related("source"))
            kept = {(c.source.url, c.quote): c.snapshot_id for c in old}
            # their quote checks go with them, which can move the state of a quote others cite
            checked_sources = {c.source_id for c in old}
            Citation.objects.filter(cell=row).delete()
            Annotation.objects.filter(cell=row).delete()
            sources = sources_ensure(list({ref.url: ref for ref in record.sources}.values()))
            citations = Citation.objects.bulk_create(
                [
                    Citation(
                        cell=row,
                        source=sources[ref.url],
                        snapshot_id=(snapshots or {}).get(pos) or kept.get((ref.url, ref.quote)),
                        quote=ref.quote,
                        role=ref.role,
                        primary=ref.primary,
                        position=pos,
                    )
                    for pos, ref in enumerate(record.sources)
                ]
            )
            checked = {pos: sid for pos, sid in (snapshots or {}).items() if sid is not None}
            found = Snapshot.objects.defer("text", "headers").in_bulk(set(checked.values()))
            recorded = [(citations[pos], found[sid]) for pos, sid in checked.items()
                        if sid in found and pos < len(citations)]
            quote_checks_record(checks=[(c.pk, snap, True) for c, snap in recorded])
            checked_sources |= {c.source_id for c, _ in recorded}
            Annotation.objects.bulk_create(
                [
                    Annotation(
                        cell=row,
                        date=a.date,
                        decision=a.decision,
                        reason=a.reason,
                        author=a.author,
                        position=pos,
                    )
                    for pos, a in enumerate(record.annotations)
                ]
            )
        # The stored resolved grades this cell moves (a party's cell: every offering inheriting
        # it; a quote check: every cell citing that source), in this same transaction.
        resolved_grades_refresh(offerings_affected(
            offering_ids=[holder.id] if holder.kind == "offering" else [],
            party_ids=[holder.id] if holder.kind == "party" else [], source_ids=checked_sources,
        ))
        author = author if author is not None else audit.actor_user(actor)
        revision = Revision.objects.create(
            holder=str(holder),
            dimension_id=dimension_id,
            offering_id=holder.id if holder.kind == "offering" else None,
            party_id=holder.id if holder.kind == "party" else None,
            before=before,
            after=after,
            kind=kind,
            reason=reason,
            author=author,
            # The byline the public sees: a display name, never a login name.
            author_name=(audit.public_name(author) if author else audit.actor_name(actor))[:150],
            reviewer=reviewer,
            credit=credit[:200],
            published_at=now,
        )
        aftermath.published_changed()
        audit.record(
            actor=actor,
            action="cell.publish",
            target=f"{holder}/{dimension_id}",
            detail={"revision": revision.pk, "kind": kind},
        )
        revisions_published([revision])
    return revision
