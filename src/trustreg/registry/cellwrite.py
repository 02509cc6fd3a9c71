"""The one write core for cells: their rows, citations, annotations and revisions.

``registry_load`` calls it in bulk and ``cell_publish`` for one cell, each inside its own
transaction with its own audit row, so a cell written either way ends up as the same rows, and
the stored resolved grades it moves (``registry.resolved``) are refreshed in that transaction.
A citation that stays (same source, same quote) keeps its row: its id, its quote checks and the
kept copy someone linked to it survive a reload or a republish (``_citations_sync``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils import timezone

from trustreg.accounts import audit
from trustreg.accounts.audit import Actor
from trustreg.dbinsert import rows_insert, unsaved
from trustreg.domain.cells import AnnotationRecord, CellRecord, ScopeRecord, SourceRef
from trustreg.domain.history import holder_key
from trustreg.evidence.models import Citation, Snapshot, Source
from trustreg.evidence.services import quote_checks_keep, quote_checks_record
from trustreg.registry.convert import (
    ROW_FIELDS,
    SOURCE_COLUMNS,
    annotation_columns,
    cell_fields,
    source_columns,
)
from trustreg.registry.events import revisions_published
from trustreg.registry.models import Annotation, Cell, Revision
from trustreg.registry.resolved import offerings_affected, resolved_grades_refresh

CellKey = tuple[str, str, str]  # ("offering" | "party", holder id, dimension id)
CELL_COLUMNS = [*ROW_FIELDS, "updated_at"]
CITATION_COLUMNS = ["role", "primary", "position", "snapshot"]


@dataclass(frozen=True)
class KeptCitation:
    """A citation as another registry kept it (a mirror): the kept copy it links to (None: the one
    its source names, if any) and its quote checks as (snapshot id, checked at, quote present)."""

    snapshot_id: int | None = None
    checks: tuple[tuple[int, dt.datetime, bool], ...] = ()


@dataclass(frozen=True)
class CellChange:
    """Make cell ``key`` hold ``record`` (None removes it).

    ``row`` is the cell's current row (None when it has none): callers hold it already, locked or
    loaded in bulk. ``snapshots`` maps a source's position in ``record.sources`` to the kept copy in
    which a person has just found its quote: the citation links to it and the check is recorded.
    A mirror keeps what the original recorded instead: ``kept`` maps a position to the citation's
    link and quote checks (no check is made now), and ``updated_at`` is the cell's own date.
    """

    key: CellKey
    record: CellRecord | ScopeRecord | None
    row: Cell | None
    snapshots: Mapping[int, int | None] = field(default_factory=dict)
    kept: Mapping[int, KeptCitation] = field(default_factory=dict)
    updated_at: dt.datetime | None = None


@dataclass
class CellsWritten:
    keys: list[CellKey]  # every cell whose row was created, changed or removed
    rows: dict[CellKey, Cell]  # the rows written (removed cells are absent)
    revisions: list[Revision]  # saved, with their ids


def revision_new(
    key: CellKey, before: dict[str, Any] | None, after: dict[str, Any] | None, *, actor: Actor, reason: str,
    kind: str, at: dt.datetime, author: Any = None, reviewer: Any = None, credit: str = "",
) -> Revision:
    """An unsaved revision of cell ``key``; ``author`` defaults to the actor's account."""
    holder_kind, holder_id, dim = key
    author = author if author is not None else audit.actor_user(actor)
    values = {
        "holder": holder_key(holder_kind, holder_id),
        "dimension_id": dim,
        "offering_id": holder_id if holder_kind == "offering" else None,
        "party_id": holder_id if holder_kind == "party" else None,
        "before": before,
        "after": after,
        "kind": kind,
        "reason": reason,
        # The byline the public sees: a display name, never a login name.
        "author_name": (audit.public_name(author) if author else audit.actor_name(actor))[:150],
        "credit": credit[:200],
        "published_at": at,
    }
    if author is None and reviewer is None:
        # No account to keep on the object: its columns in the model's order, as Django builds a row
        # it reads (a third of the time of keyword arguments; a load builds one a changed cell).
        columns = {**values, "id": None, "author_id": None, "reviewer_id": None}
        return Revision(*[columns[name] for name in REVISION_ORDER])  # type: ignore[misc]  # stubs: no *args
    return Revision(**values, author=author, reviewer=reviewer)


REVISION_ORDER = tuple(f.attname for f in Revision._meta.concrete_fields)


def cells_write(
    *, changes: Sequence[CellChange], revisions: Iterable[Revision] = (),
    copies: Mapping[str, Snapshot] | None = None, now: dt.datetime | None = None, refresh_all: bool = False,
    events: bool = True,
) -> CellsWritten:
    """Write ``changes`` and save ``revisions`` (the caller's transaction; it writes the audit row).

    Each revision saved is published as a ``cell.published`` event, unless ``events`` is false (a
    mirror's revisions, with their original ids and dates, were published by the original).

    ``copies`` are the kept copies bundled with the data, by copy id, for citations naming one
    (``SourceRef.copy``); a copy not given is looked up by its id among the bundled snapshots.
    The stored resolved grades follow: those of the offerings these cells can move, or every one
    with ``refresh_all`` (a load, whose catalogue, parties and kept copies can move them too).
    """
    now = now or timezone.now()
    cited_before = set() if refresh_all else set(
        Citation.objects.filter(cell_id__in=[c.row.pk for c in changes if c.row is not None])
        .values_list("source_id", flat=True))
    removed = [c.row.pk for c in changes if c.record is None and c.row is not None]
    if removed:
        Cell.objects.filter(pk__in=removed).delete()
    to_update: list[tuple[Cell, CellChange]] = []
    to_create: list[tuple[Cell, CellChange]] = []
    for change in changes:
        if change.record is None:
            continue
        holder_kind, holder_id, dim = change.key
        columns = cell_fields(change.record)
        if change.row is None:
            row = unsaved(Cell, {**columns, "dimension_id": dim, f"{holder_kind}_id": holder_id,
                                 "updated_at": change.updated_at or now})
        else:
            row = change.row
            for column, value in columns.items():
                setattr(row, column, value)
            row.updated_at = change.updated_at or now
        (to_update if row.pk is not None else to_create).append((row, change))
    if to_update:
        Cell.objects.bulk_update([row for row, _ in to_update], CELL_COLUMNS, batch_size=500)
    if to_create:
        rows_insert(Cell, [row for row, _ in to_create])
        dated = [(row, change.updated_at) for row, change in to_create if change.updated_at is not None]
        for row, at in dated:  # the insert stamped "now" (auto_now); a mirror's cell keeps its own date
            row.updated_at = at
        if dated:
            Cell.objects.bulk_update([row for row, _ in dated], ["updated_at"], batch_size=500)
    written = to_update + to_create
    _citations_sync(written, existing_ids=[row.pk for row, _ in to_update], copies=copies or {})
    Annotation.objects.filter(cell_id__in=[row.pk for row, _ in to_update]).delete()
    rows_insert(
        Annotation,
        [
            Annotation(cell_id=row.pk, position=pos, **annotation_columns(a))
            for row, change in written
            for pos, a in enumerate(_annotations(change))
        ],
    )
    saved = rows_insert(Revision, list(revisions))
    if events:
        revisions_published(saved)  # their cell.published events, in the same transaction
    known = {row.pk: change.record for row, change in written if change.record is not None}
    if refresh_all:
        resolved_grades_refresh(known=known)  # only rows that differ are written
    else:
        _resolved_refresh(changes, cited_before, known)
    return CellsWritten(
        keys=[c.key for c in changes if c.record is not None or c.row is not None],
        rows={change.key: row for row, change in written},
        revisions=saved,
    )


def _resolved_refresh(
    changes: Sequence[CellChange], cited_before: set[int], known: dict[int, CellRecord | ScopeRecord],
) -> None:
    """The stored grades these cells move: a party's cell moves every offering inheriting it, and a
    source cited before or after moves every cell citing it (a quote check is shared by them all)."""
    cited_after = set(Citation.objects.filter(cell_id__in=list(known)).values_list("source_id", flat=True))
    resolved_grades_refresh(known=known, offering_ids=offerings_affected(
        offering_ids=[c.key[1] for c in changes if c.key[0] == "offering"],
        party_ids=[c.key[1] for c in changes if c.key[0] == "party"],
        source_ids=cited_before | cited_after,
    ))


def _citations_sync(
    written: list[tuple[Cell, CellChange]], *, existing_ids: list[int], copies: Mapping[str, Snapshot],
) -> None:
    """Make each written cell's citations follow its record's sources, keeping what stays.

    A citation is matched to the existing one of the same cell with the same source and quote (in
    order, when a cell cites the same quote twice): that row stays, with its id, its quote checks and
    the kept copy linked to it. Its link changes only when the record says so: a copy the record
    names (``copy:``), or a copy a person has just found the quote in. A link to a bundled copy the
    record no longer names is dropped, so the cell reads back as written.
    """
    refs = list({ref.url: ref for _, change in written for ref in _sources(change)}.values())
    sources = sources_ensure(refs)
    existing: dict[tuple[int, int, str], list[Any]] = defaultdict(list)  # Citations with their bundle_copy
    for old in (Citation.objects.filter(cell_id__in=existing_ids).annotate(bundle_copy=F("snapshot__bundle_copy"))
                .order_by("cell_id", "position", "id")):
        existing[(old.cell_id, old.source_id, old.quote)].append(old)
    named = _copies_named(written, copies)
    verified = _snapshots_present({sid for _, c in written for sid in c.snapshots.values() if sid is not None})

    new: list[Citation] = []
    changed: list[Citation] = []
    checks: list[tuple[Citation, int]] = []
    kept_checks: list[tuple[Citation, int, dt.datetime, bool]] = []
    for row, change in written:
        for pos, ref in enumerate(_sources(change)):
            source = sources[ref.url]
            matches = existing.get((row.pk, source.pk, ref.quote))
            cit: Citation | None = matches.pop(0) if matches else None
            found_now = change.snapshots.get(pos)
            found_now = found_now if found_now in verified else None
            copy = named.get(ref.copy) if ref.copy else None
            kept = change.kept.get(pos)
            snapshot_id: int | None
            if kept is not None:
                snapshot_id = kept.snapshot_id if kept.snapshot_id is not None else copy
            elif found_now is not None:
                snapshot_id = found_now
            elif copy is not None:
                snapshot_id = copy
            elif cit is not None and not getattr(cit, "bundle_copy", ""):
                snapshot_id = cit.snapshot_id  # a copy a person linked: kept as long as the citation is
            else:
                snapshot_id = None
            relinked = cit is None or cit.snapshot_id != snapshot_id
            if cit is None:
                cit = unsaved(Citation, {"cell_id": row.pk, "source_id": source.pk, "quote": ref.quote,
                                         "role": ref.role, "primary": ref.primary, "position": pos,
                                         "snapshot_id": snapshot_id})
                new.append(cit)
            else:
                values = {"role": ref.role, "primary": ref.primary, "position": pos, "snapshot_id": snapshot_id}
                if any(getattr(cit, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(cit, k, v)
                    changed.append(cit)
            # A quote found in a kept copy is recorded, so that the cell shows when it was found: each
            # time a person finds it, and when a citation is first linked to the bundled copy it names.
            if kept is not None:
                kept_checks += [(cit, sid, at, present) for sid, at, present in kept.checks]
            elif snapshot_id is not None and ref.quote and (found_now is not None or (copy is not None and relinked)):
                checks.append((cit, snapshot_id))
    gone = [c.pk for rows in existing.values() for c in rows]
    if gone:
        Citation.objects.filter(pk__in=gone).delete()
    if changed:
        Citation.objects.bulk_update(changed, CITATION_COLUMNS, batch_size=500)
    rows_insert(Citation, new)
    if checks:
        found = Snapshot.objects.only("id", "source_id").in_bulk({sid for _, sid in checks})
        quote_checks_record(checks=[(cit.pk, found[sid], True) for cit, sid in checks])
    if kept_checks:
        quote_checks_keep(checks=kept_checks)


def _sources(change: CellChange) -> tuple[SourceRef, ...]:
    return change.record.sources if change.record is not None else ()


def _annotations(change: CellChange) -> tuple[AnnotationRecord, ...]:
    return change.record.annotations if change.record is not None else ()


def _copies_named(
    written: list[tuple[Cell, CellChange]], copies: Mapping[str, Snapshot],
) -> dict[str, int]:
    """Copy id -> the bundled snapshot a citation names, from ``copies`` or else the database.

    (A copy may be of the cited source's canonical URL, so it is found by its id, not its source.)
    """
    names = {ref.copy for _, c in written for ref in _sources(c) if ref.copy}
    named = {name: copies[name].pk for name in names if name in copies}
    wanted = names - set(named)
    if wanted:
        rows = (Snapshot.objects.filter(how=Snapshot.How.BUNDLED, bundle_copy__in=wanted)
                .order_by("id").values_list("bundle_copy", "pk"))
        named.update(rows)  # the newest kept version of each copy wins
    return named


def _snapshots_present(ids: set[int]) -> set[int]:
    return set(Snapshot.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


def sources_ensure(refs: list[SourceRef]) -> dict[str, Source]:
    """Sources for the given references by URL, created or brought up to date (caller's transaction)."""
    urls = [r.url for r in refs]
    existing: dict[str, Source] = {}
    for start in range(0, len(urls), 500):
        for s in Source.objects.filter(url__in=urls[start:start + 500]):
            existing[s.url] = s
    new, changed = [], []
    for ref in refs:
        values = source_columns(ref)
        src = existing.get(ref.url)
        if src is None:
            src = Source(url=ref.url, **values)
            new.append(src)
            existing[ref.url] = src
        elif any(getattr(src, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(src, k, v)
            changed.append(src)
    rows_insert(Source, new)
    if changed:
        Source.objects.bulk_update(changed, list(SOURCE_COLUMNS))
    return existing
