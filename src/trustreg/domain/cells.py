"""Cells as plain records, and how an offering's cell is resolved along the two-level rule.

A cell is recorded either on an offering or once on a party. Vendor-trust and data-handling
dimensions grade the serving *platform*; EU AI Act dimensions grade the model *developer*. An
offering inherits its graded party's cell unless it records its own cell, which then overrides
the party cell and must say why. An offering may also add a *scope* entry to an inherited cell:
notes, facts, annotations and sources that only concern this offering.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, PlainValidator, ValidationInfo, field_validator

from trustreg.domain.catalogue import Dimension, FactType, Level
from trustreg.domain.fieldtypes import (
    COPY_ID_RE,
    LIMITS,
    URL_RE,
    Record,
    boolean,
    choice,
    date,
    listing,
    optional_text,
    plain_mapping,
    qualifier,
    refuse,
    text,
    url,
)
from trustreg.domain.grades import Confidence, Grade, grade_glyph, grade_label, is_graded, is_watchout
from trustreg.domain.values import describe_value


class SourceKind(StrEnum):
    VENDOR_DOC = "vendor_doc"
    LEGAL = "legal"
    TRUST_PORTAL = "trust_portal"
    HELP_CENTER = "help_center"
    QA_FORUM = "qa_forum"
    BLOG = "blog"
    NEWS = "news"
    REGISTRY = "registry"
    ARCHIVE = "archive"
    SEARCH_SNIPPET = "search_snippet"
    EXPLAINER = "explainer"
    OTHER = "other"


# Kinds that can be primary when the graded party publishes them. Forum answers, even by vendor staff,
# and explainers that disclaim authority are secondary (DESIGN.md: the source rule); registry entries,
# archives and search snippets only point at sources.
PRIMARY_KINDS = frozenset(
    {
        SourceKind.VENDOR_DOC,
        SourceKind.LEGAL,
        SourceKind.TRUST_PORTAL,
        SourceKind.HELP_CENTER,
        SourceKind.BLOG,
        SourceKind.NEWS,
    }
)


class CitationRole(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CORROBORATES = "corroborates"
    LEAD = "lead"


class Decision(StrEnum):
    DISMISSED = "dismissed"
    RESOLVED = "resolved"


CopyId = optional_text(120, pattern=COPY_ID_RE, what="a kept copy id (lower case, digits, -)")

with warnings.catch_warnings():  # the field ``copy`` shadows pydantic's deprecated ``copy()``
    warnings.filterwarnings("ignore", "Field name \"copy\"", UserWarning)

    class SourceRef(Record):
        """A citation of a source by a cell: the source's description plus the cited quote."""

        url: Annotated[str, text(2000, required=True, pattern=URL_RE, what="an http(s) URL")]
        kind: Annotated[str, choice([k.value for k in SourceKind])]
        primary: Annotated[bool, boolean()]
        publisher: Annotated[str, text(LIMITS["publisher"])] = ""
        title: Annotated[str, text(LIMITS["title"])] = ""
        archived: Annotated[str | None, url()] = None
        canonical_url: Annotated[str | None, url()] = None
        quote: Annotated[str, text(LIMITS["quote"])] = ""
        role: Annotated[str, choice([c.value for c in CitationRole], required=False,
                                    empty=CitationRole.SUPPORTS.value)] = CitationRole.SUPPORTS.value
        # the id of the kept copy bundled with the data that holds the quote
        copy: Annotated[str | None, CopyId] = None  # type: ignore[assignment]


class AnnotationRecord(Record):
    """A human decision on a flag, shown on the public cell."""

    date: Annotated[dt.date, date(required=True)]
    decision: Annotated[str, choice([d.value for d in Decision])]
    reason: Annotated[str, text(LIMITS["reason"], required=True)]
    author: Annotated[str, text(LIMITS["author"], empty="human")] = "human"

    def render(self) -> str:
        return f"[{self.author} {self.date.isoformat()}] {self.decision.capitalize()}: {self.reason}"


def _facts(value: Any, info: ValidationInfo) -> dict[str, Any]:
    """A cell's facts; read against its dimension when the reader names one (context ``dimension``)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise refuse([("", f"expected a mapping, got {describe_value(value)}")])
    dim: Dimension | None = (info.context or {}).get("dimension")
    if dim is None:
        return dict(value)
    found: list[tuple[str, str]] = []
    facts: dict[str, Any] = {}
    for key, fact in value.items():
        if not isinstance(key, str):
            found.append(("", f"keys must be text, got {describe_value(key)}"))
        if (problem := dim.fact_problem(key, fact)) is not None:
            found.append((str(key), problem))
            continue
        is_date = dim.facts[key].type is FactType.DATE and isinstance(fact, dt.date)
        facts[key] = fact.isoformat() if is_date else fact
    if found:
        raise refuse(found)
    return facts


Facts = Annotated[dict[str, Any], PlainValidator(_facts, json_schema_input_type=dict[str, Any])]
Sources = Annotated[tuple[SourceRef, ...], listing()]
Annotations = Annotated[tuple[AnnotationRecord, ...], listing()]


class CellRecord(Record):
    """A graded cell, on a party or an offering; only an offering's may give an ``override_reason``
    (a reader for a party's cells says so with the context ``allow_override=False``)."""

    grade: Annotated[str, choice([g.value for g in Grade])]
    confidence: Annotated[str | None, choice([c.value for c in Confidence], required=False)] = None
    summary: Annotated[str, text(LIMITS["summary"])] = ""
    notes: Annotated[str, text(LIMITS["notes"])] = ""
    tier: Annotated[str | None, qualifier()] = None
    route: Annotated[str | None, qualifier()] = None
    default: Annotated[str | None, qualifier()] = None
    geography: Annotated[str | None, optional_text(LIMITS["geography"])] = None
    facts: Facts = Field(default_factory=dict)
    verified: Annotated[dt.date | None, date()] = None
    caveat: Annotated[str, text(LIMITS["caveat"])] = ""
    override_reason: Annotated[str, text(LIMITS["override_reason"])] = ""
    sources: Sources = ()
    annotations: Annotations = ()
    extra: Annotated[dict[str, Any], plain_mapping()] = Field(default_factory=dict)

    @field_validator("override_reason", mode="before")
    @classmethod
    def _only_on_offerings(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None and (info.context or {}).get("allow_override") is False:
            allowed = sorted(set(cls.model_fields) - {"override_reason"})
            raise refuse([("", f"unknown field (allowed: {', '.join(allowed)})")])
        return value

    @property
    def has_primary_source(self) -> bool:
        return any(s.primary and s.role != CitationRole.LEAD for s in self.sources)


class ScopeRecord(Record):
    """What an offering adds to a cell it inherits from a party."""

    notes: Annotated[str, text(LIMITS["notes"])] = ""
    facts: Facts = Field(default_factory=dict)
    sources: Sources = ()
    annotations: Annotations = ()


# A cell's qualifiers: the conditions its grade holds under (which tier, which route, on by default);
# a fit profile may refuse some of their values. Its conditions, as pages show them, add where it applies.
QUALIFIERS = ("tier", "route", "default")
CONDITIONS = (*QUALIFIERS, "geography")

# The fields of a cell that hold one value each (facts, sources, annotations and extra hold many).
CELL_VALUES = tuple(n for n in CellRecord.model_fields if n not in ("facts", "sources", "annotations", "extra"))


# In an offering's scope notes: where the inherited cell's notes go (default: before them).
INHERITED_SLOT = "{inherited}"


class Origin(StrEnum):
    OFFERING = "offering"  # recorded on the offering, no party cell to override
    OVERRIDE = "override"  # recorded on the offering, overriding the graded party's cell
    PARTY = "party"  # inherited from the graded party
    NONE = "none"  # nobody has recorded it: not reviewed


@dataclass(frozen=True)
class ResolvedCell:
    dimension: Dimension
    origin: Origin
    record: CellRecord | None
    graded_party_id: str
    scope: ScopeRecord | None = None
    overridden: CellRecord | None = None

    @property
    def grade(self) -> str:
        return self.record.grade if self.record else Grade.NOT_REVIEWED.value

    @property
    def label(self) -> str:
        return grade_label(self.grade)

    @property
    def glyph(self) -> str:
        return grade_glyph(self.grade)

    @property
    def is_watchout(self) -> bool:
        return is_watchout(self.grade)

    @property
    def is_graded(self) -> bool:
        return is_graded(self.grade)

    @property
    def notes(self) -> list[str]:
        """The inherited notes, then the offering's scope notes; a scope note that holds
        ``{inherited}`` places the inherited notes there instead (an entry that opens by framing
        the inherited cell, as the seed's "Two-level rule: ..." does)."""
        inherited = self.record.notes if self.record else ""
        scope = self.scope.notes if self.scope else ""
        before, slot, after = scope.partition(INHERITED_SLOT)
        parts = [before, inherited, after] if slot else [inherited, scope]
        return [p.strip() for p in parts if p.strip()]

    @property
    def facts(self) -> dict[str, Any]:
        merged = dict(self.record.facts) if self.record else {}
        if self.scope:
            merged.update(self.scope.facts)
        return merged

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        own = self.record.sources if self.record else ()
        return own + (self.scope.sources if self.scope else ())

    @property
    def annotations(self) -> tuple[AnnotationRecord, ...]:
        own = self.record.annotations if self.record else ()
        return own + (self.scope.annotations if self.scope else ())

    @property
    def has_primary_source(self) -> bool:
        return any(s.primary and s.role != CitationRole.LEAD for s in self.sources)

    @property
    def reason(self) -> str:
        """The one-line reason shown for a watch-out."""
        if self.record is None:
            return ""
        if self.record.summary:
            return self.record.summary
        return first_sentence(self.record.notes)


def graded_party(dimension: Dimension, developer_id: str, platform_id: str) -> str:
    return platform_id if dimension.level is Level.PLATFORM else developer_id


def resolve_cell(
    dimension: Dimension,
    *,
    developer_id: str,
    platform_id: str,
    offering_cell: CellRecord | None,
    scope: ScopeRecord | None,
    party_cells: dict[tuple[str, str], CellRecord],
) -> ResolvedCell:
    party_id = graded_party(dimension, developer_id, platform_id)
    party_cell = party_cells.get((party_id, dimension.id))
    if offering_cell is not None:
        origin = Origin.OVERRIDE if party_cell is not None else Origin.OFFERING
        return ResolvedCell(dimension, origin, offering_cell, party_id, None, party_cell)
    if party_cell is not None:
        return ResolvedCell(dimension, Origin.PARTY, party_cell, party_id, scope)
    return ResolvedCell(dimension, Origin.NONE, None, party_id, scope)


def watchouts(cells: list[ResolvedCell]) -> list[ResolvedCell]:
    """The cells that are not a clean public yes: what to check before signing."""
    return [c for c in cells if c.is_watchout]


def first_sentence(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " ") and i > 20:
            text = text[: i + 1]
            break
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text
