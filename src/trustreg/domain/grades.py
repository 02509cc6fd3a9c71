"""Grades and confidences: the closed vocabularies of a cell, with their derived labels."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Grade(StrEnum):
    YES_PUBLIC = "yes_public"
    YES_SALES_GATED = "yes_sales_gated"
    YES_PLATFORM_ONLY = "yes_platform_only"
    PARTIAL = "partial"
    UNCLEAR = "unclear"
    NO_PUBLIC_EVIDENCE = "no_public_evidence"
    NO = "no"
    NOT_REVIEWED = "not_reviewed"


@dataclass(frozen=True)
class GradeInfo:
    label: str
    glyph: str
    # Short machine-friendly tone used for styling; never shown as the grade itself.
    tone: str
    meaning: str


GRADE_INFO: dict[Grade, GradeInfo] = {
    Grade.YES_PUBLIC: GradeInfo(
        "Yes, public", "●", "good",
        "Available, and public evidence shows it. A free sign-in or click-through is still public.",
    ),
    Grade.YES_SALES_GATED: GradeInfo(
        "Yes, sales-gated", "◐", "gated",
        "Available, but behind a commercial gate: an NDA, an approval, an enterprise plan or a "
        "sales contact.",
    ),
    Grade.YES_PLATFORM_ONLY: GradeInfo(
        "Yes, platform-only", "◑", "gated",
        "Available only through another channel, e.g. residency only via private or "
        "cloud-partner deployments.",
    ),
    Grade.PARTIAL: GradeInfo(
        "Partial", "◔", "partial",
        "A weaker form of the commitment, or scope not confirmed for this offering "
        "(opt-out rather than off by default, processing-only residency, a partial signature).",
    ),
    Grade.UNCLEAR: GradeInfo(
        "Unclear", "◌", "unclear",
        "Public sources say something, but not enough to settle the question either way.",
    ),
    Grade.NO_PUBLIC_EVIDENCE: GradeInfo(
        "No public evidence", "○", "none",
        "Could not be verified from public sources. This is explicitly not the same as \"no\".",
    ),
    Grade.NO: GradeInfo(
        "No", "✕", "no",
        "Public evidence that the answer is no.",
    ),
    Grade.NOT_REVIEWED: GradeInfo(
        "Not reviewed", "·", "unreviewed",
        "Nobody has reviewed this question for this offering yet. Never shown as a grade.",
    ),
}

# Grades saying the property holds, wholly or in part, and the grade saying it does not.
AFFIRMATIVE_GRADES = frozenset({Grade.YES_PUBLIC, Grade.YES_SALES_GATED, Grade.YES_PLATFORM_ONLY, Grade.PARTIAL})
NEGATIVE_GRADES = frozenset({Grade.NO})

# Order used when sorting by grade: best first, "not reviewed" last.
GRADE_ORDER: dict[Grade, int] = {grade: i for i, grade in enumerate(Grade)}


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


def grade_label(grade: str) -> str:
    return GRADE_INFO[Grade(grade)].label


def grade_glyph(grade: str) -> str:
    return GRADE_INFO[Grade(grade)].glyph


def is_watchout(grade: str) -> bool:
    """A watch-out is any reviewed cell that is not a clean public yes, whatever its confidence."""
    g = Grade(grade)
    return g not in (Grade.YES_PUBLIC, Grade.NOT_REVIEWED)


def is_graded(grade: str) -> bool:
    return Grade(grade) is not Grade.NOT_REVIEWED
