"""The ``data.json`` layout of the public AI Provider Trust Registry: read it and write it.

Readers in the wild treat a missing ``schema_version`` as 1. Keys we do not model are kept (on the
registry, the offering or the cell) and written back, so a round trip loses nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    ValidationInfo,
)

from trustreg.domain import nesting
from trustreg.domain.bundle import CATEGORIES, ID_RE, LIMITS, BundleError, Problem
from trustreg.domain.bundle.validation import record_of
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.cells import (
    CONDITIONS,
    AnnotationRecord,
    CellRecord,
    Facts,
    ResolvedCell,
    SourceKind,
    SourceRef,
)
from trustreg.domain.fieldtypes import (
    choice,
    date,
    join,
    optional_text,
    plain_reasons,
    qualifier,
    refuse,
    text,
    url,
)
from trustreg.domain.fieldtypes import problems as problems_of
from trustreg.domain.grades import Confidence, Grade
from trustreg.domain.values import describe_value

MAX_BYTES = 20 * 1024 * 1024
SUPPORTED_SCHEMA = 1
# A human decision appended to the notes: "... [human 2026-07-05] Dismissed: reason"
ANNOTATION_HEAD_RE = re.compile(r"\[(?P<author>[^\]\s]{1,40}) (?P<date>\d{4}-\d{2}-\d{2})\] "
                                r"(?P<decision>Dismissed|Resolved): ")


def _whole_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise refuse([("", "expected a whole number")])
    return value


def _list(value: Any) -> Any:
    if not isinstance(value, list):
        raise refuse([("", "expected a list")])
    return value


def _generated(value: Any) -> str:
    if value is not None and not isinstance(value, str):
        raise refuse([("", "expected a date as text")])
    return value or ""


def _catalogue(info: ValidationInfo) -> Catalogue:
    return (info.context or {})["catalogue"]  # type: ignore[no-any-return]


def _dimension_ids(value: Any, info: ValidationInfo) -> dict[str, Any]:
    """The file's ``dimensions`` (what it says of each question is not read): our questions only."""
    if not isinstance(value, dict):
        raise refuse([("", f"expected a mapping, got {describe_value(value)}")])
    catalogue = _catalogue(info)
    if unknown := [(str(k), f"unknown dimension (known: {', '.join(catalogue.ids())})")
                   for k in value if not isinstance(k, str) or catalogue.get(k) is None]:
        raise refuse(unknown)
    return value


def _cells(value: Any, info: ValidationInfo) -> dict[str, CellRecord]:
    """An offering's ``dimensions``: each a cell of one of our questions, in the layout's form."""
    if not value:
        return {}
    if not isinstance(value, dict):
        raise refuse([("", f"expected a mapping, got {describe_value(value)}")])
    catalogue = _catalogue(info)
    cells: dict[str, CellRecord] = {}
    found: list[tuple[str, str]] = []
    for dim_id, raw in value.items():
        dim = catalogue.get(dim_id) if isinstance(dim_id, str) else None
        if dim is None:
            found.append((str(dim_id), f"unknown dimension (known: {', '.join(catalogue.ids())})"))
            continue
        cell, problems = _cell(raw, dim)
        found += [(join(dim_id, sub), reason) for sub, reason in problems]
        if cell is not None:
            cells[dim_id] = cell
    if found:
        raise refuse(found)
    return cells


class ImportedOffering(BaseModel):
    """An offering as the layout writes it. Keys it does not model are kept (``extra="allow"``)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: Annotated[str, text(80, required=True, pattern=ID_RE, what="an id (lower case, digits, -)")]
    name: Annotated[str, text(LIMITS["name"], required=True)]
    developer: Annotated[str, text(LIMITS["name"], required=True)]  # a party *name*, as the layout has it
    platform: Annotated[str, text(LIMITS["name"], required=True)]
    category: Annotated[str, choice(CATEGORIES)]
    model_family: Annotated[str, text(LIMITS["model_family"])] = ""
    summary: Annotated[str, text(LIMITS["offering_summary"])] = ""
    sort_order: Annotated[int, PlainValidator(_whole_number, json_schema_input_type=int)] = 0
    cells: Annotated[dict[str, CellRecord], PlainValidator(_cells, json_schema_input_type=dict[str, Any])] = Field(
        default_factory=dict, alias="dimensions")

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class ImportedRegistry(BaseModel):
    """The document's top level. Keys it does not model are kept (``extra="allow"``)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    name: Annotated[str, text(LIMITS["name"], required=True)]
    license: Annotated[str | None, text(LIMITS["description"])] = None  # None: the file does not say
    disclaimer: Annotated[str | None, text(LIMITS["description"])] = None  # (the registry's own stays)
    generated: Annotated[str, PlainValidator(_generated, json_schema_input_type=str)] = ""
    dimensions: Annotated[dict[str, Any], PlainValidator(_dimension_ids, json_schema_input_type=dict[str, Any])]
    offerings: Annotated[tuple[ImportedOffering, ...], BeforeValidator(_list)]
    schema_version: Annotated[int, PlainValidator(_whole_number, json_schema_input_type=int)] = SUPPORTED_SCHEMA

    @property
    def extra(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


def parse(text: str | bytes, *, catalogue: Catalogue, file: str = "data.json") -> ImportedRegistry:
    """Validate a data.json document against our catalogue; raise BundleError listing every problem."""
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
    if not isinstance(raw, dict):
        raise BundleError([Problem(file, "", f"expected a mapping, got {describe_value(raw)}")])
    if missing := [key for key in ("dimensions", "name", "offerings") if key not in raw]:
        raise BundleError([Problem(file, key, "required field is missing") for key in missing])
    version = raw.get("schema_version", 1)
    if version != SUPPORTED_SCHEMA:
        raise BundleError([Problem(file, "schema_version",
                                   f"version {version!r} is not supported (this reader knows {SUPPORTED_SCHEMA})")])
    read, problems = record_of(file, ImportedRegistry, raw, context={"catalogue": catalogue})
    problems += _extra_problems(file, "", raw, ImportedRegistry)
    offerings = raw["offerings"] if isinstance(raw["offerings"], list) else []
    seen: set[Any] = set()
    for i, o in enumerate(offerings):
        ident = o.get("id") if isinstance(o, dict) else None
        if isinstance(ident, str) and ident in seen:
            problems.append(Problem(file, f"offerings[{i}].id", f"duplicate offering id {ident!r}"))
        seen.add(ident)
        problems += _extra_problems(file, f"offerings[{i}]", o, ImportedOffering)
    if problems or read is None:
        raise BundleError(problems)
    return read


def _extra_problems(file: str, path: str, raw: Any, model: type[BaseModel]) -> list[Problem]:
    """Kept keys must be JSON-shaped data, so that they are written back unchanged."""
    if not isinstance(raw, dict):
        return []
    known = {f.alias or name for name, f in model.model_fields.items()}
    extra = {k: v for k, v in raw.items() if k not in known}
    return [Problem(file, join(path, sub), reason) for sub, reason in plain_reasons(extra)]


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



def _cell(raw: Any, dim: Any) -> tuple[CellRecord | None, list[tuple[str, str]]]:
    """A cell of ``dim`` in the layout's form as our record, or None; and its problems."""
    try:
        m = JsonCell.model_validate(raw, context={"dimension": dim})
    except ValidationError as exc:
        return None, problems_of(exc, JsonCell)
    extra = dict(m.model_extra or {})
    found = plain_reasons(extra)
    notes, annotations = split_annotations(m.notes)
    sources: tuple[SourceRef, ...] = ()
    if m.source:
        # The layout says nothing of a source's kind or standing: record it as an unverified lead
        # of unknown kind until a maintainer classifies it.
        sources = (SourceRef(url=m.source, kind=SourceKind.OTHER.value, primary=False, archived=m.archived),)
    elif m.archived:
        found.append(("archived", "an archived copy needs a source"))
    if found:
        return None, found
    return CellRecord(
        grade=m.value, confidence=m.confidence, notes=notes, tier=m.tier, route=m.route, default=m.default,
        geography=m.geography, facts=m.facts, verified=m.verified, sources=sources, annotations=annotations,
        extra=extra,
    ), []


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
    for key in CONDITIONS:
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
