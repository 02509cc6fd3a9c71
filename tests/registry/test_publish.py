"""Publishing one change to one cell (``cell_publish``): the rows, one revision, one audit row, or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from trustreg.accounts.models import AuditEvent
from trustreg.domain.cells import CellRecord
from trustreg.domain.fieldtypes import replace
from trustreg.evidence.models import Citation, QuoteCheck
from trustreg.registry import cellwrite
from trustreg.registry.models import Cell, Revision
from trustreg.registry.publish import Holder, NothingChanged, cell_publish, current_record
from trustreg.registry.services import record_data

pytestmark = pytest.mark.django_db


def holder_of(cell: Cell) -> Holder:
    return Holder("offering", cell.offering_id) if cell.offering_id else Holder("party", cell.party_id)


def graded_cell_with_a_kept_copy() -> tuple[Holder, str, CellRecord]:
    """A graded cell one of whose citations was verified against a kept copy when the data was loaded."""
    citation = (Citation.objects.filter(snapshot__isnull=False).exclude(cell__grade="")
                .select_related("cell").order_by("id").first())
    assert citation is not None, "the bundled data cites kept copies"
    holder = holder_of(citation.cell)
    record = current_record(holder, citation.cell.dimension_id)
    assert isinstance(record, CellRecord)
    return holder, citation.cell.dimension_id, record


def counts() -> tuple[int, int, int, int]:
    return (Cell.objects.count(), Citation.objects.count(), Revision.objects.count(), AuditEvent.objects.count())


def test_a_changed_cell_is_written_with_one_revision_and_one_audit_row(loaded):
    holder, dim, record = graded_cell_with_a_kept_copy()
    changed = replace(record, notes=record.notes + " Checked again.")
    revisions, events = Revision.objects.count(), AuditEvent.objects.count()
    revision = cell_publish(actor="test", holder=holder, dimension_id=dim, record=changed,
                            kind=Revision.Kind.EDITORIAL, reason="notes")
    assert current_record(holder, dim) == changed
    assert (revision.before, revision.after) == (record_data(record), record_data(changed))
    assert (revision.holder, revision.dimension_id, revision.reason) == (str(holder), dim, "notes")
    assert Revision.objects.count() == revisions + 1
    event = AuditEvent.objects.get(action="cell.publish", target=f"{holder}/{dim}")
    assert AuditEvent.objects.count() == events + 1 and event.detail["revision"] == revision.pk


def test_publishing_the_cell_as_it_stands_writes_nothing(loaded):
    holder, dim, record = graded_cell_with_a_kept_copy()
    before = counts()
    with pytest.raises(NothingChanged):
        cell_publish(actor="test", holder=holder, dimension_id=dim, record=record,
                     kind=Revision.Kind.EDITORIAL, reason="same")
    assert counts() == before


def test_a_citation_kept_unchanged_keeps_the_kept_copy_that_verified_it(loaded):
    holder, dim, record = graded_cell_with_a_kept_copy()
    linked = {(c.source.url, c.quote): c.snapshot_id
              for c in Citation.objects.filter(cell__dimension_id=dim, **{f"cell__{holder.kind}_id": holder.id})
              .select_related("source")}
    cell_publish(actor="test", holder=holder, dimension_id=dim, record=replace(record, summary="Reworded."),
                 kind=Revision.Kind.EDITORIAL, reason="summary")
    after = {(c.source.url, c.quote): c.snapshot_id
             for c in Citation.objects.filter(cell__dimension_id=dim, **{f"cell__{holder.kind}_id": holder.id})
             .select_related("source")}
    assert after == linked and any(after.values())


def test_a_quote_verified_while_publishing_is_recorded_as_found_in_that_copy(loaded):
    holder, dim, record = graded_cell_with_a_kept_copy()
    position, citation = next((c.position, c) for c in Citation.objects.filter(
        cell__dimension_id=dim, snapshot__isnull=False, **{f"cell__{holder.kind}_id": holder.id}))
    publishing_started = timezone.now()
    cell_publish(actor="test", holder=holder, dimension_id=dim, record=replace(record, caveat="Re-read."),
                 kind=Revision.Kind.EDITORIAL, reason="caveat", snapshots={position: citation.snapshot_id})
    republished = Citation.objects.get(cell__dimension_id=dim, position=position,
                                       **{f"cell__{holder.kind}_id": holder.id})
    assert republished.snapshot_id == citation.snapshot_id
    newest = QuoteCheck.objects.filter(citation=republished).order_by("-checked_at", "-id").first()
    assert newest is not None and (newest.snapshot_id, newest.present) == (citation.snapshot_id, True)
    assert newest.checked_at >= publishing_started


def test_the_day_a_person_verified_it_replaces_the_recorded_date(loaded):
    holder, dim, record = graded_cell_with_a_kept_copy()
    day = (record.verified or dt.date(2026, 1, 1)) + dt.timedelta(days=1)
    revision = cell_publish(actor="test", holder=holder, dimension_id=dim, record=record,
                            kind=Revision.Kind.REVERIFIED, reason="re-verified", verified_on=day)
    assert current_record(holder, dim).verified == day
    assert revision.after["verified"] == day.isoformat()


def test_publishing_no_record_removes_the_cell_and_says_so_in_the_revision(loaded):
    holder, dim, record = graded_cell_with_a_kept_copy()
    revision = cell_publish(actor="test", holder=holder, dimension_id=dim, record=None,
                            kind=Revision.Kind.EDITORIAL, reason="withdrawn")
    assert current_record(holder, dim) is None
    assert (revision.before, revision.after) == (record_data(record), None)


def test_an_unknown_revision_kind_is_refused_before_anything_is_written(loaded):
    holder, dim, record = graded_cell_with_a_kept_copy()
    before = counts()
    with pytest.raises(ValueError, match="unknown revision kind"):
        cell_publish(actor="test", holder=holder, dimension_id=dim, record=replace(record, notes="x"),
                     kind="whim", reason="x")
    assert counts() == before and current_record(holder, dim) == record


def test_a_failure_while_writing_the_revision_leaves_the_cell_as_it_was(loaded, monkeypatch):
    holder, dim, record = graded_cell_with_a_kept_copy()
    before = counts()

    real_insert = cellwrite.rows_insert

    def disk_full(model, objs):
        if model is Revision:
            raise RuntimeError("disk full")
        return real_insert(model, objs)

    monkeypatch.setattr(cellwrite, "rows_insert", disk_full)
    with pytest.raises(RuntimeError):
        cell_publish(actor="test", holder=holder, dimension_id=dim, record=replace(record, notes="lost"),
                     kind=Revision.Kind.EDITORIAL, reason="x")
    assert counts() == before and current_record(holder, dim) == record
