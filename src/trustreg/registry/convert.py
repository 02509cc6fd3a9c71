"""Translate between database rows and the framework-free records of ``trustreg.domain``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from trustreg.domain.bundle import OfferingRecord, PartyRecord
from trustreg.domain.catalogue import Catalogue, Dimension, FactSpec, Group, Level
from trustreg.domain.cells import AnnotationRecord, CellRecord, ScopeRecord, SourceRef
from trustreg.evidence.models import Citation
from trustreg.registry.models import Annotation, Cell, DimensionGroup, Offering, Party
from trustreg.registry.models import Dimension as DimensionRow


def catalogue_from_rows(groups: list[DimensionGroup], dims: list[DimensionRow]) -> Catalogue:
    return Catalogue.split(
        tuple(Group(id=g.id, label=g.label, description=g.description, informational=g.informational)
              for g in groups),
        tuple(dimension_from_row(d) for d in dims),
    )


def dimension_from_row(d: DimensionRow) -> Dimension:
    return Dimension(
        id=d.id,
        label=d.label,
        question=d.question,
        group=d.group_id,
        level=Level(d.level),
        slug=d.slug,
        freshness_days=d.freshness_days,
        facts={k: FactSpec(key=k, type=v["type"], description=v.get("description", "")) for k, v in d.facts.items()},
        description=d.description,
    )


def dimension_fields(d: Dimension, position: int) -> dict[str, Any]:
    return {
        "label": d.label,
        "question": d.question,
        "description": d.description,
        "group_id": d.group,
        "level": d.level.value,
        "slug": d.slug,
        "freshness_days": d.freshness_days,
        "facts": {k: ({"type": s.type.value, "description": s.description} if s.description
                      else {"type": s.type.value}) for k, s in d.facts.items()},
        "position": position,
    }


def records_for(cells: QuerySet[Cell] | list[Cell]) -> dict[int, CellRecord | ScopeRecord]:
    """Records for the given cells, with their citations and annotations (two more queries)."""
    cell_list = list(cells)
    if not cell_list:
        return {}
    ids = [c.pk for c in cell_list]
    citations: dict[int, list[SourceRef]] = defaultdict(list)
    annotations: dict[int, list[AnnotationRecord]] = defaultdict(list)
    cit_qs = Citation.objects.order_by("cell_id", "position", "id")
    ann_qs = Annotation.objects.order_by("cell_id", "position", "id")
    if isinstance(cells, QuerySet):
        cit_qs = cit_qs.filter(cell__in=cells.values("pk"))
        ann_qs = ann_qs.filter(cell__in=cells.values("pk"))
    else:
        cit_qs = cit_qs.filter(cell_id__in=ids)
        ann_qs = ann_qs.filter(cell_id__in=ids)
    for cell_id, *ref in cit_qs.values_list("cell_id", *SOURCE_REF_COLUMNS):  # rows, not model objects
        citations[cell_id].append(source_ref(*ref))
    for ann in ann_qs:
        annotations[ann.cell_id].append(annotation_record(ann))
    return {c.pk: record_from_row(c, tuple(citations[c.pk]), tuple(annotations[c.pk])) for c in cell_list}


# What a citation row and its source say of one cited source, in ``source_ref``'s order.
SOURCE_REF_COLUMNS = ("source__url", "source__kind", "primary", "source__publisher", "source__title",
                      "source__archived_url", "source__canonical_url", "quote", "role", "snapshot__bundle_copy")


def source_ref(url: str, kind: str, primary: bool, publisher: str, title: str, archived_url: str,
               canonical_url: str, quote: str, role: str, bundle_copy: str | None) -> SourceRef:
    return SourceRef(
        url=url,
        kind=kind,
        primary=primary,
        publisher=publisher,
        title=title,
        archived=archived_url or None,
        canonical_url=canonical_url or None,
        quote=quote,
        role=role,
        copy=bundle_copy or None,
    )


# A Source row's own columns (its URL aside), as ``source_columns`` fills them from a cited source.
SOURCE_COLUMNS = ("kind", "publisher", "title", "archived_url", "canonical_url")


def source_columns(ref: SourceRef) -> dict[str, Any]:
    return dict(zip(SOURCE_COLUMNS, (ref.kind, ref.publisher, ref.title, ref.archived or "",
                                     ref.canonical_url or ""), strict=True))


def record_from_row(
    c: Cell, sources: tuple[SourceRef, ...], annotations: tuple[AnnotationRecord, ...]
) -> CellRecord | ScopeRecord:
    """The record a Cell row holds (the inverse of ``cell_fields``): its columns by the record's
    field names, a blank column read as nothing where the record's field is optional."""
    model, columns = _SCOPE_COLUMNS if c.is_scope else _CELL_COLUMNS
    values: dict[str, Any] = {}
    for name, blank_is_none in columns:
        value = getattr(c, name)
        if name in ("facts", "extra"):
            value = dict(value)
        elif blank_is_none and value == "":
            value = None
        values[name] = value
    return model(**values, sources=sources, annotations=annotations)


def _row_columns(model: type[CellRecord | ScopeRecord]) -> tuple[type[CellRecord | ScopeRecord],
                                                                 tuple[tuple[str, bool], ...]]:
    # Worked out once per record type: this runs for every cell a page or a refresh reads.
    return model, tuple((name, field.default is None) for name, field in model.model_fields.items()
                        if name in ROW_FIELDS)


def annotation_record(row: Annotation) -> AnnotationRecord:
    return AnnotationRecord(**{name: getattr(row, name) for name in AnnotationRecord.model_fields})


def annotation_columns(a: AnnotationRecord) -> dict[str, Any]:
    """An Annotation row's own columns for a record (its cell and position aside)."""
    return {name: getattr(a, name) for name in AnnotationRecord.model_fields}


def cell_fields(record: CellRecord | ScopeRecord) -> dict[str, Any]:
    """The Cell row's own columns for a record (citations and annotations are rows of their own);
    a scope entry leaves the columns it does not have blank."""
    row: dict[str, Any] = {}
    own = type(record).model_fields  # asked first: pydantic's failed attribute lookup is slow
    for name in ROW_FIELDS:
        value = getattr(record, name) if name in own else None
        row[name] = dict(value or {}) if name in ("facts", "extra") else value if name == "verified" else value or ""
    return row


ROW_FIELDS = tuple(n for n in CellRecord.model_fields if n not in ("sources", "annotations"))
_CELL_COLUMNS = _row_columns(CellRecord)
_SCOPE_COLUMNS = _row_columns(ScopeRecord)


# A party's or an offering's record holds its cells too; its other fields are its row's own columns,
# an offering's parties as foreign keys.
HOLDER_CELLS = ("id", "cells", "scopes")
OFFERING_KEYS = {"developer": "developer_id", "platform": "platform_id"}


def _plain(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value


def party_columns(p: PartyRecord) -> dict[str, Any]:
    return {n: _plain(getattr(p, n)) for n in PartyRecord.model_fields if n not in HOLDER_CELLS}


def offering_columns(o: OfferingRecord) -> dict[str, Any]:
    return {OFFERING_KEYS.get(n, n): _plain(getattr(o, n)) for n in OfferingRecord.model_fields
            if n not in HOLDER_CELLS}


def party_record(row: Party, cells: dict[str, CellRecord]) -> PartyRecord:
    own = {n: _plain(getattr(row, n)) for n in PartyRecord.model_fields if n not in HOLDER_CELLS}
    return PartyRecord(id=row.id, cells=cells, **own)


def offering_record(
    row: Offering, cells: dict[str, CellRecord], scopes: dict[str, ScopeRecord]
) -> OfferingRecord:
    own = {n: _plain(getattr(row, OFFERING_KEYS.get(n, n))) for n in OfferingRecord.model_fields
           if n not in HOLDER_CELLS}
    return OfferingRecord(id=row.id, cells=cells, scopes=scopes, **own)
