"""data.json import and export against the database (the layout itself: trustreg.domain.datajson)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils import timezone

from trustreg.accounts.audit import Actor
from trustreg.domain import datajson
from trustreg.domain.bundle import Bundle, OfferingRecord, PartyRecord, RegistryMeta
from trustreg.domain.cells import CellRecord, ResolvedCell, graded_party, resolve_cell
from trustreg.registry import selectors, services


def export_document(generated: dt.date | None = None, as_of: dt.date | None = None) -> dict[str, Any]:
    """The registry in the public data.json layout (inherited cells written out in full).

    With ``as_of``, the registry as it was at the end of that day: its cells rebuilt from revisions,
    its offerings' details those in force then (``registry.details``).
    """
    meta = selectors.registry_meta()
    cat = selectors.catalogue()
    at = selectors.cells_at(selectors.offerings_at(as_of), as_of)  # with each offering's details then
    party_cells, offering_cells, scopes = at.split
    generated = generated or as_of
    entries = []
    for o in at.offerings:
        cells = selectors.resolve_offering(o, cat, party_cells, offering_cells, scopes)
        fields = {
            "id": o.id, "name": o.name, "developer": o.developer.name, "platform": o.platform.name,
            "category": o.category, "model_family": o.model_family, "summary": o.summary,
            "sort_order": o.sort_order,
        }
        entries.append((fields, cells, dict(o.extra)))
    extra = dict(meta.extra)
    return datajson.registry_json(
        name=meta.name, license=meta.license, disclaimer=meta.disclaimer,
        generated=generated or timezone.localdate(), catalogue=cat, offerings=entries, extra=extra,
    )


def flatten(cell: ResolvedCell) -> dict[str, Any] | None:
    """What a resolved cell looks like in the layout (None when nothing is recorded)."""
    if cell.record is None:
        return None
    return datajson.cell_json(cell)


def import_document(*, actor: Actor, text: str | bytes, file: str = "data.json") -> services.LoadReport:
    """Fold a data.json document into the registry, all-or-nothing.

    Offerings in the file replace the offerings with the same id; others are left alone. A cell
    that reads exactly like what the offering shows today keeps its structure (inherited or not);
    any other cell becomes the offering's own cell, overriding the party cell it differs from with
    a reason that says so, so that inconsistencies stay visible instead of being averaged away.
    """
    current = selectors.bundle_from_db()
    imported = datajson.parse(text, catalogue=current.catalogue, file=file)
    parties = {p.id: p for p in current.parties}
    by_name = {p.name.casefold(): p.id for p in current.parties}

    def party_id(name: str) -> str:
        pid = by_name.get(name.casefold())
        if pid is None:
            pid = _unique_slug(name, parties)
            parties[pid] = PartyRecord(id=pid, name=name)
            by_name[name.casefold()] = pid
        return pid

    party_cells = current.party_cells()
    existing = {o.id: o for o in current.offerings}
    label = f"{imported.name} data.json" + (f" generated {imported.generated}" if imported.generated else "")
    for io in imported.offerings:
        dev, plat = party_id(io.developer), party_id(io.platform)
        old = existing.get(io.id)
        cells: dict[str, CellRecord] = {}
        scopes = {}
        for dim in current.catalogue.dimensions:
            new = io.cells.get(dim.id)
            if new is None:
                continue
            if old is not None and old.developer == dev and old.platform == plat:
                shown = resolve_cell(dim, developer_id=dev, platform_id=plat,
                                     offering_cell=old.cells.get(dim.id), scope=old.scopes.get(dim.id),
                                     party_cells=party_cells)
                if flatten(shown) == _as_imported(dim, dev, plat, new):
                    if dim.id in old.cells:
                        cells[dim.id] = old.cells[dim.id]
                    elif dim.id in old.scopes:
                        scopes[dim.id] = old.scopes[dim.id]
                    continue
            party = graded_party(dim, dev, plat)
            if (party, dim.id) in party_cells:
                new = new.model_copy(update={"override_reason": (
                    f"Imported from {label}, where it differs from the cell recorded once for {party}."
                )})
            cells[dim.id] = new
        if old is not None:  # data.json holds only the core questions: informational cells stay
            for dim in current.catalogue.informational:
                if dim.id in old.cells:
                    cells[dim.id] = old.cells[dim.id]
                elif dim.id in old.scopes:
                    scopes[dim.id] = old.scopes[dim.id]
        existing[io.id] = OfferingRecord(
            id=io.id, name=io.name, developer=dev, platform=plat, category=io.category,
            model_family=io.model_family, summary=io.summary, sort_order=io.sort_order,
            cells=cells, scopes=scopes, extra=dict(io.extra),
        )
    # Registry metadata changes only where the file gives it: a partial file blanks nothing.
    was = current.meta
    meta = RegistryMeta(
        name=imported.name,
        license=was.license if imported.license is None else imported.license,
        disclaimer=was.disclaimer if imported.disclaimer is None else imported.disclaimer,
        extra={**was.extra, **imported.extra},
    )
    bundle = Bundle(meta, current.catalogue, tuple(sorted(parties.values(), key=lambda p: p.id)),
                    tuple(sorted(existing.values(), key=lambda o: (o.sort_order, o.id))))
    return services.registry_load(actor=actor, bundle=bundle, reason=f"Imported {label}")


def _as_imported(dim: Any, dev: str, plat: str, record: CellRecord) -> dict[str, Any] | None:
    return flatten(resolve_cell(dim, developer_id=dev, platform_id=plat, offering_cell=record, scope=None,
                                party_cells={}))


def _unique_slug(name: str, taken: dict[str, Any]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:70] or "party"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug



