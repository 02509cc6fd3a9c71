"""The fit check: does an offering meet a buyer's requirements, and what must they do to get there?

A *profile* is a list of requirements, one per question, stated in plain terms: the grades that
count as available, qualifier values that are unacceptable, and tests on the cell's typed facts.
Each offering gets one verdict per requirement and one overall:

- ``meets``: a public yes with solid evidence, nothing to do;
- ``meets_after_steps``: available, but the buyer must act first (sign with sales, apply for
  approval, configure it); the steps come from the cell's qualifiers and facts, worded in data;
- ``does_not_meet``: the evidence says no, or the grade or a fact falls short;
- ``unknown``: not reviewed, no public evidence, unclear, or evidence too weak to rely on
  (secondary only, expired): never silently counted as a pass.

Framework-free: callers hand in resolved cells and the evidence strength of each.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from trustreg.domain.cells import QUALIFIERS, ResolvedCell
from trustreg.domain.grades import Grade
from trustreg.domain.strength import EvidenceStrength, Strength

SLUG_RE = r"^[a-z0-9][a-z0-9-]{0,79}$"
MAX_REQUIREMENTS = 30

AVAILABLE = (Grade.YES_PUBLIC, Grade.YES_SALES_GATED, Grade.YES_PLATFORM_ONLY)
# Grades that say nothing either way: the requirement cannot be decided from them.
UNDECIDED = (Grade.NOT_REVIEWED, Grade.NO_PUBLIC_EVIDENCE, Grade.UNCLEAR)


class Verdict(StrEnum):
    MEETS = "meets"
    MEETS_AFTER_STEPS = "meets_after_steps"
    DOES_NOT_MEET = "does_not_meet"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


VERDICT_LABELS = {
    Verdict.MEETS: "Meets",
    Verdict.MEETS_AFTER_STEPS: "Meets after steps",
    Verdict.DOES_NOT_MEET: "Does not meet",
    Verdict.UNKNOWN: "Unknown",
}
# Worst first: the overall verdict is the worst of the requirements'.
_SEVERITY = {Verdict.DOES_NOT_MEET: 3, Verdict.UNKNOWN: 2, Verdict.MEETS_AFTER_STEPS: 1, Verdict.MEETS: 0}


class FactTest(BaseModel):
    """One test on a typed fact of the cell. A missing fact makes the test undecidable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str = Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")
    equals: str | bool | int | None = None
    at_most: int | None = Field(default=None, ge=0, le=1_000_000)
    at_least: int | None = Field(default=None, ge=0, le=1_000_000)
    contains: str | None = Field(default=None, min_length=1, max_length=80)

    @model_validator(mode="after")
    def _one_test(self) -> FactTest:
        given = [x for x in (self.equals, self.at_most, self.at_least, self.contains) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of equals, at_most, at_least, contains")
        return self

    def describe(self) -> str:
        if self.equals is not None:
            value = "true" if self.equals is True else "false" if self.equals is False else self.equals
            return f"{self.fact} is {value}"
        if self.at_most is not None:
            return f"{self.fact} at most {self.at_most}"
        if self.at_least is not None:
            return f"{self.fact} at least {self.at_least}"
        return f"{self.fact} mentions “{self.contains}”"

    def check(self, facts: dict[str, Any]) -> bool | None:
        """True or False, or None when the cell does not record the fact."""
        if self.fact not in facts:
            return None
        value = facts[self.fact]
        if self.equals is not None:
            return bool(value == self.equals and type(value) is type(self.equals))
        if self.at_most is not None or self.at_least is not None:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return None
            return value <= self.at_most if self.at_most is not None else value >= (self.at_least or 0)
        needle = (self.contains or "").casefold()
        items = value if isinstance(value, list) else [value]
        return any(_mentions(str(item), needle) for item in items)


def _mentions(text: str, needle: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", text.casefold()) is not None


class Requirement(BaseModel):
    """What the buyer needs of one question."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str = Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")
    label: str = Field(default="", max_length=200)
    grades: tuple[Grade, ...] = AVAILABLE
    forbid: dict[Literal["tier", "route", "default"], tuple[str, ...]] = Field(default_factory=dict)
    # Every test in all_of must hold; at least one in any_of (when given).
    all_of: tuple[FactTest, ...] = ()
    any_of: tuple[FactTest, ...] = ()
    geography_mentions: str | None = Field(default=None, min_length=1, max_length=40)

    @field_validator("grades")
    @classmethod
    def _grades_say_yes(cls, grades: tuple[Grade, ...]) -> tuple[Grade, ...]:
        if not grades:
            raise ValueError("name at least one acceptable grade")
        undecided = [g.value for g in grades if g in UNDECIDED]
        if undecided:
            raise ValueError(f"{', '.join(undecided)} cannot count as meeting a requirement")
        return grades

    def describe(self) -> str:
        if self.label:
            return self.label
        return self.question.replace("_", " ")


class Profile(BaseModel):
    """A buyer's requirements, shareable as a URL or a YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(default="custom", pattern=SLUG_RE)
    title: str = Field(default="Custom requirements", min_length=1, max_length=120)
    description: str = Field(default="", max_length=1_000)
    requirements: tuple[Requirement, ...] = Field(min_length=1, max_length=MAX_REQUIREMENTS)

    def check_questions(self, known: set[str]) -> list[str]:
        """Problems with questions the catalogue does not have, as ``requirements.N.question: reason``."""
        problems = []
        seen: set[str] = set()
        for i, req in enumerate(self.requirements):
            if req.question not in known:
                problems.append(f"requirements.{i}.question: no question {req.question!r} in the catalogue")
            elif req.question in seen:
                problems.append(f"requirements.{i}.question: {req.question!r} is required twice")
            seen.add(req.question)
        return problems


class ProfileError(ValueError):
    """A profile that cannot be read; ``problems`` are ``path: reason`` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_profile(data: Any, known_questions: set[str]) -> Profile:
    """A profile from plain data (parsed YAML or JSON), with every problem reported at once."""
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError([
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}" for err in exc.errors()
        ]) from None
    problems = profile.check_questions(known_questions)
    if problems:
        raise ProfileError(problems)
    return profile


# --- Evidence and steps -------------------------------------------------------------------------


# A cell's evidence is judged by the one strength rule (trustreg.domain.strength). Weak evidence
# (secondary only, no source, expired) is a lead, not a decision, whichever way it points.
WEAK = frozenset({Strength.SECONDARY, Strength.NO_SOURCE, Strength.EXPIRED})


@dataclass(frozen=True)
class StepWording:
    """How a qualifier value turns into a step; ``{party}`` and ``{detail}`` are filled in."""

    text: str
    detail_facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepCatalogue:
    """The steps' wording, from data: per qualifier and value, plus the fact that proves it is on."""

    qualifiers: dict[str, dict[str, StepWording]] = field(default_factory=dict)
    proof_fact: str = "verification"
    proof_text: str = "Prove it is on: {detail}"
    order: tuple[str, ...] = QUALIFIERS

    def steps_for(self, cell: ResolvedCell, party_name: str) -> list[str]:
        record = cell.record
        if record is None:
            return []
        facts = cell.facts
        steps = []
        for qualifier in self.order:
            value = getattr(record, qualifier, None)
            wording = self.qualifiers.get(qualifier, {}).get(value or "")
            if wording is None:
                continue
            details = [str(facts[f]) for f in wording.detail_facts if facts.get(f) not in (None, "")]
            detail = "; ".join(details)
            text = wording.text.format(party=party_name, question=cell.dimension.label, detail=detail)
            steps.append(_tidy(text))
        proof = facts.get(self.proof_fact)
        if steps and proof:
            steps.append(_tidy(self.proof_text.format(detail=proof, party=party_name)))
        return steps


def _tidy(text: str) -> str:
    text = re.sub(r"\s*\(\s*\)", "", text)
    text = re.sub(r":\s*\.$", ".", text.strip())
    return text


@dataclass(frozen=True)
class RequirementResult:
    requirement: Requirement
    cell: ResolvedCell
    verdict: Verdict
    reason: str
    evidence: EvidenceStrength
    steps: tuple[str, ...] = ()

    @property
    def verified(self) -> dt.date | None:
        return self.cell.record.verified if self.cell.record else None


@dataclass(frozen=True)
class OfferingFit:
    offering_id: str
    results: tuple[RequirementResult, ...]

    @property
    def verdict(self) -> Verdict:
        if not self.results:
            return Verdict.UNKNOWN
        return max((r.verdict for r in self.results), key=lambda v: _SEVERITY[v])

    @property
    def steps(self) -> list[tuple[str, str]]:
        """(question label, step) in requirement order: what to do before signing."""
        return [(r.cell.dimension.label, s) for r in self.results for s in r.steps]


def evaluate_requirement(
    req: Requirement, cell: ResolvedCell, evidence: EvidenceStrength, steps: StepCatalogue, party_name: str,
) -> RequirementResult:
    grade = Grade(cell.grade)

    def result(verdict: Verdict, reason: str, found: tuple[str, ...] = ()) -> RequirementResult:
        return RequirementResult(req, cell, verdict, reason, evidence, found)

    if grade in UNDECIDED:
        return result(Verdict.UNKNOWN, f"graded “{cell.label}”")
    if evidence.strength in WEAK:
        return result(Verdict.UNKNOWN, f"graded “{cell.label}”, but {evidence.why}")
    if grade is Grade.NO:
        return result(Verdict.DOES_NOT_MEET, "the evidence says no")
    if grade not in req.grades:
        return result(Verdict.DOES_NOT_MEET, f"graded “{cell.label}”, which this requirement does not accept")
    record = cell.record
    assert record is not None  # graded cells have a record
    for qualifier, refused in req.forbid.items():
        value = getattr(record, qualifier, None)
        if value in refused:
            return result(Verdict.DOES_NOT_MEET, f"{qualifier} is {value}, which this requirement excludes")
    failed, missing = _fact_outcome(req, cell)
    if failed:
        return result(Verdict.DOES_NOT_MEET, failed)
    if missing:
        return result(Verdict.UNKNOWN, missing)
    found = tuple(steps.steps_for(cell, party_name))
    if found or grade is not Grade.YES_PUBLIC:
        if not found:
            found = (f"{cell.label}: check with {party_name} what it takes ({cell.reason or 'no steps recorded'}).",)
        return result(Verdict.MEETS_AFTER_STEPS, cell.reason or f"graded “{cell.label}”", found)
    return result(Verdict.MEETS, f"graded “{cell.label}”")


def _fact_outcome(req: Requirement, cell: ResolvedCell) -> tuple[str, str]:
    """(why a fact test fails, why it cannot be decided); empty strings when neither."""
    facts = dict(cell.facts)
    if req.geography_mentions is not None:
        geography = cell.record.geography if cell.record else None
        regions = facts.get("regions") or []
        texts = [geography or "", *(regions if isinstance(regions, list) else [])]
        if not any(texts):
            return "", f"the registry records no geography or regions for {cell.dimension.label}"
        if not any(_mentions(t, req.geography_mentions.casefold()) for t in texts):
            return f"no recorded geography mentions {req.geography_mentions}", ""
    missing = []
    for test in req.all_of:
        outcome = test.check(facts)
        if outcome is False:
            return f"{test.describe()} does not hold (recorded: {facts[test.fact]})", ""
        if outcome is None:
            missing.append(test.fact)
    if req.any_of:
        outcomes = [t.check(facts) for t in req.any_of]
        if not any(o is True for o in outcomes):
            if all(o is False for o in outcomes):
                return "none of " + ", ".join(t.describe() for t in req.any_of) + " holds", ""
            missing.extend(t.fact for t, o in zip(req.any_of, outcomes, strict=True) if o is None)
    if missing:
        return "", "the registry records no " + ", ".join(dict.fromkeys(missing)) + " to decide it"
    return "", ""


def fit_offering(
    offering_id: str, profile: Profile, cells: dict[str, ResolvedCell], evidence: dict[str, EvidenceStrength],
    steps: StepCatalogue, party_names: dict[str, str],
) -> OfferingFit:
    results = tuple(
        evaluate_requirement(
            req, cells[req.question], evidence[req.question], steps,
            party_names.get(cells[req.question].graded_party_id, cells[req.question].graded_party_id),
        )
        for req in profile.requirements
    )
    return OfferingFit(offering_id, results)
