"""Publishing one change to one cell: the cell rows and exactly one revision, in one transaction.

The rows are written by the same core as a load (``registry.cellwrite.cells_write``).

Used by the workbench (drafts, flag decisions, accepted corrections). ``before``/``after`` follow
the revision contract: ``services.record_data`` of the cell's record, None when absent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from trustreg.accounts import aftermath, audit
from trustreg.accounts.audit import Actor
from trustreg.domain.bundle import record_data
from trustreg.domain.cells import CellRecord, ScopeRecord
from trustreg.domain.history import holder_key
from trustreg.registry.cellwrite import CellChange, cells_write, revision_new
from trustreg.registry.convert import records_for
from trustreg.registry.models import Cell, Revision


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
        record = record.model_copy(update={"verified": verified_on})
    with transaction.atomic():
        row = current_row(holder, dimension_id, lock=True)
        before = record_data(records_for([row])[row.pk]) if row is not None else None
        after = record_data(record)
        if before == after:
            raise NothingChanged("the change is identical to the published cell")
        key = (holder.kind, holder.id, dimension_id)
        revision = revision_new(key, before, after, actor=actor, reason=reason, kind=kind, at=timezone.now(),
                                author=author, reviewer=reviewer, credit=credit)
        cells_write(changes=[CellChange(key, record, row, snapshots or {})], revisions=[revision])
        aftermath.published_changed()
        audit.record(
            actor=actor,
            action="cell.publish",
            target=f"{holder}/{dimension_id}",
            detail={"revision": revision.pk, "kind": kind},
        )
    return revision
