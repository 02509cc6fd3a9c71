"""Read the cells of a party or offering: graded cells, scope entries, facts, sources, annotations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from trustreg.domain import copies as kept
from trustreg.domain.bundle.records import CELL_KEYS, LIMITS, SCOPE_KEYS, SOURCE_KEYS, URL_RE
from trustreg.domain.bundle.validation import Reader, join
from trustreg.domain.catalogue import Catalogue, Dimension, FactType, describe_value
from trustreg.domain.cells import (
    AnnotationRecord,
    CellRecord,
    CitationRole,
    Decision,
    ScopeRecord,
    SourceKind,
    SourceRef,
)
from trustreg.domain.grades import Confidence, Grade


def read_cells(
    m: Mapping[str, Any], catalogue: Catalogue, r: Reader, *, allow_override: bool
) -> tuple[dict[str, CellRecord], dict[str, ScopeRecord]]:
    cells: dict[str, CellRecord] = {}
    scopes: dict[str, ScopeRecord] = {}
    raw = m.get("cells")
    if raw is None:
        return cells, scopes
    cm = r.mapping(raw, "cells")
    for dim_id, value in (cm or {}).items():
        path = f"cells.{dim_id}"
        dim = catalogue.get(dim_id) if isinstance(dim_id, str) else None
        if dim is None:
            r.problem(path, f"unknown dimension (known: {', '.join(catalogue.ids())})")
            continue
        if isinstance(value, dict) and "grade" not in value and allow_override:
            scope = read_scope(value, path, dim, r)
            if scope is not None:
                scopes[dim_id] = scope
            continue
        cell = read_cell(value, path, dim, r, allow_override=allow_override)
        if cell is not None:
            cells[dim_id] = cell
    return cells, scopes


def read_cell(
    value: Any, path: str, dim: Dimension, r: Reader, *, allow_override: bool
) -> CellRecord | None:
    allowed = CELL_KEYS | ({"override_reason"} if allow_override else set())
    cm = r.mapping(value, path, required={"grade"}, allowed=allowed)
    if cm is None:
        return None
    grade = r.choice(cm, "grade", path, [g.value for g in Grade])
    confidence = r.choice(cm, "confidence", path, [c.value for c in Confidence], required=False)
    facts = read_facts(cm, path, dim, r)
    extra = cm.get("extra") or {}
    if not isinstance(extra, dict):
        r.problem(join(path, "extra"), f"expected a mapping, got {describe_value(extra)}")
        extra = {}
    r.plain_data(extra, join(path, "extra"))
    qualifiers = {key: r.qualifier(cm, key, path) for key in ("tier", "route", "default")}
    return CellRecord(
        grade=grade or Grade.NOT_REVIEWED.value,
        confidence=confidence,
        summary=r.text(cm, "summary", path, limit=LIMITS["summary"]),
        notes=r.text(cm, "notes", path, limit=LIMITS["notes"]),
        tier=qualifiers["tier"],
        route=qualifiers["route"],
        default=qualifiers["default"],
        geography=r.optional_text(cm, "geography", path, limit=LIMITS["geography"]),
        facts=facts,
        verified=r.date(cm, "verified", path),
        caveat=r.text(cm, "caveat", path, limit=LIMITS["caveat"]),
        override_reason=r.text(cm, "override_reason", path, limit=LIMITS["override_reason"]),
        sources=read_sources(cm, path, r),
        annotations=read_annotations(cm, path, r),
        extra=extra,
    )


def read_scope(value: dict[str, Any], path: str, dim: Dimension, r: Reader) -> ScopeRecord | None:
    unexpected = set(value) - SCOPE_KEYS
    if unexpected:
        r.problem(
            path,
            "an entry without a grade is a scope entry on the inherited cell and may only hold "
            f"{', '.join(sorted(SCOPE_KEYS))} (found {', '.join(sorted(map(str, unexpected)))}); "
            "give a grade to record the offering's own cell",
        )
        return None
    return ScopeRecord(
        notes=r.text(value, "notes", path, limit=LIMITS["notes"]),
        facts=read_facts(value, path, dim, r),
        sources=read_sources(value, path, r),
        annotations=read_annotations(value, path, r),
    )


def read_facts(cm: Mapping[str, Any], path: str, dim: Dimension, r: Reader) -> dict[str, Any]:
    raw = cm.get("facts")
    if raw is None:
        return {}
    fm = r.mapping(raw, join(path, "facts"))
    facts: dict[str, Any] = {}
    for key, value in (fm or {}).items():
        problem = dim.fact_problem(key, value)
        if problem is not None:
            r.problem(join(path, f"facts.{key}"), problem)
            continue
        spec = dim.facts[key]
        facts[key] = value.isoformat() if spec.type is FactType.DATE and isinstance(value, dt.date) else value
    return facts


def read_sources(cm: Mapping[str, Any], path: str, r: Reader) -> tuple[SourceRef, ...]:
    sources = []
    for i, raw in enumerate(r.listing(cm, "sources", path)):
        spath = f"{join(path, 'sources')}[{i}]"
        sm = r.mapping(raw, spath, required={"url", "kind", "primary"}, allowed=SOURCE_KEYS)
        if sm is None:
            continue
        sources.append(
            SourceRef(
                url=r.text(sm, "url", spath, limit=2000, required=True, pattern=URL_RE,
                           what="an http(s) URL"),
                kind=r.choice(sm, "kind", spath, [k.value for k in SourceKind]) or "other",
                primary=r.boolean(sm, "primary", spath),
                publisher=r.text(sm, "publisher", spath, limit=LIMITS["publisher"]),
                title=r.text(sm, "title", spath, limit=LIMITS["title"]),
                archived=r.optional_text(sm, "archived", spath, limit=2000, pattern=URL_RE,
                                         what="an http(s) URL"),
                canonical_url=r.optional_text(sm, "canonical_url", spath, limit=2000,
                                              pattern=URL_RE, what="an http(s) URL"),
                quote=r.text(sm, "quote", spath, limit=LIMITS["quote"]),
                role=r.choice(sm, "role", spath, [c.value for c in CitationRole], required=False)
                or CitationRole.SUPPORTS.value,
                copy=r.optional_text(sm, "copy", spath, limit=120, pattern=kept.COPY_ID_RE,
                                     what="a kept copy id (lower case, digits, -)"),
            )
        )
    return tuple(sources)


def read_annotations(cm: Mapping[str, Any], path: str, r: Reader) -> tuple[AnnotationRecord, ...]:
    annotations = []
    for i, raw in enumerate(r.listing(cm, "annotations", path)):
        apath = f"{join(path, 'annotations')}[{i}]"
        am = r.mapping(raw, apath, required={"date", "decision", "reason"}, allowed={"author"})
        if am is None:
            continue
        date = r.date(am, "date", apath)
        if date is None:
            continue
        annotations.append(
            AnnotationRecord(
                date=date,
                decision=r.choice(am, "decision", apath, [d.value for d in Decision]) or "",
                reason=r.text(am, "reason", apath, limit=LIMITS["reason"], required=True),
                author=r.text(am, "author", apath, limit=LIMITS["author"]) or "human",
            )
        )
    return tuple(annotations)

