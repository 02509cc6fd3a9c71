"""The registry's write path. Every function runs in one transaction and leaves an audit row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from trustreg.accounts import aftermath, audit
from trustreg.accounts.audit import Actor
from trustreg.dbinsert import rows_insert, unsaved
from trustreg.domain.bundle import Bundle, Problem, record_data
from trustreg.domain.bundled_history import History
from trustreg.domain.cells import CellRecord, ScopeRecord, SourceRef
from trustreg.domain.copies import CopyRecord
from trustreg.evidence.models import Snapshot, Source
from trustreg.evidence.services import snapshots_keep_bundled
from trustreg.registry.cellwrite import CellChange, CellKey, cells_write, revision_new, sources_ensure
from trustreg.registry.convert import dimension_fields, offering_columns, party_columns, records_for
from trustreg.registry.details import details_keep, details_now
from trustreg.registry.models import (
    Cell,
    Dimension,
    DimensionGroup,
    Offering,
    OfferingDetailsSpan,
    Party,
    RegistryInfo,
    Revision,
)
from trustreg.registry.replay import Replay


class LoadRefused(ValueError):
    """The registry cannot be loaded as given; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    offerings: int = 0
    parties: int = 0
    dimensions: int = 0
    copies: int = 0
    replayed: int = 0  # bundled revisions added with their own dates
    changed_keys: list[CellKey] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # offerings not in the bundle, kept as they were
    retired: list[str] = field(default_factory=list)  # offerings not in the bundle, retired by this load
    meta_changed: list[str] = field(default_factory=list)  # registry name, license, disclaimer, extra

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed or self.meta_changed)


def registry_load(
    *, actor: Actor, bundle: Bundle, reason: str = "Loaded from registry data files",
    kind: str = Revision.Kind.EDITORIAL, retire_missing: bool = False, history: History | None = None,
) -> LoadReport:
    """Make the database hold ``bundle``; cells that change get a revision each.

    Offerings the bundle does not list are never deleted (that would take their public corrections,
    status pages and history with them): they are kept untouched and reported in ``missing``, or,
    with ``retire_missing``, marked retired. All-or-nothing: any failure rolls the whole load back.
    Loading the same bundle twice changes nothing and records no revision.
    A cell with bundled ``history`` gets its dated revisions instead (``registry.replay``).
    """
    with transaction.atomic():
        report = LoadReport()
        now = timezone.now()  # the one instant of the load: its revisions, retirements and details
        _load_meta(bundle, report, actor, reason)
        _load_catalogue(bundle, report)
        details = details_now()
        _load_parties_and_offerings(bundle, report)
        kept = _settle_absent(bundle, report, now, retire_missing=retire_missing)
        details_keep(details, now)  # the details replaced stay valid for the days before ``now``
        _load_cells(bundle, report, actor=actor, reason=reason, kind=kind, kept=kept, history=history or {},
                    now=now)
        report.copies = len(bundle.copies)
        aftermath.published_changed()
        named_then = [pid for pair in OfferingDetailsSpan.objects.values_list("developer_id", "platform_id").distinct()
                      for pid in pair]  # a past day's details still name them
        Party.objects.exclude(id__in=[p.id for p in bundle.parties]).exclude(
            id__in=[holder for kind_, holder in kept if kind_ == "party"]).exclude(id__in=named_then).delete()
        audit.record(
            actor=actor,
            action="registry.load",
            target=bundle.meta.name,
            detail={
                "created": report.created, "updated": report.updated, "removed": report.removed,
                "unchanged": report.unchanged, "offerings": report.offerings, "parties": report.parties,
                "missing": report.missing, "retired": report.retired, "reason": reason,
            },
        )
        return report


def _load_meta(bundle: Bundle, report: LoadReport, actor: Actor, reason: str) -> None:
    """Registry name, licence, disclaimer and extra; a change is recorded with before and after."""
    info = RegistryInfo.objects.first() or RegistryInfo()
    wanted = {"name": bundle.meta.name, "license": bundle.meta.license, "disclaimer": bundle.meta.disclaimer,
              "extra": dict(bundle.meta.extra)}
    changed = {k: {"before": getattr(info, k), "after": v} for k, v in wanted.items() if getattr(info, k) != v}
    if not changed and info.pk is not None:
        return
    for key, value in wanted.items():
        setattr(info, key, value)
    info.save()
    report.meta_changed = sorted(changed)
    audit.record(actor=actor, action="registry.meta", target=bundle.meta.name,
                 detail={"changed": changed, "reason": reason})


def _load_catalogue(bundle: Bundle, report: LoadReport) -> None:
    cat = bundle.catalogue
    for pos, g in enumerate(cat.groups):
        DimensionGroup.objects.update_or_create(
            id=g.id, defaults={"label": g.label, "description": g.description, "position": pos,
                               "informational": g.informational}
        )
    wanted = {d.id for d in cat.all_dimensions}
    gone = Dimension.objects.exclude(id__in=wanted)
    with_history = sorted(gone.filter(revisions__isnull=False).values_list("id", flat=True).distinct())
    if with_history:
        raise LoadRefused([
            Problem("dimensions.yaml", "dimensions",
                    f"dimension {d!r} has published history and cannot be removed; keep it in the catalogue")
            for d in with_history
        ])
    gone.delete()
    current = {row.id: row for row in Dimension.objects.all()}
    wanted_fields = {dim.id: dimension_fields(dim, pos) for pos, dim in enumerate(cat.all_dimensions)}
    changed = [
        dim_id for dim_id, fields in wanted_fields.items()
        if dim_id not in current or any(getattr(current[dim_id], k) != v for k, v in fields.items())
    ]
    # Slugs are unique: move changed ones out of the way first, so that a swap cannot collide.
    for dim_id in changed:
        if dim_id in current:
            Dimension.objects.filter(id=dim_id).update(slug=f"tmp-{dim_id}"[:80])
    for dim_id in changed:
        Dimension.objects.update_or_create(id=dim_id, defaults=wanted_fields[dim_id])
    DimensionGroup.objects.exclude(id__in=[g.id for g in cat.groups]).delete()
    report.dimensions = len(cat.all_dimensions)


def _load_parties_and_offerings(bundle: Bundle, report: LoadReport) -> None:
    existing_parties = set(Party.objects.values_list("id", flat=True))
    for p in bundle.parties:
        party_values = party_columns(p)
        if p.id in existing_parties:
            Party.objects.filter(id=p.id).update(**party_values)
        else:
            Party.objects.create(id=p.id, **party_values)
    offering_rows = []
    existing_offerings = set(Offering.objects.values_list("id", flat=True))
    for o in bundle.offerings:
        values: dict[str, Any] = {**offering_columns(o), "retired_at": None}
        if o.id in existing_offerings:
            Offering.objects.filter(id=o.id).update(**values)
        else:
            offering_rows.append(unsaved(Offering, {"id": o.id, **values}))
    rows_insert(Offering, offering_rows)
    report.offerings = len(bundle.offerings)
    report.parties = len(bundle.parties)


def _settle_absent(bundle: Bundle, report: LoadReport, now: Any, *, retire_missing: bool) -> set[tuple[str, str]]:
    """Keep (or retire) offerings the bundle does not list; return the holders whose cells stay.

    A party the bundle drops stays as long as a kept offering still names it.
    """
    absent = Offering.objects.exclude(id__in=[o.id for o in bundle.offerings])
    rows = list(absent.order_by("id").values_list("id", "developer_id", "platform_id", "retired_at"))
    active = [oid for oid, _, _, retired in rows if retired is None]
    if retire_missing:
        absent.filter(id__in=active).update(retired_at=now)
        report.retired = active
    else:
        report.missing = active
    listed = {p.id for p in bundle.parties}
    kept: set[tuple[str, str]] = {("offering", oid) for oid, _, _, _ in rows}
    kept |= {("party", pid) for _, dev, plat, _ in rows for pid in (dev, plat) if pid not in listed}
    return kept


def _desired_cells(bundle: Bundle) -> dict[CellKey, CellRecord | ScopeRecord]:
    desired: dict[CellKey, CellRecord | ScopeRecord] = {}
    for p in bundle.parties:
        for dim, cell in p.cells.items():
            desired[("party", p.id, dim)] = cell
    for o in bundle.offerings:
        for dim, cell in o.cells.items():
            desired[("offering", o.id, dim)] = cell
        for dim, scope in o.scopes.items():
            desired[("offering", o.id, dim)] = scope
    return desired


def _load_cells(
    bundle: Bundle, report: LoadReport, *, actor: Actor, reason: str, kind: str, kept: set[tuple[str, str]],
    history: History, now: Any,
) -> None:
    desired = _desired_cells(bundle)
    replay = Replay(history)
    cells = Cell.objects.all()
    rows = list(cells)
    current_records = records_for(cells)  # citations by a subquery, not one parameter a cell
    current: dict[CellKey, tuple[Cell, dict[str, Any] | None]] = {}
    for row in rows:
        key: CellKey = ("offering", row.offering_id, row.dimension_id) if row.offering_id else (
            "party", row.party_id or "", row.dimension_id)
        current[key] = (row, record_data(current_records[row.pk]))

    revisions: list[Revision] = []
    changes: list[CellChange] = []

    def make(before: Any, after: Any, why: str | None, what: str | None, *, at: Any, author_name: str | None,
             credit: str) -> Revision:
        rev = revision_new(key, before, after, actor=actor, reason=why or reason, kind=what or kind, at=at or now)
        if author_name is not None:  # a bundled revision: credited as its file says, by no account here
            rev.author, rev.author_name, rev.credit = None, author_name[:150], credit[:200]
        return rev

    seen_changed: set[CellKey] = set(report.changed_keys)  # membership in O(1): 220,000 cells at 20,000 offerings

    def mark_changed(key: CellKey) -> None:
        if key not in seen_changed:
            seen_changed.add(key)
            report.changed_keys.append(key)

    for key, record in desired.items():
        after = record_data(record)
        existing = current.get(key)
        if (f"{key[0]}:{key[1]}", key[2]) in history:
            added = list(replay.revisions(key, existing[1] if existing else None, make))
            report.replayed += len(added)
            revisions.extend(added)
            if added:
                mark_changed(key)
        if existing is not None and existing[1] == after:
            report.unchanged += 1
            continue
        if existing is None:
            report.created += 1
        else:
            report.updated += 1
        changes.append(CellChange(key, record, existing[0] if existing else None))
        mark_changed(key)
        if (f"{key[0]}:{key[1]}", key[2]) not in history:
            revisions.append(revision_new(key, existing[1] if existing else None, after, actor=actor,
                                          reason=reason, kind=kind, at=now))
    removed = [key for key in current if key not in desired and key[:2] not in kept]
    for key in removed:
        revisions.append(revision_new(key, current[key][1], None, actor=actor, reason=reason, kind=kind, at=now))
        changes.append(CellChange(key, None, current[key][0]))
        mark_changed(key)
    report.removed = len(removed)
    copies = _keep_copies([c.record for c in changes if c.record is not None], bundle.copies, actor)
    cells_write(changes=changes, revisions=revisions, copies=copies, now=now, refresh_all=True)


def _keep_copies(
    records: list[CellRecord | ScopeRecord], copies: tuple[CopyRecord, ...], actor: Actor,
) -> dict[str, Snapshot]:
    """Keep the bundled copies as snapshots of their sources; by copy id."""
    refs: dict[str, SourceRef] = {}
    for record in records:
        for ref in record.sources:
            refs.setdefault(ref.url, ref)
    sources = sources_ensure(list(refs.values()))
    # A kept copy no changed cell cites still needs its source; an existing one is left as the
    # cells describe it (a copy's metadata never overrides them).
    uncited = {c.url: c for c in copies if c.url not in sources}
    sources.update({s.url: s for s in Source.objects.filter(url__in=list(uncited))})
    sources.update(sources_ensure([
        SourceRef(url=c.url, kind=c.kind, primary=False, publisher=c.publisher, title=c.title)
        for url, c in uncited.items() if url not in sources
    ]))
    # Bundled copies are public kept copies: the data files publish them with the registry.
    return snapshots_keep_bundled(actor=actor, copies=copies, sources=sources)
