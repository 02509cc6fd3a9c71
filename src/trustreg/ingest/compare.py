"""A candidate claim against the registry's current (resolved) cell for the same offering.

Findings, each with a reason a maintainer can read:

- ``agrees``: the claim says what the cell says (polarity matches the grade, facts match).
- ``contradicts``: the claim's polarity or a fact disagrees with the cell.
- ``secondary_only``: the claim states a fact the cell's notes say is deliberately left out because
  only secondary sources state it (the 30-day figure), or a secondary source contradicts the cell.
  A lead, never evidence (DESIGN.md: the source rule).
- ``stale``: the document is older than the cell's evidence and disagrees with it or adds to it, or
  the claim is about a superseded state (a preview that is now generally available).
- ``not_recorded``: a fact the cell does not hold (worth a look, changes nothing by itself).
- ``not_in_registry``: the cell has not been reviewed; the claim is new material.
- ``unclear``: the claim itself is unsure; nothing to compare.

The verdict is the most important finding: stale, then secondary-only, contradicts, agrees.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from trustreg.domain.bundle import Bundle
from trustreg.domain.cells import ResolvedCell, resolve_cell
from trustreg.domain.grades import AFFIRMATIVE_GRADES, NEGATIVE_GRADES

VERDICT_ORDER = (
    "stale",
    "secondary_only",
    "contradicts",
    "agrees",
    "not_recorded",
    "not_in_registry",
    "unclear",
)

# Claim fact key -> registry fact keys that record the same thing.
FACT_ALIASES: dict[str, tuple[str, ...]] = {
    "not_available_to_developer": ("not_available_to_developer", "not_available_to_openai"),
    "no_training": ("no_training", "not_used_to_train_foundation_models"),
    "iso_27001_version": ("standard_version",),
    "iso_42001_version": ("iso_42001_version", "standard_version"),
    "signatory_status": ("signatory_status", "developer_signatory"),
}
# Facts that describe the claim's own wording rather than the offering.
_NOT_COMPARED = {"exception", "eligibility", "available_on_request", "requires_nda", "retention_days_min"}


@dataclass(frozen=True)
class Finding:
    kind: str
    reason: str


@dataclass(frozen=True)
class Comparison:
    verdict: str
    findings: tuple[Finding, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "findings": [{"kind": f.kind, "reason": f.reason} for f in self.findings],
        }


@dataclass(frozen=True)
class ClaimFacts:
    """What compare needs of a claim and its document, whatever stores them."""

    dimension: str
    polarity: str
    facts: dict[str, Any]
    primary: bool
    document_date: str | None  # ISO, possibly partial: the document's updated or published date
    quote: str = ""


def _as_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day = int(parts[2][:2]) if len(parts) > 2 else 28
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def _cell_date(cell: ResolvedCell) -> dt.date | None:
    return cell.record.verified if cell.record else None


def same_fact(gold: Any, predicted: Any) -> bool:
    """Two fact values are the same: booleans by identity, numbers by value, text and lists of text
    case-, hyphen- and space-insensitively (lists as sets)."""
    if isinstance(gold, bool) or isinstance(predicted, bool):
        return gold is predicted
    if isinstance(gold, int | float) and isinstance(predicted, int | float):
        return float(gold) == float(predicted)
    if isinstance(gold, list) and isinstance(predicted, list):
        return {_norm(v) for v in gold} == {_norm(v) for v in predicted}
    return _norm(gold) == _norm(predicted)


def _norm(value: Any) -> str:
    return " ".join(str(value).casefold().replace("-", " ").split())


def _same(claim_value: Any, cell_value: Any) -> bool:
    """Loose agreement: text contained either way, a claim's list within the cell's, else exact."""
    if isinstance(claim_value, str) and isinstance(cell_value, str):
        a, b = claim_value.casefold(), cell_value.casefold()
        return a in b or b in a
    if isinstance(claim_value, list) and isinstance(cell_value, list):
        return {str(v).casefold() for v in claim_value} <= {str(v).casefold() for v in cell_value}
    return same_fact(cell_value, claim_value)


def _deliberately_unrecorded(key: str, value: Any, notes: str) -> str | None:
    """The sentence of the cell's notes saying this fact is left out on purpose, if any."""
    text = " ".join(notes.split())
    for sentence in re.split(r"(?<=[.;])\s+", text):
        mentions_key = key in sentence
        mentions_value = (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and re.search(rf"\b{int(value)}[- ]?(?:day|hour|month|year)", sentence)
        )
        if (mentions_key or mentions_value) and re.search(
            r"\bno\s+\w+\s+fact\s+is\s+recorded|\bnot\s+recorded|\bonly\s+[^.]{0,60}\b(?:answers?|blogs?|snippets?)\s+"
            r"(?:still\s+)?state|\bno\s+longer\s+appears",
            sentence,
            re.IGNORECASE,
        ):
            return sentence
    return None


def compare(claim: ClaimFacts, cell: ResolvedCell) -> Comparison:
    findings: list[Finding] = []
    if claim.polarity == "unclear":
        return Comparison(
            "unclear", (Finding("unclear", "the passage itself is unsure; nothing to compare"),)
        )
    if not cell.is_graded:
        return Comparison(
            "not_in_registry",
            (
                Finding(
                    "not_in_registry", f"the {claim.dimension} cell is not reviewed yet; this is new material"
                ),
            ),
        )
    notes = " ".join(cell.notes)
    cell_facts = {**derived_facts(cell), **cell.facts}
    grade = cell.grade
    cell_date = _cell_date(cell)
    doc_date = _as_date(claim.document_date)
    older = doc_date is not None and cell_date is not None and doc_date < cell_date
    age = f"the document ({claim.document_date}) is older than the cell's evidence (verified {cell_date})"

    disagreement = False
    withheld = False
    if claim.polarity in ("positive", "conditional") and grade in NEGATIVE_GRADES:
        disagreement = True
        findings.append(
            Finding("contradicts", f"the claim is {claim.polarity}, the registry grades it {grade}")
        )
    elif claim.polarity == "negative" and grade in AFFIRMATIVE_GRADES:
        disagreement = True
        findings.append(Finding("contradicts", f"the claim is negative, the registry grades it {grade}"))
    elif claim.polarity in ("positive", "conditional") and grade in AFFIRMATIVE_GRADES:
        findings.append(Finding("agrees", f"the claim is {claim.polarity}, the registry grades it {grade}"))
    elif claim.polarity == "negative" and grade in NEGATIVE_GRADES:
        findings.append(Finding("agrees", "the claim and the registry both say no"))
    elif claim.polarity == "positive" and grade == "no_public_evidence":
        disagreement = True
        findings.append(Finding("contradicts", "the registry found no public evidence; this claims some"))

    for key, value in claim.facts.items():
        if key in _NOT_COMPARED:
            continue
        recorded = [k for k in FACT_ALIASES.get(key, (key,)) if k in cell_facts]
        if recorded:
            cell_value = cell_facts[recorded[0]]
            if _same(value, cell_value):
                findings.append(Finding("agrees", f"{key}={value!r} matches the cell's {recorded[0]}"))
            else:
                disagreement = True
                findings.append(
                    Finding(
                        "contradicts", f"{key}={value!r} differs from the cell's {recorded[0]}={cell_value!r}"
                    )
                )
            continue
        sentence = _deliberately_unrecorded(key, value, notes)
        if sentence is not None:
            withheld = True
            findings.append(
                Finding(
                    "secondary_only", f"the registry deliberately does not record {key}={value!r}: {sentence}"
                )
            )
            if re.search(r"no\s+longer\s+appears|no\s+longer\s+(?:on|stated)", sentence, re.IGNORECASE):
                findings.append(Finding("stale", f"{key}={value!r} is no longer on the current primary page"))
        else:
            source = "a primary" if claim.primary else "a secondary"
            findings.append(
                Finding("not_recorded", f"{key}={value!r} is not in the registry ({source} source)")
            )

    if _about_preview(claim) and grade in AFFIRMATIVE_GRADES:
        findings.append(
            Finding("stale", "about a preview state; the service is now generally available and covered")
        )
    if older and (disagreement or withheld):
        findings.append(Finding("stale", age))
    if not claim.primary and disagreement:
        findings.append(Finding("secondary_only", "a secondary source: a lead to check, not evidence"))

    kinds = {f.kind for f in findings}
    verdict = next((k for k in VERDICT_ORDER if k in kinds), "agrees")
    return Comparison(verdict, tuple(_unique(findings)))


def derived_facts(cell: ResolvedCell) -> dict[str, Any]:
    """Facts the grade and qualifiers already state, so a claim repeating them agrees."""
    record = cell.record
    if record is None or cell.dimension.id != "retention_zdr":
        return {}
    derived: dict[str, Any] = {}
    if cell.grade in AFFIRMATIVE_GRADES:
        derived["zdr_available"] = True
    if record.default == "requires_approval" or record.route == "sales_contract":
        derived["zdr_requires_approval"] = True
    return derived


def resolved_cells(bundle: Bundle, offering_id: str) -> dict[str, ResolvedCell]:
    """The current cells of an offering from registry data files (no database)."""
    offering = next((o for o in bundle.offerings if o.id == offering_id), None)
    if offering is None:
        raise LookupError(f"no offering {offering_id!r} in the registry data")
    party_cells = bundle.party_cells()
    return {
        d.id: resolve_cell(
            d,
            developer_id=offering.developer,
            platform_id=offering.platform,
            offering_cell=offering.cells.get(d.id),
            scope=offering.scopes.get(d.id),
            party_cells=party_cells,
        )
        for d in bundle.catalogue.dimensions
    }


def _about_preview(claim: ClaimFacts) -> bool:
    if claim.facts.get("dpa_covers_service") is False and re.search(
        r"\bpreview\b", claim.quote, re.IGNORECASE
    ):
        return True
    return bool(claim.facts.get("preview_excluded")) and claim.polarity == "negative"


def _unique(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        if (f.kind, f.reason) not in seen:
            seen.add((f.kind, f.reason))
            out.append(f)
    return out
