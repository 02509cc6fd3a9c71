"""The regulated-workload explainer of one offering, generated from its cells so it cannot disagree.

Commitments come from the true boolean facts of the data-handling cells, assurance references from
the vendor-trust cells and the informational attestations, configurable controls from the
informational controls; each item carries its cell's grade, evidence and a link to it. The
shared-responsibility split and the use-case framing are informational text from data
(``data/explainers/``), shown as such.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from trustreg.domain import yamlio
from trustreg.domain.cells import ResolvedCell, SourceRef
from trustreg.domain.strength import EvidenceStrength
from trustreg.registry.selectors import OfferingView, offering_view

DATA_HANDLING = "data_handling"
VENDOR_TRUST = "vendor_trust"
CONTROL_GROUPS = ("controls",)  # informational groups shown as configurable controls
MAX_NARRATIVE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Item:
    """One line of the explainer, backed by one cell."""

    text: str
    cell: ResolvedCell
    evidence: EvidenceStrength

    @property
    def primary_quotes(self) -> list[SourceRef]:
        return [s for s in self.cell.sources if s.primary and s.quote and s.role != "lead"]


@dataclass(frozen=True)
class Narrative:
    """Informational text: who does what, and one way to frame use cases by risk."""

    provider: tuple[str, ...] = ()
    customer: tuple[str, ...] = ()
    framing_intro: str = ""
    framing: tuple[tuple[str, str, str], ...] = ()  # (level, examples, expected controls)
    framing_note: str = ""
    basis: str = ""  # where the framing comes from, said plainly


@dataclass
class ExplainerView:
    view: OfferingView
    day: dt.date
    commitments: list[Item]
    data_handling: list[Item]
    assurance: list[Item]
    controls: list[Item]
    narrative: Narrative
    sources: list[SourceRef] = field(default_factory=list)

    @property
    def unproven(self) -> list[Item]:
        """Items whose evidence is to confirm (the strength rule's list): shown, but marked."""
        seen: dict[str, Item] = {}
        for item in self.commitments + self.data_handling + self.assurance + self.controls:
            if item.evidence.to_confirm:
                seen.setdefault(item.cell.dimension.id, item)
        return list(seen.values())


def explainer_view(offering_id: str, as_of: dt.date | None = None) -> ExplainerView:
    view = offering_view(offering_id, as_of)
    day = as_of or timezone.now().date()

    def item(text: str, cell: ResolvedCell) -> Item:
        return Item(text, cell, view.strengths[cell.dimension.id])

    commitments = [
        item(_fact_text(cell, key), cell)
        for cell in view.cells if cell.dimension.group == DATA_HANDLING and cell.is_graded
        for key, value in cell.facts.items() if value is True
    ]
    data_handling = [item(cell.reason or cell.label, cell) for cell in view.cells
                     if cell.dimension.group == DATA_HANDLING]
    assurance = [item(cell.reason or cell.label, cell) for cell in view.cells
                 if cell.dimension.group == VENDOR_TRUST]
    assurance += [item(cell.reason or cell.label, cell) for cell in view.info_cells
                  if cell.dimension.group not in CONTROL_GROUPS]
    controls = [item(cell.reason or cell.label, cell) for cell in view.info_cells
                if cell.dimension.group in CONTROL_GROUPS]
    sources: dict[str, SourceRef] = {}
    for cell in [*view.cells, *view.info_cells]:
        for s in cell.sources:
            if s.primary and s.role != "lead":
                sources.setdefault(s.url, s)
    return ExplainerView(view, day, commitments, data_handling, assurance, controls,
                         narrative_for(view.offering.id), sorted(sources.values(), key=lambda s: s.url))


def _fact_text(cell: ResolvedCell, key: str) -> str:
    spec = cell.dimension.facts.get(key)
    if spec is not None and spec.description:
        return spec.description
    return key.replace("_", " ").capitalize()


def narrative_for(offering_id: str) -> Narrative:
    root = Path(settings.EXPLAINER_DATA_DIR)
    path = root / f"{offering_id}.yaml"
    if not path.exists():
        path = root / "_default.yaml"
    return _narrative_at(path, path.stat().st_mtime)


@functools.cache
def _narrative_at(path: Path, mtime: float) -> Narrative:
    raw = path.read_bytes()
    if len(raw) > MAX_NARRATIVE_BYTES:
        raise ValueError(f"{path}: {len(raw)} bytes, the limit is {MAX_NARRATIVE_BYTES}")
    data: dict[str, Any] = yamlio.load(raw.decode("utf-8")) or {}
    shared = data.get("shared_responsibility", {})
    framing = data.get("use_case_framing", {})
    return Narrative(
        provider=tuple(str(x) for x in shared.get("provider", ())),
        customer=tuple(str(x) for x in shared.get("customer", ())),
        framing_intro=str(framing.get("intro", "")),
        framing=tuple((str(x["level"]), str(x["examples"]), str(x["controls"])) for x in framing.get("levels", ())),
        framing_note=str(framing.get("note", "")),
        basis=str(data.get("basis", "")),
    )
