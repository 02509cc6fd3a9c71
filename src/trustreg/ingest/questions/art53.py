"""The AI Act Art. 53(1)(d) public summary of training content: published or not (LABELS.md); the
obligation itself described is no claim."""

from __future__ import annotations

import re

from trustreg.ingest.cues import negated
from trustreg.ingest.questions.base import Facts, Question, rule, sentence_around, with_anchors

_I = re.IGNORECASE

RULES = with_anchors(
    (
        rule("art53.article", "art53_summary", r"\bArt(?:icle|\.)?\s*53\b"),
        rule(
            "art53.summary",
            "art53_summary",
            r"\b(?:training[- ](?:data|content)|content\s+used\s+for\s+training)\s+summar(?:y|ies)\b"
            r"|\bsummar(?:y|ies)\s+(?:\w+\s+){0,3}?(?:of|about|on)\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:training\s+(?:data|content)"
            r"|(?:content|data)\s+used\s+(?:for|to|in)\s+(?:the\s+)?train\w*)",
        ),
    ),
    {
        "art53.article": (("53",),),
        "art53.summary": (("summar",),),
    },
)

# "publishes", "has published", "we publish": a statement; "requires providers to publish" is not.
_PUBLISHED = re.compile(
    r"\bpublish(?:es|ed)\b|\b(?:we|they)\s+(?:also\s+|now\s+|\w+ly\s+)?publish\b|\bmade\s+(?:publicly\s+)?available\b|\breleased\b|\bis\s+(?:publicly\s+)?available\b"
    r"|\bcan\s+be\s+found\b|\b(?:this|the\s+following)\s+(?:page|document|section)\s+(?:provides|contains|sets\s+out|is)\b"
    r"|\bis\s+(?:now\s+)?online\b",
    re.I,
)


_NOT_PUBLISHED = re.compile(
    r"\b(?:yet\s+to|not\s+yet|ha(?:s|ve)\s+not|ha(?:s|ve)n['’]t|did\s+not|didn['’]t|never)\s+(?:\w+\s+)?publish",
    re.I,
)


def art53_facts(text: str) -> Facts:
    if _NOT_PUBLISHED.search(text):
        return {"summary_published": False}
    if re.search(r"\bwill\s+(?:be\s+)?publish|\bintends?\s+to|\bplans?\s+to", text, re.I):
        return {}
    match = _PUBLISHED.search(text)
    if match:
        return {"summary_published": not negated(sentence_around(text, match.start()))}
    return {}


_ART53_VENDOR = re.compile(
    r"\b(?:we|our|has|have|had)\b[^.]{0,60}\bpublish\w*|\bpublish(?:ed|es)\s+(?:its|their|our)\b"
    r"|(?-i:\b[A-Z][\w-]+)\s+(?:has\s+|have\s+)?(?:not\s+)?(?:yet\s+)?publish(?:es|ed)\b"
    r"|\b(?:is|are)\s+(?:online|available)\b|\bprovides\s+the\s+public\s+summary\b|\bhasn['’]t\s+published\b"
    r"|\bwill\s+be\s+published\b|\bsummary\s+follows\b|\bfollowing\s+the\b"
    r"|\b(?:not|never|yet\s+to)\b[^.]{0,40}\bpublish\w*",
    _I,
)

_ART53_LAW = re.compile(
    r"\b(?:Commission|AI\s+Office|template|obligat\w+|imposes|requires?|required|must|Article\s+52"
    r"|industry\s+is\s+yet|appl(?:y|ies)\s+(?:from|to|since)|in\s+force|enters?\s+into|deadline)\b",
    _I,
)


def _art53_is_law(text: str) -> bool:
    if re.search(
        r"\bbuyers?\b|\bask\s+\w+\s+suppliers\b|\bhandful\b|(?:Commission|AI\s+Office)['’]?s?\s+(?:\w+\s+){0,2}?published"
        r"|\bpublished\s+(?:its|the|a)\s+template\b|\bpublished\s+that\s+template\b",
        text,
        _I,
    ):
        return True
    return bool(_ART53_LAW.search(text) and not _ART53_VENDOR.search(text))


def _passage_claims(text: str) -> bool:
    return not _art53_is_law(text)


QUESTION = Question("art53_summary", RULES, art53_facts, passage_claims=_passage_claims)
