"""The registry as data files: read, validate and write them, with no database involved.

Layout of a registry directory::

    registry.yaml            name, licence, disclaimer (optional)
    dimensions.yaml          the catalogue: groups and dimensions
    parties/<id>.yaml        one organisation, with the cells recorded once on it
    offerings/<id>.yaml      one offering, with its own cells and scope entries

Reading never stops at the first problem: every problem is collected and reported as
``file: path.to.field: reason``, and nothing is returned unless the whole directory is valid.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trustreg.domain import copies as kept
from trustreg.domain import yamlio
from trustreg.domain.catalogue import (
    Catalogue,
    Dimension,
    FactSpec,
    FactType,
    Group,
    Level,
    describe_value,
)
from trustreg.domain.cells import (
    AnnotationRecord,
    CellRecord,
    CitationRole,
    Decision,
    ScopeRecord,
    SourceKind,
    SourceRef,
    graded_party,
)
from trustreg.domain.grades import Confidence, Grade

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
DIMENSION_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
QUALIFIER_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
URL_RE = re.compile(r"^https?://[^\s<>\"']{1,2000}$")

LIMITS = {
    "name": 200,
    "label": 80,
    "question": 400,
    "summary": 600,
    "notes": 20_000,
    "caveat": 5_000,
    "quote": 5_000,
    "reason": 2_000,
    "title": 400,
    "publisher": 200,
    "geography": 400,
    "description": 4_000,
    "offering_summary": 4_000,
    "model_family": 120,
    "organisation": 200,
    "author": 120,
    "override_reason": 2_000,
}
CATEGORIES = ("first_party", "cloud_distribution")
CELL_KEYS = {
    "grade", "confidence", "summary", "notes", "tier", "route", "default", "geography", "facts",
    "verified", "caveat", "sources", "annotations", "extra",
}
SCOPE_KEYS = {"notes", "facts", "sources", "annotations"}
SOURCE_KEYS = {
    "url", "kind", "primary", "publisher", "title", "archived", "canonical_url", "quote", "role", "copy",
}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.reason}" if self.path else f"{self.file}: {self.reason}"


class BundleError(ValueError):
    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class RegistryMeta:
    name: str = "Trust Registry"
    license: str = ""
    disclaimer: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PartyRecord:
    id: str
    name: str
    organisation: str = ""
    url: str | None = None
    summary: str = ""
    cells: dict[str, CellRecord] = field(default_factory=dict)


@dataclass(frozen=True)
class OfferingRecord:
    id: str
    name: str
    developer: str
    platform: str
    category: str
    model_family: str = ""
    summary: str = ""
    sort_order: int = 0
    cells: dict[str, CellRecord] = field(default_factory=dict)
    scopes: dict[str, ScopeRecord] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Bundle:
    meta: RegistryMeta
    catalogue: Catalogue
    parties: tuple[PartyRecord, ...]
    offerings: tuple[OfferingRecord, ...]
    copies: tuple[kept.CopyRecord, ...] = ()

    def party_cells(self) -> dict[tuple[str, str], CellRecord]:
        return {(p.id, dim): cell for p in self.parties for dim, cell in p.cells.items()}


# --------------------------------------------------------------------------------------------
# Reading


class _Reader:
    """Walks one file's data, collecting problems with their dotted paths."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def problem(self, path: str, reason: str) -> None:
        self.problems.append(Problem(self.file, path, reason))

    def mapping(
        self, value: Any, path: str, *, required: Iterable[str] = (), allowed: Iterable[str] = (),
        closed: bool = True,
    ) -> dict[str, Any] | None:
        """Check a mapping; unless ``closed`` is False, keys outside required/allowed are problems."""
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping, got {_kind(value)}")
            return None
        required = set(required)
        allowed = set(allowed) | required
        for key in value:
            if not isinstance(key, str):
                self.problem(path, f"keys must be text, got {_kind(key)}")
            elif closed and allowed and key not in allowed:
                self.problem(_join(path, key), f"unknown field (allowed: {', '.join(sorted(allowed))})")
        for key in sorted(required - set(value)):
            self.problem(_join(path, key), "required field is missing")
        return value

    def text(
        self, m: Mapping[str, Any], key: str, path: str, *, limit: int, required: bool = False,
        pattern: re.Pattern[str] | None = None, what: str = "",
    ) -> str:
        value = m.get(key)
        p = _join(path, key)
        if value is None:
            if required and key in m:
                self.problem(p, "must not be empty")
            return ""
        if not isinstance(value, str):
            self.problem(p, f"expected text, got {_kind(value)}")
            return ""
        if required and not value.strip():
            self.problem(p, "must not be empty")
        if len(value) > limit:
            self.problem(p, f"text is {len(value)} characters, the limit is {limit}")
        if "\x00" in value:
            self.problem(p, "text contains a NUL character")
        if pattern is not None and value and not pattern.match(value):
            self.problem(p, f"{value[:60]!r} is not {what or 'well-formed'}")
        return value

    def optional_text(self, m: Mapping[str, Any], key: str, path: str, **kw: Any) -> str | None:
        return (self.text(m, key, path, **kw) or None) if m.get(key) is not None else None

    def qualifier(self, m: Mapping[str, Any], key: str, path: str) -> str | None:
        """A cell's tier, route or default: the one rule for data files and data.json alike."""
        return self.optional_text(m, key, path, limit=60, pattern=QUALIFIER_RE,
                                  what="a qualifier value (lower case, digits, _)")

    def choice(
        self, m: Mapping[str, Any], key: str, path: str, choices: Iterable[str], *,
        required: bool = True,
    ) -> str | None:
        value = m.get(key)
        choices = list(choices)
        if value is None:
            if required and key in m:
                self.problem(_join(path, key), "must not be empty")
            return None
        if value not in choices:
            self.problem(
                _join(path, key), f"{_kind(value)} is not one of: {', '.join(choices)}"
            )
            return None
        return str(value)

    def boolean(self, m: Mapping[str, Any], key: str, path: str) -> bool:
        value = m.get(key)
        if not isinstance(value, bool):
            self.problem(_join(path, key), f"expected true or false, got {_kind(value)}")
            return False
        return value

    def date(self, m: Mapping[str, Any], key: str, path: str) -> dt.date | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(_join(path, key), f"expected a date YYYY-MM-DD, got {_kind(value)}")
        return None

    def listing(self, m: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(_join(path, key), f"expected a list, got {_kind(value)}")
            return []
        return value

    def plain_data(self, value: Any, path: str) -> Any:
        """Check that kept-but-unmodelled data is JSON-shaped (so it exports unchanged)."""
        if isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(k, str):
                    self.problem(path, f"keys must be text, got {_kind(k)}")
                self.plain_data(v, _join(path, str(k)))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.plain_data(v, f"{path}[{i}]")
        elif isinstance(value, float) and not math.isfinite(value):  # JSON has no NaN or infinity
            self.problem(path, f"{value} is not allowed")
        elif not (value is None or isinstance(value, str | int | float | bool)):
            self.problem(path, f"unsupported value {_kind(value)}")
        return value


def read_dir(directory: str | Path) -> Bundle:
    """Read and validate a registry directory; raise BundleError listing every problem."""
    root = Path(directory)
    if not root.is_dir():
        raise BundleError([Problem(str(root), "", "not a directory")])
    files: dict[str, str] = {}
    problems: list[Problem] = []
    candidates = [root / "registry.yaml", root / "dimensions.yaml"]
    for sub in ("parties", "offerings"):
        folder = root / sub
        if folder.is_dir():
            candidates += sorted(folder.iterdir())
    copies_dir = root / "copies"
    if copies_dir.is_dir():
        for path in sorted(copies_dir.iterdir()):
            rel = path.relative_to(root).as_posix()
            if path.is_dir() or path.suffix not in (".yaml", ".txt"):
                problems.append(Problem(rel, "", "unexpected entry: only <id>.yaml and <id>.txt belong here"))
            elif path.stat().st_size > kept.MAX_COPY_BYTES:
                problems.append(Problem(rel, "", f"file is larger than {kept.MAX_COPY_BYTES} bytes"))
            else:
                try:  # bytes, not read_text: newline translation would change the hashed text
                    files[rel] = path.read_bytes().decode("utf-8")
                except UnicodeDecodeError as exc:
                    problems.append(Problem(rel, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
    for path in candidates:
        rel = path.relative_to(root).as_posix()
        if not path.exists():
            continue
        if path.is_dir() or path.suffix not in (".yaml", ".yml"):
            problems.append(Problem(rel, "", "unexpected entry: only .yaml files belong here"))
            continue
        if path.stat().st_size > yamlio.MAX_FILE_BYTES:
            problems.append(Problem(rel, "", f"file is larger than {yamlio.MAX_FILE_BYTES} bytes"))
            continue
        try:
            files[rel] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(rel, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
    return parse_files(files, extra_problems=problems)


def parse_files(files: Mapping[str, str], *, extra_problems: Iterable[Problem] = ()) -> Bundle:
    """Validate the text of a registry's files, keyed by their path relative to its root."""
    problems = list(extra_problems)
    data: dict[str, Any] = {}
    for rel, text in files.items():
        if rel.endswith(".txt"):
            continue
        try:
            data[rel] = yamlio.load(text)
        except yamlio.YamlProblem as exc:
            problems.append(Problem(rel, "", str(exc)))
    if "dimensions.yaml" not in files:
        problems.append(Problem("dimensions.yaml", "", "the dimension catalogue is missing"))
        raise BundleError(problems)
    catalogue = (
        _read_catalogue(data["dimensions.yaml"], _Reader("dimensions.yaml", problems))
        if "dimensions.yaml" in data
        else None
    )
    if catalogue is None:
        raise BundleError(problems)
    meta = RegistryMeta()
    if "registry.yaml" in data:
        meta = _read_meta(data["registry.yaml"], _Reader("registry.yaml", problems))
    parties = [
        party
        for rel in sorted(data)
        if rel.startswith("parties/")
        if (party := _read_party(data[rel], rel, catalogue, _Reader(rel, problems))) is not None
    ]
    offerings = [
        offering
        for rel in sorted(data)
        if rel.startswith("offerings/")
        if (off := _read_offering(data[rel], rel, catalogue, _Reader(rel, problems))) is not None
        for offering in [off]
    ]
    copies = _read_copies(files, data, problems)
    _cross_check(catalogue, parties, offerings, problems, {c.id: c for c in copies})
    if problems:
        raise BundleError(problems)
    offerings.sort(key=lambda o: (o.sort_order, o.id))
    parties.sort(key=lambda p: p.id)
    return Bundle(meta, catalogue, tuple(parties), tuple(offerings), tuple(copies))


def _read_copies(files: Mapping[str, str], data: Mapping[str, Any], problems: list[Problem]) -> list[kept.CopyRecord]:
    ids = sorted({Path(rel).stem for rel in files if rel.startswith("copies/")})
    today = dt.datetime.now(dt.UTC).date()
    copies = []
    for cid in ids:
        meta_rel, text_rel = f"copies/{cid}.yaml", f"copies/{cid}.txt"
        if meta_rel not in files:
            problems.append(Problem(text_rel, "", f"its metadata {meta_rel} is missing"))
            continue
        if meta_rel not in data:  # not valid YAML: already reported
            continue
        record = kept.read_copy(cid, data[meta_rel], files.get(text_rel), _Reader(meta_rel, problems),
                                _Reader(text_rel, problems), url_re=URL_RE, today=today)
        if record is not None:
            copies.append(record)
    return copies


def _read_meta(raw: Any, r: _Reader) -> RegistryMeta:
    m = r.mapping(raw, "", allowed={"name", "license", "disclaimer", "extra"})
    if m is None:
        return RegistryMeta()
    extra = m.get("extra") or {}
    if not isinstance(extra, dict):
        r.problem("extra", f"expected a mapping, got {_kind(extra)}")
        extra = {}
    r.plain_data(extra, "extra")
    return RegistryMeta(
        name=r.text(m, "name", "", limit=LIMITS["name"]) or "Trust Registry",
        license=r.text(m, "license", "", limit=LIMITS["description"]),
        disclaimer=r.text(m, "disclaimer", "", limit=LIMITS["description"]),
        extra=extra,
    )


def _read_catalogue(raw: Any, r: _Reader) -> Catalogue | None:
    m = r.mapping(raw, "", required={"groups", "dimensions"})
    if m is None:
        return None
    groups: list[Group] = []
    for i, g in enumerate(r.listing(m, "groups", "")):
        path = f"groups[{i}]"
        gm = r.mapping(g, path, required={"id", "label"}, allowed={"description", "informational"})
        if gm is None:
            continue
        groups.append(
            Group(
                id=r.text(gm, "id", path, limit=60, required=True, pattern=DIMENSION_ID_RE,
                          what="an identifier (lower case, digits, _)"),
                label=r.text(gm, "label", path, limit=LIMITS["label"], required=True),
                description=r.text(gm, "description", path, limit=LIMITS["description"]),
                informational=r.boolean(gm, "informational", path) if "informational" in gm else False,
            )
        )
    group_ids = [g.id for g in groups]
    for dup in _duplicates(group_ids):
        r.problem("groups", f"duplicate group id {dup!r}")
    dims: list[Dimension] = []
    for i, d in enumerate(r.listing(m, "dimensions", "")):
        path = f"dimensions[{i}]"
        dm = r.mapping(
            d, path,
            required={"id", "label", "question", "group", "level", "slug", "freshness_days"},
            allowed={"facts", "description"},
        )
        if dm is None:
            continue
        dim_id = r.text(dm, "id", path, limit=60, required=True, pattern=DIMENSION_ID_RE,
                        what="an identifier (lower case, digits, _)")
        group = r.choice(dm, "group", path, group_ids)
        level = r.choice(dm, "level", path, [lv.value for lv in Level])
        freshness = dm.get("freshness_days")
        if isinstance(freshness, bool) or not isinstance(freshness, int) or freshness < 1:
            r.problem(_join(path, "freshness_days"), f"expected a positive whole number of days, got {_kind(freshness)}")
            freshness = 1
        facts: dict[str, FactSpec] = {}
        raw_facts = dm.get("facts") or {}
        fm = r.mapping(raw_facts, _join(path, "facts"))
        for key, spec in (fm or {}).items():
            fpath = _join(path, f"facts.{key}")
            if not isinstance(key, str) or not DIMENSION_ID_RE.match(key):
                r.problem(fpath, "fact keys are identifiers (lower case, digits, _)")
                continue
            if isinstance(spec, str):
                spec = {"type": spec}
            sm = r.mapping(spec, fpath, required={"type"}, allowed={"description"})
            if sm is None:
                continue
            ftype = r.choice(sm, "type", fpath, [t.value for t in FactType])
            if ftype is not None:
                facts[key] = FactSpec(key, FactType(ftype),
                                      r.text(sm, "description", fpath, limit=LIMITS["description"]))
        dims.append(
            Dimension(
                id=dim_id,
                label=r.text(dm, "label", path, limit=LIMITS["label"], required=True),
                question=r.text(dm, "question", path, limit=LIMITS["question"], required=True),
                group=group or "",
                level=Level(level) if level else Level.PLATFORM,
                slug=r.text(dm, "slug", path, limit=80, required=True, pattern=ID_RE,
                            what="a URL slug (lower case, digits, -)"),
                freshness_days=freshness,
                facts=facts,
                description=r.text(dm, "description", path, limit=LIMITS["description"]),
            )
        )
    for dup in _duplicates(d.id for d in dims):
        r.problem("dimensions", f"duplicate dimension id {dup!r}")
    for dup in _duplicates(d.slug for d in dims):
        r.problem("dimensions", f"duplicate dimension slug {dup!r}")
    if not dims:
        r.problem("dimensions", "the catalogue has no dimensions")
    return Catalogue.split(tuple(groups), tuple(dims))


def _read_party(raw: Any, rel: str, catalogue: Catalogue, r: _Reader) -> PartyRecord | None:
    m = r.mapping(raw, "", required={"id", "name"},
                  allowed={"organisation", "url", "summary", "cells"})
    if m is None:
        return None
    pid = r.text(m, "id", "", limit=80, required=True, pattern=ID_RE,
                 what="an id (lower case, digits, -)")
    _check_stem(rel, pid, r)
    cells = _read_cells(m, catalogue, r, allow_override=False)[0]
    return PartyRecord(
        id=pid,
        name=r.text(m, "name", "", limit=LIMITS["name"], required=True),
        organisation=r.text(m, "organisation", "", limit=LIMITS["organisation"]),
        url=r.optional_text(m, "url", "", limit=2000, pattern=URL_RE, what="an http(s) URL"),
        summary=r.text(m, "summary", "", limit=LIMITS["offering_summary"]),
        cells=cells,
    )


def _read_offering(raw: Any, rel: str, catalogue: Catalogue, r: _Reader) -> OfferingRecord | None:
    m = r.mapping(
        raw, "", required={"id", "name", "developer", "platform", "category"},
        allowed={"model_family", "summary", "sort_order", "cells", "extra"},
    )
    if m is None:
        return None
    oid = r.text(m, "id", "", limit=80, required=True, pattern=ID_RE,
                 what="an id (lower case, digits, -)")
    _check_stem(rel, oid, r)
    order = m.get("sort_order", 0)
    if isinstance(order, bool) or not isinstance(order, int):
        r.problem("sort_order", f"expected a whole number, got {_kind(order)}")
        order = 0
    extra = m.get("extra") or {}
    if not isinstance(extra, dict):
        r.problem("extra", f"expected a mapping, got {_kind(extra)}")
        extra = {}
    r.plain_data(extra, "extra")
    cells, scopes = _read_cells(m, catalogue, r, allow_override=True)
    return OfferingRecord(
        id=oid,
        name=r.text(m, "name", "", limit=LIMITS["name"], required=True),
        developer=r.text(m, "developer", "", limit=80, required=True),
        platform=r.text(m, "platform", "", limit=80, required=True),
        category=r.choice(m, "category", "", CATEGORIES) or "",
        model_family=r.text(m, "model_family", "", limit=LIMITS["model_family"]),
        summary=r.text(m, "summary", "", limit=LIMITS["offering_summary"]),
        sort_order=order,
        cells=cells,
        scopes=scopes,
        extra=extra,
    )


def _read_cells(
    m: Mapping[str, Any], catalogue: Catalogue, r: _Reader, *, allow_override: bool
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
            scope = _read_scope(value, path, dim, r)
            if scope is not None:
                scopes[dim_id] = scope
            continue
        cell = read_cell(value, path, dim, r, allow_override=allow_override)
        if cell is not None:
            cells[dim_id] = cell
    return cells, scopes


def read_cell(
    value: Any, path: str, dim: Dimension, r: _Reader, *, allow_override: bool
) -> CellRecord | None:
    allowed = CELL_KEYS | ({"override_reason"} if allow_override else set())
    cm = r.mapping(value, path, required={"grade"}, allowed=allowed)
    if cm is None:
        return None
    grade = r.choice(cm, "grade", path, [g.value for g in Grade])
    confidence = r.choice(cm, "confidence", path, [c.value for c in Confidence], required=False)
    facts = _read_facts(cm, path, dim, r)
    extra = cm.get("extra") or {}
    if not isinstance(extra, dict):
        r.problem(_join(path, "extra"), f"expected a mapping, got {_kind(extra)}")
        extra = {}
    r.plain_data(extra, _join(path, "extra"))
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
        sources=_read_sources(cm, path, r),
        annotations=_read_annotations(cm, path, r),
        extra=extra,
    )


def _read_scope(value: dict[str, Any], path: str, dim: Dimension, r: _Reader) -> ScopeRecord | None:
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
        facts=_read_facts(value, path, dim, r),
        sources=_read_sources(value, path, r),
        annotations=_read_annotations(value, path, r),
    )


def _read_facts(cm: Mapping[str, Any], path: str, dim: Dimension, r: _Reader) -> dict[str, Any]:
    raw = cm.get("facts")
    if raw is None:
        return {}
    fm = r.mapping(raw, _join(path, "facts"))
    facts: dict[str, Any] = {}
    for key, value in (fm or {}).items():
        problem = dim.fact_problem(key, value)
        if problem is not None:
            r.problem(_join(path, f"facts.{key}"), problem)
            continue
        spec = dim.facts[key]
        facts[key] = value.isoformat() if spec.type is FactType.DATE and isinstance(value, dt.date) else value
    return facts


def _read_sources(cm: Mapping[str, Any], path: str, r: _Reader) -> tuple[SourceRef, ...]:
    sources = []
    for i, raw in enumerate(r.listing(cm, "sources", path)):
        spath = f"{_join(path, 'sources')}[{i}]"
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


def _read_annotations(cm: Mapping[str, Any], path: str, r: _Reader) -> tuple[AnnotationRecord, ...]:
    annotations = []
    for i, raw in enumerate(r.listing(cm, "annotations", path)):
        apath = f"{_join(path, 'annotations')}[{i}]"
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


def _cross_check(
    catalogue: Catalogue, parties: list[PartyRecord], offerings: list[OfferingRecord],
    problems: list[Problem], copies: Mapping[str, kept.CopyRecord],
) -> None:
    party_file = {p.id: f"parties/{p.id}.yaml" for p in parties}
    for dup in _duplicates(p.id for p in parties):
        problems.append(Problem("parties", "", f"duplicate party id {dup!r}"))
    for dup in _duplicates(o.id for o in offerings):
        problems.append(Problem("offerings", "", f"duplicate offering id {dup!r}"))
    party_cells = {(p.id, d): c for p in parties for d, c in p.cells.items()}
    seen_sources: dict[str, tuple[str, tuple[Any, ...]]] = {}

    def check_sources(file: str, path: str, refs: Iterable[SourceRef]) -> None:
        for i, ref in enumerate(refs):
            described = (ref.kind, ref.publisher, ref.title, ref.archived, ref.canonical_url)
            first = seen_sources.setdefault(ref.url, (f"{file}: {path}", described))
            if first[1] != described:
                problems.append(Problem(
                    file, f"{path}.sources[{i}]",
                    f"source {ref.url} is described differently at {first[0]} "
                    "(kind, publisher, title, archived and canonical_url must agree)",
                ))
            if ref.copy:
                for key, reason in kept.citation_problems(ref.url, ref.quote, ref.copy, copies, ref.canonical_url):
                    problems.append(Problem(file, f"{path}.sources[{i}].{key}", reason))

    for p in parties:
        for dim_id, cell in p.cells.items():
            check_sources(party_file[p.id], f"cells.{dim_id}", cell.sources)
    for o in offerings:
        file = f"offerings/{o.id}.yaml"
        for role in ("developer", "platform"):
            pid = getattr(o, role)
            if pid and pid not in party_file:
                problems.append(Problem(file, role, f"unknown party {pid!r} (no parties/{pid}.yaml)"))
        for dim_id, cell in o.cells.items():
            check_sources(file, f"cells.{dim_id}", cell.sources)
        for dim_id, scope in o.scopes.items():
            check_sources(file, f"cells.{dim_id}", scope.sources)
        _check_inheritance(catalogue, o, file, party_cells, problems)


def _check_inheritance(
    catalogue: Catalogue, o: OfferingRecord, file: str,
    party_cells: dict[tuple[str, str], CellRecord], problems: list[Problem],
) -> None:
    for dim_id, cell in o.cells.items():
        dim = catalogue.get(dim_id)
        if dim is None:
            continue
        party = graded_party(dim, o.developer, o.platform)
        inherited = party_cells.get((party, dim_id))
        if inherited is not None and not cell.override_reason.strip():
            problems.append(Problem(
                file, f"cells.{dim_id}.override_reason",
                f"{party} records this {dim.level.value}-level cell once for every offering; "
                "an offering's own cell must say why it overrides it",
            ))
        if inherited is None and cell.override_reason:
            problems.append(Problem(
                file, f"cells.{dim_id}.override_reason",
                f"there is no cell on {party} to override; remove the override_reason",
            ))
    for dim_id, scope in o.scopes.items():
        dim = catalogue.get(dim_id)
        if dim is None:
            continue
        party = graded_party(dim, o.developer, o.platform)
        inherited = party_cells.get((party, dim_id))
        if inherited is None:
            problems.append(Problem(
                file, f"cells.{dim_id}",
                f"an entry without a grade adds scope to the cell inherited from {party}, "
                "but that party records no such cell; give a grade",
            ))
            continue
        for key in scope.facts:
            if key in inherited.facts:
                problems.append(Problem(
                    file, f"cells.{dim_id}.facts.{key}",
                    f"already recorded on {party}; a scope entry may add facts, not change them",
                ))


def _check_stem(rel: str, record_id: str, r: _Reader) -> None:
    stem = Path(rel).stem
    if record_id and stem != record_id:
        r.problem("id", f"{record_id!r} must match the file name ({stem}.yaml)")


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for v in values:
        if v in seen and v not in dups:
            dups.append(v)
        seen.add(v)
    return dups


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    return describe_value(value)


# --------------------------------------------------------------------------------------------
# Writing: records to plain data (the same shape the reader accepts)


def source_data(ref: SourceRef) -> dict[str, Any]:
    data: dict[str, Any] = {"url": ref.url, "kind": ref.kind, "primary": ref.primary}
    for key in ("publisher", "title", "archived", "canonical_url", "quote"):
        if value := getattr(ref, key):
            data[key] = value
    if ref.role != CitationRole.SUPPORTS.value:
        data["role"] = ref.role
    if ref.copy:
        data["copy"] = ref.copy
    return data


def annotation_data(a: AnnotationRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"date": a.date.isoformat(), "decision": a.decision, "reason": a.reason}
    if a.author != "human":
        data["author"] = a.author
    return data


def cell_data(cell: CellRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"grade": cell.grade}
    for key in ("confidence", "summary", "notes", "tier", "route", "default", "geography"):
        if value := getattr(cell, key):
            data[key] = value
    if cell.facts:
        data["facts"] = dict(cell.facts)
    if cell.verified:
        data["verified"] = cell.verified.isoformat()
    if cell.caveat:
        data["caveat"] = cell.caveat
    if cell.override_reason:
        data["override_reason"] = cell.override_reason
    if cell.sources:
        data["sources"] = [source_data(s) for s in cell.sources]
    if cell.annotations:
        data["annotations"] = [annotation_data(a) for a in cell.annotations]
    if cell.extra:
        data["extra"] = dict(cell.extra)
    return data


def scope_data(scope: ScopeRecord) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if scope.notes:
        data["notes"] = scope.notes
    if scope.facts:
        data["facts"] = dict(scope.facts)
    if scope.sources:
        data["sources"] = [source_data(s) for s in scope.sources]
    if scope.annotations:
        data["annotations"] = [annotation_data(a) for a in scope.annotations]
    return data


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
    """Write the registry to ``directory`` (replacing the data files there); return the paths."""
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
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(text.encode("utf-8"))  # bytes: a kept copy's hash is of its exact text
        tmp.replace(path)
        written.append(path)
    return written
