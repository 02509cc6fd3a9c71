"""Cells as plain records, and how an offering's cell is resolved along the two-level rule.

A cell is recorded either on an offering or once on a party. Vendor-trust and data-handling
dimensions grade the serving *platform*; EU AI Act dimensions grade the model *developer*. An
offering inherits its graded party's cell unless it records its own cell, which then overrides
the party cell and must say why. An offering may also add a *scope* entry to an inherited cell:
notes, facts, annotations and sources that only concern this offering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from trustreg.domain.catalogue import Dimension, Level
from trustreg.domain.grades import Grade, grade_glyph, grade_label, is_graded, is_watchout


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


@dataclass(frozen=True)
class SourceRef:
    """A citation of a source by a cell: the source's description plus the cited quote."""

    url: str
    kind: str
    primary: bool
    publisher: str = ""
    title: str = ""
    archived: str | None = None
    canonical_url: str | None = None
    quote: str = ""
    role: str = CitationRole.SUPPORTS.value
    copy: str | None = None  # the id of the kept copy bundled with the data that holds the quote


@dataclass(frozen=True)
class AnnotationRecord:
    """A human decision on a flag, shown on the public cell."""

    date: dt.date
    decision: str
    reason: str
    author: str = "human"

    def render(self) -> str:
        return f"[{self.author} {self.date.isoformat()}] {self.decision.capitalize()}: {self.reason}"


@dataclass(frozen=True)
class CellRecord:
    grade: str
    confidence: str | None = None
    summary: str = ""
    notes: str = ""
    tier: str | None = None
    route: str | None = None
    default: str | None = None
    geography: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    verified: dt.date | None = None
    caveat: str = ""
    override_reason: str = ""
    sources: tuple[SourceRef, ...] = ()
    annotations: tuple[AnnotationRecord, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_primary_source(self) -> bool:
        return any(s.primary and s.role != CitationRole.LEAD for s in self.sources)


@dataclass(frozen=True)
class ScopeRecord:
    """What an offering adds to a cell it inherits from a party."""

    notes: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    sources: tuple[SourceRef, ...] = ()
    annotations: tuple[AnnotationRecord, ...] = ()


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
