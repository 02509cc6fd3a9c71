"""How much of the registry rests on primary evidence: the figures shown on /coverage/.

A cell (offering x question, after inheritance along the two-level rule) is *backed* when it cites
a primary source (not as a mere lead) with a verbatim quote found in a kept copy bundled with the
data (the data files are only read when every such quote is in its copy).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from trustreg.domain.cells import CitationRole, ResolvedCell
from trustreg.domain.grades import Grade, is_graded


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
    cells: tuple[ResolvedCell, ...]

    @property
    def backed(self) -> int:
        return sum(is_backed(c) for c in self.cells)

    @property
    def unbacked(self) -> list[ResolvedCell]:
        """The cells without a primary quote in a kept copy (each says why in its summary/notes)."""
        return [c for c in self.cells if not is_backed(c)]


@dataclass(frozen=True)
class Figures:
    """The registry-wide figures, from the grade counts kept on write (never from every cell)."""

    questions: int
    offerings: int
    graded: int
    backed: int
    graded_without_quote: int
    no_public_evidence: int
    public_offerings: int  # of the offerings the public registry covers, those listed
    not_reviewed_public: int

    @property
    def cells(self) -> int:
        return self.questions * self.offerings

    @property
    def backed_percent(self) -> float:
        return round(100 * self.backed / self.cells, 1) if self.cells else 0.0


def figures(
    *, questions: int, offerings: int, counts: Iterable[tuple[str, bool, bool, int]], public_offerings: int,
    not_reviewed_public: int,
) -> Figures:
    """The figures from counts of cells by (grade, backed, quoted): backed and quoted as
    :func:`is_backed` and :func:`has_quote` judged each cell when it was stored."""
    rows = list(counts)
    return Figures(
        questions=questions, offerings=offerings,
        graded=sum(n for grade, _, _, n in rows if is_graded(grade)),
        backed=sum(n for _, backed, _, n in rows if backed),
        graded_without_quote=sum(n for grade, _, quoted, n in rows if is_graded(grade) and not quoted),
        no_public_evidence=sum(n for grade, _, _, n in rows if grade == Grade.NO_PUBLIC_EVIDENCE.value),
        public_offerings=public_offerings, not_reviewed_public=not_reviewed_public,
    )


def public_registry_ids(extra: Mapping[str, object]) -> list[str]:
    """The offering ids the public AI Provider Trust Registry covers (``registry.yaml`` extra)."""
    ids = extra.get("public_registry_offerings")
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []
