"""The rule-based claim extractor: a passage in, at most one candidate claim per dimension out.

Deterministic and explainable: every claim lists the rules that fired, and its quote is an exact
slice of the passage (``passage[start:end] == quote``). This module is the engine; what it knows
about each question (rules, facts, claim and polarity checks) sits in ``trustreg.ingest.questions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from trustreg.ingest import cues, drops, lines
from trustreg.ingest import scope as guide
from trustreg.ingest.questions import (
    DIMENSIONS,
    QUESTIONS,
    RULES,
    Hit,
    Mention,
    Question,
    Rule,
    anchor_words_in,
)

RULES_VERSION = "1"
EXTRACTOR_NAME = f"rules/{RULES_VERSION}"
MAX_PASSAGE_CHARS = 5_000
POLARITIES = ("positive", "negative", "conditional", "unclear")


@dataclass(frozen=True)
class Claim:
    dimension: str
    polarity: str
    facts: dict[str, Any]
    quote: str
    start: int  # offsets of the quote in the passage text
    end: int
    rules: tuple[str, ...] = ()
    extractor: str = EXTRACTOR_NAME
    leads: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "polarity": self.polarity,
            "facts": self.facts,
            "quote": self.quote,
        }


_LINK_LINE = re.compile(r"^[^:]{1,120}:\s*(?:<)?https?://\S+(?:>)?\s*$")


def extract_claims(text: str) -> list[Claim]:
    """Candidate claims stated by one passage, in the catalogue's dimension order."""
    if not text or not text.strip():
        return []
    text = text[:MAX_PASSAGE_CHARS]
    if _LINK_LINE.match(text.strip()):
        return []  # "Title: https://..." is a reference, not a statement
    sentences = cues.sentences(text)
    status = lines.STATUS_LINE.match(text)
    heading = lines.is_heading(text) and not status
    by_dimension: dict[str, list[Hit]] = {}
    # Each rule scans only the sentences holding its anchor words: long passages stay fast.
    lowered = [(span, anchor_words_in(text[span.start : span.end].lower())) for span in sentences]
    for rule, groups in _RULE_ANCHORS:
        if heading and not QUESTIONS[rule.dimension].badge:
            continue
        for sentence, present in lowered:
            for group in groups:  # rule.may_match, with set operations done in C
                if group.isdisjoint(present):
                    break
            else:
                by_dimension_add(by_dimension, rule, text, sentence)
    _prefer_fixed_wording(by_dimension)
    drops.drop_vehicle_mentions(text, by_dimension)
    drops.drop_summary_mentions(by_dimension)
    drops.drop_subprocessors_as_subject(text, by_dimension)
    drops.drop_general_obligations(text, by_dimension)
    for dimension in list(by_dimension):
        # A table row is a claim by its form, unless its cell is a clause, read like a sentence
        # ("Access control — only authorized users submit PHI prompts").
        by_form = (
            status is not None
            and not lines.is_clause(status.group("value"))
            and not lines.is_topic_row(status.group("key"), status.group("value"))
        )
        if not by_form and not guide.is_claim(dimension, text, [_mention(text, h) for h in by_dimension[dimension]]):
            del by_dimension[dimension]
    short = len(sentences) <= 3
    claims = []
    for dimension in DIMENSIONS:
        hits = by_dimension.get(dimension)
        if not hits:
            continue
        question = QUESTIONS[dimension]
        facts = question.facts(question.scope(text, hits) if question.scope else text)
        # A long passage is read around the claim: a hedge three sentences away is about something else.
        near = text if short else _around(text, sentences, hits)
        polarity = "unclear" if cues.unclear(near) else _polarity(question, text, hits, facts, near)
        if status:
            polarity, facts = lines.status_polarity(status.group("value"), hits, polarity, facts)
        if not status or not lines.is_verdict(status.group("value")):
            # a cell with a value ("Business: 14 days") is read like a sentence
            polarity = guide.labelled_polarity(dimension, text, polarity, [_mention(text, h) for h in hits])
        # Facts the whole passage states around the claim (an opt-out in the next sentence, a table
        # cell's period), once polarity is read.
        question.passage_facts(text, hits, facts)
        start, end = _quote_span(text, hits)
        claims.append(
            Claim(
                dimension=dimension,
                polarity=polarity,
                facts=facts,
                quote=text[start:end],
                start=start,
                end=end,
                rules=tuple(dict.fromkeys(hit.rule.name for hit in hits)),
            )
        )
    return claims


_RULE_ANCHORS = tuple((rule, tuple(frozenset(group) for group in rule.anchors)) for rule in RULES)


def by_dimension_add(by_dimension: dict[str, list[Hit]], rule: Rule, text: str, sentence: cues.Span) -> None:
    for match in rule.pattern.finditer(text, sentence.start, sentence.end):
        if rule.accept is None or rule.accept(text, match):
            clause = cues.clause_of(text, sentence, match.start())
            by_dimension.setdefault(rule.dimension, []).append(Hit(rule, match.start(), match.end(), sentence, clause))


def _around(text: str, sentences: list[cues.Span], hits: list[Hit]) -> str:
    """The sentences holding the hits and the sentence after each (where answers and caveats sit)."""
    keep: set[int] = set()
    for hit in hits:
        index = sentences.index(hit.sentence) if hit.sentence in sentences else 0
        keep.update((index, index + 1))
    return " ".join(text[sentences[i].start : sentences[i].end] for i in sorted(keep) if i < len(sentences))


def _mention(text: str, hit: Hit) -> Mention:
    return Mention(
        hit.rule.name,
        text[hit.sentence.start : hit.sentence.end],
        text[hit.clause.start : hit.clause.end],
        text[hit.start : hit.end],
    )


def _prefer_fixed_wording(by_dimension: dict[str, list[Hit]]) -> None:
    """A phrase whose wording fixes the polarity ("training ... is turned off by default") overrides the
    generic rule that matched inside it ("training on conversations")."""
    for dimension, hits in by_dimension.items():
        fixed = [h for h in hits if h.rule.mode == "fixed"]
        if fixed:
            by_dimension[dimension] = [
                h
                for h in hits
                if h.rule.mode == "fixed" or not any(f.start <= h.end and h.start <= f.end for f in fixed)
            ]


def _quote_span(text: str, hits: list[Hit]) -> tuple[int, int]:
    start = min(hit.sentence.start for hit in hits)
    end = max(hit.sentence.end for hit in hits)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _polarity(question: Question, text: str, hits: list[Hit], facts: dict[str, Any], near: str) -> str:
    overridden = question.fact_polarity(facts)
    if overridden:
        return overridden
    # "Does X train on my data? No. ..." : a question that gets answered is not a statement.
    statements = [h for h in hits if not text[h.sentence.start : h.sentence.end].rstrip().endswith("?")]
    used = statements or hits
    found = [_hit_polarity(question, text, hit) for hit in used]
    if _partly_covered(text, used, found):
        # "We offer a BAA for the API. Consumer plans are not covered.": it holds for part of the offer.
        return "conditional"
    combined = question.combine(found, near, facts)
    if combined:
        return combined
    for polarity in ("negative", "conditional", "positive"):
        if polarity in found:
            return polarity
    return "unclear"


_COVERAGE = re.compile(
    r"\b(?:covered|eligible|in\s+scope|included|available|appl(?:y|ies)|supported|extend)\b",
    re.IGNORECASE,
)


def _partly_covered(text: str, hits: list[Hit], found: list[str]) -> bool:
    """One clause affirms, another says some part of the offer is not covered ("... sign BAAs on enterprise
    tiers; free products are never BAA-eligible")."""
    if "positive" not in found:
        return False
    negatives = [h for h, p in zip(hits, found, strict=True) if p == "negative"]
    positives = {h.clause for h, p in zip(hits, found, strict=True) if p == "positive"}
    return any(
        h.clause not in positives and _COVERAGE.search(text[h.clause.start : h.clause.end]) for h in negatives
    )


def _hit_polarity(question: Question, text: str, hit: Hit) -> str:
    clause = text[hit.clause.start : hit.clause.end]
    sentence = text[hit.sentence.start : hit.sentence.end]
    mode = hit.rule.mode
    if mode == "fixed":
        if hit.rule.denial is not None and hit.rule.denial.search(text[hit.clause.start : hit.start]):
            # "there is no option to turn off abuse monitoring" (unless approved ...)
            return "conditional" if cues.conditional(sentence) else "negative"
        return "conditional" if cues.conditional(sentence) else "positive"
    if mode == "use" and question.use_polarity is not None:
        return question.use_polarity(text, hit)
    # affirm
    intro = _INTRO_PHRASE.match(clause)
    if intro and hit.start < hit.clause.start + intro.end():
        # "With Zero Data Retention, bodies are not persisted": the negation belongs to the main clause.
        clause = intro.group(0)
    circumstance = _CIRCUMSTANCE.match(clause)
    if circumstance and hit.start >= hit.clause.start + circumstance.end():
        # "Where a transfer is not covered by an adequacy decision, the SCCs apply": the negation
        # describes the circumstance, not the commitment made in the main clause.
        clause = clause[circumstance.end() :]
    clause = question.negation_scope(clause)
    if cues.negated(clause):
        return "conditional" if cues.conditional(clause) else "negative"
    return "conditional" if cues.conditional(sentence) else "positive"


_CIRCUMSTANCE = re.compile(r"\s*(?:Where|To\s+the\s+extent(?:\s+that)?)\b[^,;]{1,160},")
_INTRO_PHRASE = re.compile(r"\s*(?:With|Through|Using|Via|Under|For|In)\b[^,;]{1,80},")


__all__ = ["Claim", "EXTRACTOR_NAME", "POLARITIES", "extract_claims"]
