"""Write records as plain data (the same shape the reader accepts) and as a registry directory."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from trustreg.domain import copies as kept
from trustreg.domain import yamlio
from trustreg.domain.bundle.records import Bundle, OfferingRecord, PartyRecord
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.cells import AnnotationRecord, CellRecord, ScopeRecord, SourceRef


def plain_record(record: BaseModel) -> dict[str, Any]:
    """A record as its data file writes it: its fields in order, each optional one left out when it
    holds nothing or its default (a source's role ``supports``, an annotation's author ``human``)."""
    data: dict[str, Any] = {}
    for name, required, default in _layout(type(record)):
        value = getattr(record, name)
        if not required and (not value or value == default):
            continue
        if isinstance(value, tuple):
            value = [plain_record(v) for v in value]
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, dict):
            value = dict(value)
        data[name] = value
    return data


@functools.cache
def _layout(model: type[BaseModel]) -> list[tuple[str, bool, Any]]:
    return [(name, f.is_required(), f.get_default(call_default_factory=True))
            for name, f in model.model_fields.items()]


def source_data(ref: SourceRef) -> dict[str, Any]:
    return plain_record(ref)


def annotation_data(a: AnnotationRecord) -> dict[str, Any]:
    return plain_record(a)


def cell_data(cell: CellRecord) -> dict[str, Any]:
    return plain_record(cell)


def scope_data(scope: ScopeRecord) -> dict[str, Any]:
    return plain_record(scope)


def record_data(record: CellRecord | ScopeRecord | None) -> dict[str, Any] | None:
    """The plain data of a cell as kept in revisions (the data-file shape, scope entries marked)."""
    if record is None:
        return None
    if isinstance(record, ScopeRecord):
        return {"scope": scope_data(record)}
    return cell_data(record)


def catalogue_data(catalogue: Catalogue) -> dict[str, Any]:
    groups = []
    for g in catalogue.groups:
        gd: dict[str, Any] = {"id": g.id, "label": g.label}
        if g.description:
            gd["description"] = g.description
        if g.informational:
            gd["informational"] = True
        groups.append(gd)
    dims = []
    for d in catalogue.all_dimensions:
        dd: dict[str, Any] = {
            "id": d.id, "label": d.label, "question": d.question, "group": d.group,
            "level": d.level.value, "slug": d.slug, "freshness_days": d.freshness_days,
        }
        if d.description:
            dd["description"] = d.description
        if d.facts:
            dd["facts"] = {
                k: ({"type": s.type.value, "description": s.description} if s.description else s.type.value)
                for k, s in d.facts.items()
            }
        dims.append(dd)
    return {"groups": groups, "dimensions": dims}


def party_data(p: PartyRecord, catalogue: Catalogue) -> dict[str, Any]:
    data: dict[str, Any] = {"id": p.id, "name": p.name}
    if p.organisation:
        data["organisation"] = p.organisation
    if p.url:
        data["url"] = p.url
    if p.summary:
        data["summary"] = p.summary
    if p.cells:
        data["cells"] = {d: cell_data(p.cells[d]) for d in catalogue.ids() if d in p.cells}
    return data


def offering_data(o: OfferingRecord, catalogue: Catalogue) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": o.id, "name": o.name, "developer": o.developer, "platform": o.platform,
        "category": o.category,
    }
    if o.model_family:
        data["model_family"] = o.model_family
    if o.summary:
        data["summary"] = o.summary
    data["sort_order"] = o.sort_order
    cells: dict[str, Any] = {}
    for d in catalogue.ids():
        if d in o.cells:
            cells[d] = cell_data(o.cells[d])
        elif d in o.scopes:
            cells[d] = scope_data(o.scopes[d])
    if cells:
        data["cells"] = cells
    if o.extra:
        data["extra"] = dict(o.extra)
    return data


def dump_files(bundle: Bundle) -> dict[str, str]:
    """The text of every file of the registry directory for ``bundle``."""
    files: dict[str, str] = {}
    meta: dict[str, Any] = {"name": bundle.meta.name}
    if bundle.meta.license:
        meta["license"] = bundle.meta.license
    if bundle.meta.disclaimer:
        meta["disclaimer"] = bundle.meta.disclaimer
    if bundle.meta.extra:
        meta["extra"] = dict(bundle.meta.extra)
    files["registry.yaml"] = yamlio.dump(meta)
    files["dimensions.yaml"] = yamlio.dump(catalogue_data(bundle.catalogue))
    for p in bundle.parties:
        files[f"parties/{p.id}.yaml"] = yamlio.dump(party_data(p, bundle.catalogue))
    for o in bundle.offerings:
        files[f"offerings/{o.id}.yaml"] = yamlio.dump(offering_data(o, bundle.catalogue))
    for c in bundle.copies:
        files[f"copies/{c.id}.yaml"] = yamlio.dump(kept.copy_data(c))
        files[f"copies/{c.id}.txt"] = c.text
    return files


def write_dir(bundle: Bundle, directory: str | Path) -> list[Path]:
    """Write the registry to ``directory`` (replacing the data files there); return the paths written.

    Files whose bytes would not change are not rewritten (nor counted)."""
    root = Path(directory)
    files = dump_files(bundle)
    for sub in ("parties", "offerings", "copies"):
        folder = root / sub
        folder.mkdir(parents=True, exist_ok=True)
        for old in [*folder.glob("*.yaml"), *folder.glob("*.txt")]:
            if f"{sub}/{old.name}" not in files:
                old.unlink()
    written = []
    for rel, text in files.items():
        path = root / rel
        data = text.encode("utf-8")  # bytes: a kept copy's hash is of its exact text
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue  # unchanged: left alone, so a re-export touches only what changed
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        written.append(path)
    return written
