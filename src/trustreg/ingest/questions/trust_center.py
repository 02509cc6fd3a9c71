"""Trust centre: the vendor has a trust centre or security/trust portal, named or linked (LABELS.md);
a document portal mentioned only as where to fetch a report does not count."""

from __future__ import annotations

from trustreg.ingest.questions import attestation
from trustreg.ingest.questions.base import Facts, Mention, Question, rule

_PORTAL = (("trust", "portal", "hub", "cent", "artifact", "manager"),)

RULES = (
    rule(
        "trust.portal",
        "trust_center",
        r"\b(?:service\s+)?trust\s*(?:center|centre|portal|hub|page|site)\b",
        anchors=_PORTAL,
    ),
    rule(
        "trust.portal",
        "trust_center",
        r"\b(?:security|compliance|privacy)\s+(?:portal|reports?\s+manager|hub|(?:resource\s+)?cent(?:er|re))\b",
        anchors=_PORTAL,
    ),
    rule(
        "trust.portal",
        "trust_center",
        r"\bAWS\s+Artifact\b|\bservicetrust\.microsoft\.com|\btrust\.[a-z0-9-]+\.(?:com|ai|io|org)\b",
        anchors=_PORTAL,
    ),
)


def _no_facts(text: str) -> Facts:
    return {}


def _claims(m: Mention) -> bool:
    return attestation.named_claims("trust_center", m)


QUESTION = Question("trust_center", RULES, _no_facts, claims=_claims)
