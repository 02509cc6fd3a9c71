"""HIPAA BAA: a BAA is available, its scope, or the offering's HIPAA eligibility, which comes through
the BAA (LABELS.md); a vague "we support requirements such as HIPAA" does not count."""

from __future__ import annotations

import re

from trustreg.ingest.cues import negated
from trustreg.ingest.questions import attestation
from trustreg.ingest.questions.base import Facts, Mention, Question, clause_around, rule

_I = re.IGNORECASE

RULES = (
    rule("hipaa.name", "hipaa_baa", r"\bHIPAA\b", anchors=(("hipaa",),)),
    rule("hipaa.baa", "hipaa_baa", r"(?<![A-Za-z])BAAs?(?![a-z])", flags=0, anchors=(("baa", "business"),)),
    rule(
        "hipaa.baa",
        "hipaa_baa",
        r"\bBusiness\s+Associate\s+(?:Agreement|Addendum|Amendment)s?\b",
        anchors=(("baa", "business"),),
    ),
    rule(
        "hipaa.phi",
        "hipaa_baa",
        r"\bPHI\b|\bprotected\s+health\s+information\b",
        flags=0,
        anchors=(("phi", "health"),),
    ),
)

_HIPAA_CONTRACT = re.compile(
    r"\b(?:BAAs?|Business\s+Associate|eligib\w+|covered\s+services?|not\s+covered|is\s+not\s+covered)\b",
    _I,
)

_HIPAA_DENIED = re.compile(
    r"\bnot\s+HIPAA\b|\bHIPAA\b[^.]{0,40}\b(?:not\s+(?:covered|eligible|in\s+scope)|out\s+of\s+scope)"
    r"|\b(?:may|must)\s+not\b[^.]{0,60}\b(?:PHI|protected\s+health)|\b(?:cannot|can['’]t)\b[^.]{0,40}\bPHI\b",
    _I,
)

_BAA_VIA_DPA = re.compile(
    r"\b(?:BAA|Business\s+Associate\s+(?:Agreement|Addendum))\b[^.]{0,80}?\b(?:included|incorporated|part\s+of)\s+"
    r"(?:through|in|via|into|by|of)\s+(?:the\s+)?(?:\w+\s+){0,4}?(?:DPA|Data\s+Protection\s+Addendum|Product\s+Terms)"
    r"|\b(?:DPA|Data\s+Protection\s+Addendum)\b[^.]{0,80}?\b(?:includes|incorporates)\b[^.]{0,40}?\b(?:BAA|Business\s+Associate)",
    re.IGNORECASE,
)

_ELIGIBILITY = re.compile(
    r"\b(?:for|to)\s+((?:eligible|qualifying|qualified|enterprise|approved|covered)\s+customers)\b", re.I
)

_BAA_WORD = re.compile(r"(?<![A-Za-z])BAAs?(?![a-z])|Business\s+Associate\s+(?:Agreement|Addendum|Amendment)")

_BAA_REFUSED = re.compile(
    r"\b(?:do(?:es)?\s*n['’]?o?t|never|cannot|can['’]t|won['’]t|will\s+not|unable\s+to)\s+(?:currently\s+)?"
    r"(?:sign|offer|provide|enter\s+into|support|have|hold)\b[^.]{0,40}?(?:BAA|Business\s+Associate|HIPAA)",
    re.IGNORECASE,
)


def hipaa_facts(text: str) -> Facts:
    facts: Facts = {}
    if _BAA_VIA_DPA.search(text):
        facts["baa_via_dpa"] = True
    if _BAA_REFUSED.search(text):
        facts["baa_available"] = False
    elif baa := _BAA_WORD.search(text):
        clause = clause_around(text, baa.start())
        if not negated(clause):
            facts["baa_available"] = True
        elif re.search(r"\bnot\s+(?:be\s+)?(?:available|offered|provided|signed)\b", clause, re.I):
            facts["baa_available"] = False
    eligibility = _ELIGIBILITY.search(text)
    if eligibility:
        facts["eligibility"] = eligibility.group(1).lower()
    return facts


def _claims(m: Mention) -> bool:
    sentence = m.sentence.strip()
    if m.rule in ("hipaa.name", "hipaa.phi") and not (
        _HIPAA_CONTRACT.search(sentence) or _HIPAA_DENIED.search(sentence)
    ):
        return False  # "we support requirements such as HIPAA", "PHI prompts"
    return attestation.named_claims("hipaa_baa", m)


QUESTION = Question(
    "hipaa_baa",
    RULES,
    hipaa_facts,
    claims=_claims,
    polarity=attestation.contract_polarity,
    badge=True,
)
