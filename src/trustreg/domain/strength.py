"""How strong a cell's evidence is: the one rule behind every strength mark the site shows.

A grade is only as good as what backs it. From strongest to weakest:

- primary, quote found: a primary source whose quote was found in the latest kept copy of it;
- primary, quote unchecked: a primary source, but its quote was never checked against a kept copy,
  was not found in the latest one, or no quote was recorded;
- secondary only: every cited source is secondary (a blog, an explainer, a forum answer, ...);
- no source cited: a grade with nothing behind it;
- expired: the person's verification is older than the question's freshness policy, whatever the
  sources (the world may have moved on since).

A cell nobody reviewed has no evidence strength ("not reviewed"). Leads (where to look next) are
not evidence and never count. Marks are text glyphs so colour is never the only signal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from trustreg.domain.cells import CellRecord, CitationRole, ResolvedCell, SourceRef
from trustreg.domain.freshness import is_expired
from trustreg.domain.grades import is_graded


class QuoteState(StrEnum):
    FOUND = "found"  # the latest check of a kept copy found the quote
    MISSING = "missing"  # the latest check did not find it
    UNCHECKED = "unchecked"  # never looked for in a kept copy


def quote_state(last_seen: dt.datetime | None, last_checked: dt.datetime | None) -> QuoteState:
    """A quote's state from the last time it was found and the last time it was looked for."""
    if last_checked is None:
        return QuoteState.UNCHECKED
    return QuoteState.FOUND if last_seen == last_checked else QuoteState.MISSING


# (source URL, quote) -> state; a pair that is absent was never checked.
QuoteStates = Mapping[tuple[str, str], QuoteState]


class Strength(StrEnum):
    PRIMARY_QUOTED = "primary_quoted"
    PRIMARY_UNCHECKED = "primary_unchecked"
    SECONDARY = "secondary"
    NO_SOURCE = "no_source"
    EXPIRED = "expired"
    NOT_REVIEWED = "not_reviewed"


@dataclass(frozen=True)
class StrengthInfo:
    mark: str  # a text glyph: readable without colour
    label: str
    meaning: str
    tone: str  # styling only, never the only signal


STRENGTH_INFO: dict[Strength, StrengthInfo] = {
    Strength.PRIMARY_QUOTED: StrengthInfo(
        "✔", "Primary, quote found",
        "A primary source (the vendor's own documents or contracts) whose quote was found in the "
        "latest copy we keep of it.", "strong"),
    Strength.PRIMARY_UNCHECKED: StrengthInfo(
        "?", "Primary, quote unchecked",
        "A primary source, but its quote has not been found in a kept copy yet: never checked, "
        "not found in the latest copy, or no quote recorded.", "check"),
    Strength.SECONDARY: StrengthInfo(
        "△", "Secondary only",
        "Only secondary sources (blogs, explainers, forums, registries): a primary source is "
        "still needed before the grade is settled.", "weak"),
    Strength.NO_SOURCE: StrengthInfo(
        "∅", "No source cited", "A grade with no cited source behind it.", "weak"),
    Strength.EXPIRED: StrengthInfo(
        "!", "Expired",
        "The last verification by a person is older than this question's freshness policy: "
        "re-check before relying on it.", "expired"),
    Strength.NOT_REVIEWED: StrengthInfo(
        "–", "Not reviewed", "Nobody has reviewed this question for this offering yet.", "none"),
}

# Sort order: strongest evidence first, "not reviewed" last.
STRENGTH_ORDER: dict[Strength, int] = {s: i for i, s in enumerate(Strength)}
TO_CONFIRM = frozenset({Strength.PRIMARY_UNCHECKED, Strength.SECONDARY, Strength.NO_SOURCE, Strength.EXPIRED})


@dataclass(frozen=True)
class EvidenceStrength:
    strength: Strength
    why: str  # what exactly, in words ("primary source; quote not checked yet")
    confidence: str | None
    verified: dt.date | None
    age_days: int | None  # days from the person's verification to the day shown

    @property
    def info(self) -> StrengthInfo:
        return STRENGTH_INFO[self.strength]

    @property
    def mark(self) -> str:
        return self.info.mark

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def tone(self) -> str:
        return self.info.tone

    @property
    def to_confirm(self) -> bool:
        return self.strength in TO_CONFIRM

    @property
    def age(self) -> str:
        """The verification's age, short ("verified 12 d ago"); says so when nobody verified."""
        if self.strength is Strength.NOT_REVIEWED:
            return ""
        if self.age_days is None:
            return "never verified"
        return "verified today" if self.age_days <= 0 else f"verified {self.age_days} d ago"

    @property
    def brief(self) -> str:
        """Confidence (when recorded) and age in a few characters, for the grid ("low · 148 d")."""
        if self.strength is Strength.NOT_REVIEWED:
            return ""
        age = "unverified" if self.age_days is None else f"{max(self.age_days, 0)} d"
        # No confidence recorded: nothing is printed for it (the data shows nothing either).
        return f"{self.confidence} · {age}" if self.confidence else age

    @property
    def summary(self) -> str:
        """Everything in one line, for title/aria text, feeds and print."""
        if self.strength is Strength.NOT_REVIEWED:
            return self.label
        age = f"{self.age} ({self.verified.isoformat()})" if self.verified else self.age
        confidence = [f"confidence {self.confidence}"] if self.confidence else []
        return " · ".join([f"{self.label}: {self.why}", *confidence, age])


def sourced_strength(*, grade: str, sources: Iterable[SourceRef], quotes: QuoteStates) -> tuple[Strength, str]:
    """The strength of what backs a grade, before its age is considered, and why in words.

    Apart from expiry (which moves with the day shown: ``dated_strength``) this is all of the rule,
    so it can be stored and recomputed whenever the cell or its quote checks change."""
    if not is_graded(grade):
        return Strength.NOT_REVIEWED, "nobody has reviewed it"
    evidence = [s for s in sources if s.role != CitationRole.LEAD]
    if not evidence:
        return Strength.NO_SOURCE, "no source cited"
    primary = [s for s in evidence if s.primary]
    if not primary:
        return Strength.SECONDARY, "only secondary sources cited"
    states = [quotes.get((s.url, s.quote), QuoteState.UNCHECKED) for s in primary if s.quote]
    if QuoteState.FOUND in states:
        return Strength.PRIMARY_QUOTED, "primary source; its quote was found in a kept copy"
    if QuoteState.MISSING in states:
        return Strength.PRIMARY_UNCHECKED, "primary source; quote not found in the latest kept copy"
    if states:
        return Strength.PRIMARY_UNCHECKED, "primary source; quote not checked yet"
    return Strength.PRIMARY_UNCHECKED, "primary source; no quote recorded"


def dated_strength(
    sourced: tuple[Strength, str], *, verified: dt.date | None, confidence: str | None, freshness_days: int,
    today: dt.date,
) -> EvidenceStrength:
    """A sourced strength as shown on ``today``: expired when the verification is too old."""
    strength, why = sourced
    if strength is Strength.NOT_REVIEWED:
        return EvidenceStrength(strength, why, None, None, None)
    age = (today - verified).days if verified else None
    if is_expired(verified, freshness_days, today):
        strength, why = Strength.EXPIRED, f"verification older than {freshness_days} days"
    return EvidenceStrength(strength, why, confidence or None, verified, age)


def evidence_strength(
    *, grade: str, sources: Iterable[SourceRef], verified: dt.date | None, confidence: str | None,
    freshness_days: int, quotes: QuoteStates, today: dt.date,
) -> EvidenceStrength:
    return dated_strength(sourced_strength(grade=grade, sources=sources, quotes=quotes), verified=verified,
                          confidence=confidence, freshness_days=freshness_days, today=today)


def record_strength(
    record: CellRecord, freshness_days: int, quotes: QuoteStates, today: dt.date
) -> EvidenceStrength:
    """The strength of one recorded cell on its own (e.g. as a revision left it)."""
    return evidence_strength(
        grade=record.grade, sources=record.sources, verified=record.verified, confidence=record.confidence,
        freshness_days=freshness_days, quotes=quotes, today=today,
    )


def cell_strength(cell: ResolvedCell, quotes: QuoteStates, today: dt.date) -> EvidenceStrength:
    record = cell.record
    return evidence_strength(
        grade=cell.grade, sources=cell.sources, verified=record.verified if record else None,
        confidence=record.confidence if record else None, freshness_days=cell.dimension.freshness_days,
        quotes=quotes, today=today,
    )
