"""What a fit verdict reads of a resolved cell, as a value that can be kept beside its stored grade.

``domain.fit.evaluate_requirement`` decides a requirement from the cell's grade, its evidence
strength, its record's qualifiers and geography, and its (merged) facts; the wording of the reason
and the steps also read labels and the party's name, but the verdict does not. So the verdict of a
requirement over every offering follows from the few distinct *fit inputs* of its question (kept on
write, ``registry.fitinputs``) and whether each cell's evidence is weak on the day shown, which SQL
reads off the stored strength and expiry date. ``verdict_of`` runs the one rule on a cell rebuilt
from the inputs, so the two cannot drift apart.

A requirement reads fewer inputs still (``reads_of``): the grade, whether there is a record, the
qualifiers it forbids (only whether each value is refused), whether each qualifier's value has a
step worded (``StepCatalogue``), the facts its tests name, and geography and regions only when it
asks for a geography. Inputs alike in those (one *projection*) get one verdict, so the check decides
each projection once, whatever the number of distinct inputs; the inputs are also kept as typed
columns and facts (``columns_of``) so that SQL can group them by projection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from trustreg.domain.catalogue import Dimension
from trustreg.domain.cells import CONDITIONS, QUALIFIERS, CellRecord, Origin, ResolvedCell
from trustreg.domain.fit import WEAK, Requirement, StepCatalogue, Verdict, evaluate_requirement
from trustreg.domain.strength import EvidenceStrength, Strength

KEY_LENGTH = 32
# Any strength not in domain.fit.WEAK: the verdict of a cell whose evidence the buyer can rely on.
_SOLID = EvidenceStrength(Strength.PRIMARY_QUOTED, "", None, None, None)
# How bad each verdict is; the overall verdict is the worst, and the results list the best first.
SEVERITY = {Verdict.MEETS: 0, Verdict.MEETS_AFTER_STEPS: 1, Verdict.UNKNOWN: 2, Verdict.DOES_NOT_MEET: 3}
WEAK_SEVERITY = SEVERITY[Verdict.UNKNOWN]  # weak evidence is never a pass, whichever way it points
# Weak evidence (domain.fit.WEAK) as a stored row says it: its strength before expiry is one of
# these, or the day shown is after its expiry date (``registry.resolved``).
WEAK_STORED = tuple(sorted(s.value for s in WEAK if s is not Strength.EXPIRED))


def weak_from(strength: str, expires: dt.date | None) -> dt.date | None:
    """The first day a stored row's evidence is weak: always (``date.min``) when its strength is,
    else the day after it expires; None when it never is."""
    if strength in WEAK_STORED:
        return dt.date.min
    if expires is None or expires == dt.date.max:
        return None
    return expires + dt.timedelta(days=1)


def canonical(value: Any) -> str:
    """JSON text of a value, the same text for the same value (sorted keys, no spaces)."""
    return _CANONICAL(value)


# ``json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)``, its
# encoder made once (``dumps`` makes one a call; a load asks for 170,000 texts).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode


def fit_inputs(cell: ResolvedCell) -> str:
    """The cell's fit inputs as canonical JSON text (the same text for the same inputs)."""
    record = cell.record
    data: dict[str, Any] = {"grade": cell.grade, "record": record is not None, "facts": cell.facts}
    for name in CONDITIONS:
        data[name] = getattr(record, name, None) if record is not None else None
    return canonical(data)


@dataclass(frozen=True)
class Columns:
    """Fit inputs as typed values: what ``FitInput`` keeps beside the text, for SQL to group by."""

    grade: str
    record: bool
    qualifiers: tuple[str | None, ...]  # in QUALIFIERS order
    geography: str | None
    facts: tuple[tuple[str, str], ...]  # (name, canonical JSON text of the value), by name


def columns_of(inputs: str) -> Columns:
    """The typed columns of these inputs; a list fact as the set of its items (sorted, once each),
    since the rule reads a list only item by item, whatever their order and repeats
    (``FactTest.check``, and a geography asked of the regions), so lists that differ only in order
    group together."""
    data = json.loads(inputs)
    return Columns(data["grade"], bool(data["record"]), tuple(data.get(q) for q in QUALIFIERS),
                   data.get("geography"), tuple((name, _typed(v)) for name, v in sorted(data["facts"].items())))


def _typed(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ",".join(sorted({canonical(item) for item in value})) + "]"
    return canonical(value)


@dataclass(frozen=True)
class Reads:
    """What one requirement's verdict reads of the fit inputs besides the grade and whether there
    is a record: ``evaluate_requirement`` reads nothing else of a cell whose evidence is solid."""

    refused: tuple[tuple[str, tuple[str, ...]], ...]  # (qualifier, the values it excludes)
    worded: tuple[tuple[str, tuple[str, ...]], ...]  # (qualifier, the values with a step; "" is none)
    geography: bool  # the record's geography (and the regions fact, among ``facts``)
    facts: tuple[str, ...]


def reads_of(req: Requirement, steps: StepCatalogue) -> Reads:
    """The inputs ``req`` reads with these step wordings (``StepCatalogue.steps_for`` words a step
    for a qualifier whose value, or "" for none, has a wording)."""
    forbid: dict[str, tuple[str, ...]] = {str(q): v for q, v in req.forbid.items()}
    refused = tuple((q, tuple(forbid[q])) for q in QUALIFIERS if forbid.get(q))
    worded = tuple((q, tuple(sorted(steps.qualifiers[q]))) for q in QUALIFIERS
                   if q in steps.order and steps.qualifiers.get(q))
    names = {t.fact for t in (*req.all_of, *req.any_of)}
    if req.geography_mentions is not None:
        names.add("regions")
    return Reads(refused, worded, req.geography_mentions is not None, tuple(sorted(names)))


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
