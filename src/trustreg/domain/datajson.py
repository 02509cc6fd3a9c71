"""The ``data.json`` layout of the public AI Provider Trust Registry: read it and write it.

Readers in the wild treat a missing ``schema_version`` as 1. Keys we do not model are kept (on the
registry, the offering or the cell) and written back, so a round trip loses nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trustreg.domain import nesting
from trustreg.domain.bundle import CATEGORIES, ID_RE, LIMITS, BundleError, Problem, Reader
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.cells import AnnotationRecord, CellRecord, Facts, ResolvedCell, SourceKind, SourceRef
from trustreg.domain.fieldtypes import choice, date, join, optional_text, plain_reasons, qualifier, text, url
from trustreg.domain.grades import Confidence, Grade

MAX_BYTES = 20 * 1024 * 1024
SUPPORTED_SCHEMA = 1
TOP_KEYS = ("name", "generated", "license", "disclaimer", "dimensions", "offerings", "schema_version")
OFFERING_KEYS = ("id", "name", "developer", "platform", "category", "model_family", "summary", "sort_order",
                 "dimensions")
# A human decision appended to the notes: "... [human 2026-07-05] Dismissed: reason"
ANNOTATION_HEAD_RE = re.compile(r"\[(?P<author>[^\]\s]{1,40}) (?P<date>\d{4}-\d{2}-\d{2})\] "
                                r"(?P<decision>Dismissed|Resolved): ")


@dataclass(frozen=True)
class ImportedOffering:
    id: str
    name: str
    developer: str  # a party *name*, as the layout has it
    platform: str
    category: str
    model_family: str
    summary: str
    sort_order: int
    cells: dict[str, CellRecord]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportedRegistry:
    name: str
    license: str | None  # None: the file does not say (the registry's own stays)
    disclaimer: str | None
    generated: str
    offerings: tuple[ImportedOffering, ...]
    extra: dict[str, Any] = field(default_factory=dict)


def parse(text: str | bytes, *, catalogue: Catalogue, file: str = "data.json") -> ImportedRegistry:
    """Validate a data.json document against our catalogue; raise BundleError listing every problem."""
    problems: list[Problem] = []
    if len(text) > MAX_BYTES:
        raise BundleError([Problem(file, "", f"file is larger than {MAX_BYTES} bytes")])
    try:
        if isinstance(text, bytes):
            text = text.decode(json.detect_encoding(text))
        nesting.check_json(text)
        raw = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicates)
    except nesting.Refusal as exc:
        raise BundleError([Problem(file, "", str(exc))]) from None
    except UnicodeDecodeError as exc:
        raise BundleError([Problem(file, "", f"not {exc.encoding} text ({exc.reason} at byte {exc.start})")]) from None
    except (ValueError, RecursionError) as exc:
        raise BundleError([Problem(file, "", f"malformed JSON: {exc}")]) from None
    r = Reader(file, problems)
    top = r.mapping(raw, "", required=("name", "dimensions", "offerings"), closed=False)
    if top is None or problems:
        raise BundleError(problems)
    version = top.get("schema_version", 1)
    if version != SUPPORTED_SCHEMA:
        r.problem("schema_version", f"version {version!r} is not supported (this reader knows {SUPPORTED_SCHEMA})")
        raise BundleError(problems)
    dims = r.mapping(top["dimensions"], "dimensions")
    for dim_id in dims or {}:
        if catalogue.get(dim_id) is None:
            r.problem(f"dimensions.{dim_id}", f"unknown dimension (known: {', '.join(catalogue.ids())})")
    offerings = []
    seen: set[str] = set()
    raw_offerings = top["offerings"]
    if not isinstance(raw_offerings, list):
        r.problem("offerings", "expected a list")
        raw_offerings = []
    for i, raw_o in enumerate(raw_offerings):
        o = _offering(raw_o, f"offerings[{i}]", catalogue, r)
        if o is None:
            continue
        if o.id in seen:
            r.problem(f"offerings[{i}].id", f"duplicate offering id {o.id!r}")
        seen.add(o.id)
        offerings.append(o)
    extra = {k: v for k, v in top.items() if k not in TOP_KEYS}
    r.plain_data(extra, "")
    generated = top.get("generated") or ""
    if not isinstance(generated, str):
        r.problem("generated", "expected a date as text")
        generated = ""
    result = ImportedRegistry(
        name=r.text(top, "name", "", limit=LIMITS["name"], required=True),
        license=r.text(top, "license", "", limit=LIMITS["description"]) if "license" in top else None,
        disclaimer=r.text(top, "disclaimer", "", limit=LIMITS["description"]) if "disclaimer" in top else None,
        generated=generated,
        offerings=tuple(offerings),
        extra=extra,
    )
    if problems:
        raise BundleError(problems)
    return result


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key given twice is refused (as in YAML): which one a reader keeps is anyone's guess."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"duplicate key {key!r} in one object")
        found[key] = value
    return found


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _offering(raw: Any, path: str, catalogue: Catalogue, r: Reader) -> ImportedOffering | None:
    m = r.mapping(raw, path, required=("id", "name", "developer", "platform", "category"), closed=False)
    if m is None:
        return None
    oid = r.text(m, "id", path, limit=80, required=True, pattern=ID_RE, what="an id (lower case, digits, -)")
    order = m.get("sort_order", 0)
    if isinstance(order, bool) or not isinstance(order, int):
        r.problem(f"{path}.sort_order", "expected a whole number")
        order = 0
    cells: dict[str, CellRecord] = {}
    raw_cells = m.get("dimensions") or {}
    cm = r.mapping(raw_cells, f"{path}.dimensions")
    for dim_id, raw_cell in (cm or {}).items():
        dim = catalogue.get(dim_id)
        cpath = f"{path}.dimensions.{dim_id}"
        if dim is None:
            r.problem(cpath, f"unknown dimension (known: {', '.join(catalogue.ids())})")
            continue
        cell = _cell(raw_cell, cpath, dim, r)
        if cell is not None:
            cells[dim_id] = cell
    extra = {k: v for k, v in m.items() if k not in OFFERING_KEYS}
    r.plain_data(extra, path)
    return ImportedOffering(
        id=oid,
        name=r.text(m, "name", path, limit=LIMITS["name"], required=True),
        developer=r.text(m, "developer", path, limit=LIMITS["name"], required=True),
        platform=r.text(m, "platform", path, limit=LIMITS["name"], required=True),
        category=r.choice(m, "category", path, CATEGORIES) or "",
        model_family=r.text(m, "model_family", path, limit=LIMITS["model_family"]),
        summary=r.text(m, "summary", path, limit=LIMITS["offering_summary"]),
        sort_order=order,
        cells=cells,
        extra=extra,
    )


class JsonCell(BaseModel):
    """A cell as the layout writes it. Keys it does not model are kept (``extra="allow"``) and
    written back, so a round trip through our registry loses nothing."""

    model_config = ConfigDict(frozen=True, extra="allow")

    value: Annotated[str, choice([g.value for g in Grade])]
    confidence: Annotated[str | None, choice([c.value for c in Confidence], required=False)] = None
    source: Annotated[str | None, url()] = None
    archived: Annotated[str | None, url()] = None
    verified: Annotated[dt.date | None, date()] = None
    notes: Annotated[str, text(LIMITS["notes"])] = ""
    tier: Annotated[str | None, qualifier()] = None
    route: Annotated[str | None, qualifier()] = None
    default: Annotated[str | None, qualifier()] = None
    geography: Annotated[str | None, optional_text(LIMITS["geography"])] = None
    facts: Facts = Field(default_factory=dict)



def _cell(raw: Any, path: str, dim: Any, r: Reader) -> CellRecord | None:
    m = r.record(JsonCell, raw, path, context={"dimension": dim})
    if m is None:
        return None
    extra = dict(m.model_extra or {})
    for sub, reason in plain_reasons(extra):
        r.problem(join(path, sub), reason)
    notes, annotations = split_annotations(m.notes)
    sources: tuple[SourceRef, ...] = ()
    if m.source:
        # The layout says nothing of a source's kind or standing: record it as an unverified lead
        # of unknown kind until a maintainer classifies it.
        sources = (SourceRef(url=m.source, kind=SourceKind.OTHER.value, primary=False, archived=m.archived),)
    elif m.archived:
        r.problem(f"{path}.archived", "an archived copy needs a source")
    return CellRecord(
        grade=m.value, confidence=m.confidence, notes=notes, tier=m.tier, route=m.route, default=m.default,
        geography=m.geography, facts=m.facts, verified=m.verified, sources=sources, annotations=annotations,
        extra=extra,
    )


def split_annotations(notes: str) -> tuple[str, tuple[AnnotationRecord, ...]]:
    """Take trailing ``[human DATE] Dismissed: reason`` annotations off the end of notes.

    The inverse of ``render_notes``: annotations are joined to the notes by one space.
    """
    found: list[AnnotationRecord] = []
    while True:
        heads = [m for m in ANNOTATION_HEAD_RE.finditer(notes) if m.start() == 0 or notes[m.start() - 1] == " "]
        if not heads:
            break
        last = heads[-1]
        reason = notes[last.end():]
        try:
            date = dt.date.fromisoformat(last["date"])
        except ValueError:
            break
        if not reason.strip() or reason != reason.strip():
            break
        try:
            annotation = AnnotationRecord(date=date, decision=last["decision"].lower(), reason=reason,
                                          author=last["author"])
        except ValidationError:  # not a reason an annotation can hold (too long, say): notes after all
            break
        found.insert(0, annotation)
        notes = notes[: max(last.start() - 1, 0)]
    return notes, tuple(found)


def render_notes(notes: list[str], annotations: tuple[AnnotationRecord, ...]) -> str:
    return " ".join([*[n for n in notes if n], *(a.render() for a in annotations)])


def cell_json(cell: ResolvedCell) -> dict[str, Any]:
    """One resolved cell in the layout (inherited cells are written out in full)."""
    rec = cell.record
    assert rec is not None
    first = cell.sources[0] if cell.sources else None
    data: dict[str, Any] = {
        "value": rec.grade,
        "confidence": rec.confidence,
        "source": first.url if first else None,
        "archived": first.archived if first else None,
        "verified": rec.verified.isoformat() if rec.verified else None,
        "notes": render_notes(cell.notes, cell.annotations),
    }
    for key in ("tier", "route", "default", "geography"):
        if value := getattr(rec, key):
            data[key] = value
    if facts := cell.facts:
        data["facts"] = facts
    for key, value in rec.extra.items():
        data.setdefault(key, value)
    return data


def registry_json(
    *, name: str, license: str, disclaimer: str, generated: dt.date, catalogue: Catalogue,
    offerings: list[tuple[dict[str, Any], list[ResolvedCell], dict[str, Any]]], extra: dict[str, Any],
) -> dict[str, Any]:
    """The whole layout. ``offerings`` holds (offering fields, resolved cells, kept extra keys)."""
    doc: dict[str, Any] = {
        "name": name,
        "generated": generated.isoformat(),
        "license": license,
        "disclaimer": disclaimer,
        "dimensions": {d.id: d.question for d in catalogue.dimensions},
        "offerings": [],
    }
    for fields, cells, off_extra in offerings:
        entry = dict(fields)
        entry["dimensions"] = {c.dimension.id: cell_json(c) for c in cells if c.is_graded or c.record}
        for key, value in off_extra.items():
            entry.setdefault(key, value)
        doc["offerings"].append(entry)
    for key, value in extra.items():
        doc.setdefault(key, value)
    return doc
