"""The questions the extractor answers, one module each (rules, facts, claim and polarity checks), in
the catalogue's order; ``attestation`` holds what the certification and contract questions share."""

from __future__ import annotations

from trustreg.ingest.questions import (
    art53,
    gdpr,
    gpai,
    hipaa,
    iso,
    residency,
    retention,
    soc2,
    training,
    trust_center,
)
from trustreg.ingest.questions.base import Facts, Hit, Mention, Question, Rule

QUESTIONS: dict[str, Question] = {
    q.id: q
    for q in (
        soc2.QUESTION,
        iso.ISO_27001,
        iso.ISO_42001,
        trust_center.QUESTION,
        hipaa.QUESTION,
        gdpr.QUESTION,
        training.QUESTION,
        retention.QUESTION,
        residency.QUESTION,
        gpai.QUESTION,
        art53.QUESTION,
    )
}
DIMENSIONS = tuple(QUESTIONS)
RULES: tuple[Rule, ...] = tuple(r for q in QUESTIONS.values() for r in q.rules)
ANCHOR_WORDS = frozenset(word for r in RULES for group in r.anchors for word in group)


def anchor_words_in(lowered: str) -> frozenset[str]:
    """The anchor words a lower-cased sentence holds: each word is looked for once per sentence, not once
    per rule (the extractor then tests each rule's groups against this set)."""
    return frozenset(word for word in ANCHOR_WORDS if word in lowered)


__all__ = ["DIMENSIONS", "QUESTIONS", "RULES", "Facts", "Hit", "Mention", "Question", "Rule", "anchor_words_in"]
