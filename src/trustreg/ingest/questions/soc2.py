"""SOC 2: a SOC 2 report or attestation is held, available, or not (LABELS.md)."""

from __future__ import annotations

import re

from trustreg.ingest.questions import attestation
from trustreg.ingest.questions.base import Mention, Question, rule, with_anchors


def _reports_in_a_portal(text: str, match: re.Match[str]) -> bool:
    """ "audit reports" mean SOC reports when a trust portal offers them."""
    if not match.group(0).lower().startswith(("audit", "attestation")):
        return True
    return bool(
        re.search(
            r"\btrust\s*(?:center|centre|portal)|compliance\s+(?:reports|(?:resource\s+)?cent(?:er|re))|Artifact"
            r"|(?:security|compliance)\s+portal",
            text,
            re.IGNORECASE,
        )
    )


RULES = with_anchors(
    (
        rule(
            "soc2.name",
            "soc2_type2",
            # lower case only as a word of its own ("not presently soc 2 certified"), never glued to a badge
            # (nor inside a path: "docs/soc2/")
            r"(?:SOC\s*-?\s*(?:1\s*(?:,|and|&|/)\s*(?:SOC\s*)?)?2(?![\d])|(?<![A-Za-z/_.])soc\s*-?\s*2(?![\d])(?![/_.]\w))"
            r"(?:\s*(?:Type\s*(?:II|2)|\+))?",
            flags=0,
        ),
        rule("soc2.name", "soc2_type2", r"\bService\s+Organi[sz]ation\s+Control\s+(?:2|II)\b"),
        rule("soc2.reports", "soc2_type2", r"\b(?:SOC|audit|attestation)\s+reports?\b", accept=_reports_in_a_portal),
        # "in scope for ISO, SOC, CSA STAR": SOC named bare in a list of programmes.
        rule(
            "soc2.name",
            "soc2_type2",
            r"\bSOC\b(?=\s*(?:,|and\b|&|compliance\b|audits?\b|attestations?\b))",
            flags=0,
        ),
    ),
    {
        "soc2.name": (("soc", "service organi"),),
        "soc2.reports": (("report",),),
    },
)


def _claims(m: Mention) -> bool:
    return attestation.named_claims("soc2_type2", m)


QUESTION = Question(
    "soc2_type2",
    RULES,
    attestation.attestation_facts,
    claims=_claims,
    polarity=attestation.certification_polarity,
    badge=True,
)
