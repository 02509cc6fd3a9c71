"""The API's documents: the selectors' views written out as plain JSON-ready data.

Nothing here decides anything about the registry: grades, inheritance, expiry and evidence strength
come from the selectors and the domain rules the pages use; this module only names the fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trustreg.domain.cells import CONDITIONS, Origin, ResolvedCell, SourceRef
from trustreg.domain.copies import CopyRecord
from trustreg.domain.freshness import expires_on, is_expired
from trustreg.domain.strength import EvidenceStrength
from trustreg.evidence.selectors import MonitorDates
from trustreg.registry.models import Offering, Party

# The version of the documents' shape. v1 only grows: a new field raises the minor number; a
# breaking change is /api/v2/ (docs/api.md).
SCHEMA_VERSION = "1.1"  # 1.1: the fit check pages (total, count, next_cursor)


def party_ref(p: Party) -> dict[str, Any]:
    return {"id": p.id, "name": p.name}


def offering_summary(o: Offering) -> dict[str, Any]:
    return {
        "id": o.id, "name": o.name, "developer": party_ref(o.developer), "platform": party_ref(o.platform),
        "category": o.category, "model_family": o.model_family, "retired": o.retired_at is not None,
    }


def cell_document(
    cell: ResolvedCell, *, offering_id: str, today: dt.date, party_names: dict[str, str],
    copies: dict[str, CopyRecord], monitor: dict[tuple[str, str], MonitorDates], strength: EvidenceStrength,
) -> dict[str, Any]:
    """Every resolved field of one cell, with where it comes from and its evidence."""
    d, rec = cell.dimension, cell.record
    verified = rec.verified if rec else None
    if cell.origin in (Origin.OFFERING, Origin.OVERRIDE):
        recorded_by: dict[str, Any] | None = {"kind": "offering", "id": offering_id}
    elif cell.origin is Origin.PARTY:
        recorded_by = {"kind": "party", "id": cell.graded_party_id,
                       "name": party_names.get(cell.graded_party_id, cell.graded_party_id)}
    else:
        recorded_by = None
    own_sources = rec.sources if rec else ()
    return {
        "question": d.id, "question_label": d.label, "group": d.group, "level": d.level.value,
        "grade": cell.grade, "label": cell.label,
        "confidence": rec.confidence if rec else None,
        "summary": rec.summary if rec else "",
        "qualifiers": {k: getattr(rec, k) if rec else None for k in CONDITIONS},
        "facts": cell.facts,
        "notes": cell.notes,
        "caveat": rec.caveat if rec else "",
        "annotations": [a.model_dump() for a in cell.annotations],
        "verified": verified,
        "expires": expires_on(verified, d.freshness_days),
        "expired": is_expired(verified, d.freshness_days, today),
        "evidence_strength": strength.strength.value,
        "evidence_strength_label": strength.label,
        "evidence_why": strength.why,
        "origin": {
            "kind": cell.origin.value,
            "graded_party": {"id": cell.graded_party_id,
                             "name": party_names.get(cell.graded_party_id, cell.graded_party_id)},
            "recorded_by": recorded_by,
            "override_reason": rec.override_reason if rec and cell.origin is Origin.OVERRIDE else "",
            "scope_added": cell.scope is not None,
        },
        "citations": [
            citation_document(s, "cell" if i < len(own_sources) else "offering_scope", copies, monitor)
            for i, s in enumerate(cell.sources)
        ],
    }


def citation_document(
    s: SourceRef, recorded_on: str, copies: dict[str, CopyRecord], monitor: dict[tuple[str, str], MonitorDates],
) -> dict[str, Any]:
    copy = copies.get(s.copy) if s.copy else None
    dates = monitor.get((s.url, s.quote))
    return {
        "url": s.url, "kind": s.kind, "primary": s.primary, "role": s.role, "publisher": s.publisher,
        "title": s.title, "archived_url": s.archived, "canonical_url": s.canonical_url,
        "quote": s.quote, "recorded_on": recorded_on,
        "kept_copy": None if copy is None else {
            "id": copy.id, "sha256": copy.sha256, "retrieved": copy.retrieved,
            "retrieved_is_copy_date": copy.retrieved_is_copy_date, "public": copy.public,
            "text_url": f"/api/v1/copies/{copy.id}" if copy.public else None,
        },
        "quote_last_found": dates.quote_last_seen if dates else None,
        "quote_last_checked": dates.quote_last_checked if dates else None,
        "source_last_fetched": dates.last_fetched if dates else None,
    }


def cited(cells: list[ResolvedCell]) -> tuple[list[str], list[tuple[str, str]]]:
    """The kept-copy ids and (URL, quote) pairs the cells cite, to look them up in one go."""
    copy_ids = sorted({s.copy for c in cells for s in c.sources if s.copy})
    pairs = list(dict.fromkeys((s.url, s.quote) for c in cells for s in c.sources))
    return copy_ids, pairs


def copy_document(copy: CopyRecord) -> dict[str, Any]:
    return {
        "id": copy.id, "url": copy.url, "title": copy.title, "publisher": copy.publisher, "kind": copy.kind,
        "retrieved": copy.retrieved, "retrieved_is_copy_date": copy.retrieved_is_copy_date,
        "obtained": copy.obtained, "sha256": copy.sha256, "text": copy.text,
    }
