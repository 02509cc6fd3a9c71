"""What a fit verdict reads of a resolved cell, as a value that can be kept beside its stored grade.

``domain.fit.evaluate_requirement`` decides a requirement from the cell's grade, its evidence
strength, its record's qualifiers and geography, and its (merged) facts; the wording of the reason
and the steps also read labels and the party's name, but the verdict does not. So the verdict of a
requirement over every offering follows from the few distinct *fit inputs* of its question (kept on
write, ``registry.fitinputs``) and whether each cell's evidence is weak on the day shown, which SQL
reads off the stored strength and expiry date. ``verdict_of`` runs the one rule on a cell rebuilt
from the inputs, so the two cannot drift apart.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from trustreg.domain.catalogue import Dimension
from trustreg.domain.cells import CONDITIONS, CellRecord, Origin, ResolvedCell
from trustreg.domain.fit import Requirement, StepCatalogue, Verdict, evaluate_requirement
from trustreg.domain.strength import EvidenceStrength, Strength

KEY_LENGTH = 32
# Any strength not in domain.fit.WEAK: the verdict of a cell whose evidence the buyer can rely on.
_SOLID = EvidenceStrength(Strength.PRIMARY_QUOTED, "", None, None, None)
# How bad each verdict is; the overall verdict is the worst, and the results list the best first.
SEVERITY = {Verdict.MEETS: 0, Verdict.MEETS_AFTER_STEPS: 1, Verdict.UNKNOWN: 2, Verdict.DOES_NOT_MEET: 3}
WEAK_SEVERITY = SEVERITY[Verdict.UNKNOWN]  # weak evidence is never a pass, whichever way it points


def fit_inputs(cell: ResolvedCell) -> str:
    """The cell's fit inputs as canonical JSON text (the same text for the same inputs)."""
    record = cell.record
    data: dict[str, Any] = {"grade": cell.grade, "record": record is not None, "facts": cell.facts}
    for name in CONDITIONS:
        data[name] = getattr(record, name, None) if record is not None else None
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def fit_key(dimension_id: str, inputs: str) -> str:
    """A short name for one question's fit inputs, unique across questions."""
    return hashlib.sha256(f"{dimension_id}\n{inputs}".encode()).hexdigest()[:KEY_LENGTH]


def cell_of(dimension: Dimension, inputs: str) -> ResolvedCell:
    """A cell with these fit inputs (what the verdict reads; nothing else)."""
    data = json.loads(inputs)
    record = None
    if data["record"]:
        record = CellRecord.model_construct(
            grade=data["grade"], facts=data["facts"], **{name: data.get(name) for name in CONDITIONS})
    return ResolvedCell(dimension, Origin.NONE, record, "")


def verdict_of(req: Requirement, dimension: Dimension, inputs: str, steps: StepCatalogue) -> Verdict:
    """The requirement's verdict on a cell with these inputs whose evidence is not weak."""
    return evaluate_requirement(req, cell_of(dimension, inputs), _SOLID, steps, "").verdict
