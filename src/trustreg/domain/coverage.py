"""How much of the registry rests on primary evidence: the figures shown on /coverage/.

A cell (offering x question, after inheritance along the two-level rule) is *backed* when it cites
a primary source (not as a mere lead) with a verbatim quote found in a kept copy bundled with the
data (the data files are only read when every such quote is in its copy).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from trustreg.domain.cells import CitationRole, ResolvedCell
from trustreg.domain.grades import Grade


def is_backed(cell: ResolvedCell) -> bool:
    return cell.is_graded and any(
        s.primary and s.quote and s.copy and s.role != CitationRole.LEAD for s in cell.sources
    )


def has_quote(cell: ResolvedCell) -> bool:
    return any(s.quote for s in cell.sources)


@dataclass(frozen=True)
class OfferingCoverage:
    id: str
    name: str
    public: bool  # one of the offerings the public registry covers
    cells: tuple[ResolvedCell, ...]

    @property
    def backed(self) -> int:
        return sum(is_backed(c) for c in self.cells)

    @property
    def unbacked(self) -> list[ResolvedCell]:
        """The cells without a primary quote in a kept copy (each says why in its summary/notes)."""
        return [c for c in self.cells if not is_backed(c)]


@dataclass(frozen=True)
class Coverage:
    questions: int
    offerings: tuple[OfferingCoverage, ...]

    @property
    def cells(self) -> int:
        return self.questions * len(self.offerings)

    @property
    def graded(self) -> int:
        return sum(c.is_graded for o in self.offerings for c in o.cells)

    @property
    def backed(self) -> int:
        return sum(o.backed for o in self.offerings)

    @property
    def backed_percent(self) -> float:
        return round(100 * self.backed / self.cells, 1) if self.cells else 0.0

    @property
    def graded_without_quote(self) -> int:
        return sum(c.is_graded and not has_quote(c) for o in self.offerings for c in o.cells)

    @property
    def no_public_evidence(self) -> int:
        return sum(c.grade == Grade.NO_PUBLIC_EVIDENCE.value for o in self.offerings for c in o.cells)

    @property
    def public_offerings(self) -> int:
        return sum(o.public for o in self.offerings)

    @property
    def not_reviewed_public(self) -> int:
        return sum(not c.is_graded for o in self.offerings if o.public for c in o.cells)


def coverage(
    questions: int, offerings: Iterable[tuple[str, str, Sequence[ResolvedCell]]], public_ids: Iterable[str],
) -> Coverage:
    """Figures over ``offerings`` given as (id, name, resolved cells)."""
    public = set(public_ids)
    return Coverage(questions, tuple(
        OfferingCoverage(oid, name, oid in public, tuple(cells)) for oid, name, cells in offerings
    ))


def public_registry_ids(extra: Mapping[str, object]) -> list[str]:
    """The offering ids the public AI Provider Trust Registry covers (``registry.yaml`` extra)."""
    ids = extra.get("public_registry_offerings")
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []
