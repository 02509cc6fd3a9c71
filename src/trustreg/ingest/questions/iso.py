"""ISO/IEC 27001 and 42001: holding (or not holding) the certification, including "the ISO 27001
series" (LABELS.md); a generic "ISO certified" or what the standard is does not count."""

from __future__ import annotations

import re
from collections.abc import Callable

from trustreg.ingest.questions import attestation
from trustreg.ingest.questions.base import Facts, Mention, Question, rule

# "ISO/IEC 27001, 27017, 27018, and 42001": a standard named later in a list of numbers.
_ISO_LIST = r"(?:\d{5}(?::\d{4})?\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|/\s*))*"
_VERSION = r"(?::\s?(?P<year>(?:19|20)\d{2}))?"

RULES_27001 = (
    rule(
        "iso27001.name", "iso_27001", rf"ISO(?:/IEC)?[\s\-]*{_ISO_LIST}27001(?!\d)", anchors=(("27001",),)
    ),
)
RULES_42001 = (
    rule(
        "iso42001.name", "iso_42001", rf"ISO(?:/IEC)?[\s\-]*{_ISO_LIST}42001(?!\d)", anchors=(("42001",),)
    ),
    rule(
        "iso42001.aims",
        "iso_42001",
        r"\bcertif\w+[^.;]{0,60}\bAI\s+management\s+system|\bAI\s+management\s+system\s*(?:\(AIMS\)\s*)?(?:\w+\s+){0,3}?certif\w+",
        anchors=(("management",),),
    ),
)


def _iso_version(number: str) -> Callable[[str], Facts]:
    pattern = re.compile(rf"ISO(?:/IEC)?[\s\-]*{number}{_VERSION}")

    def parse(text: str) -> Facts:
        match = pattern.search(text)
        if match and match.group("year"):
            return {f"iso_{number}_version": f"ISO/IEC {number}:{match.group('year')}"}
        return {}

    return parse


def _facts(number: str) -> Callable[[str], Facts]:
    version = _iso_version(number)

    def parse(text: str) -> Facts:
        return {**version(text), **attestation.attestation_facts(text)}

    return parse


def _claims(dimension: str) -> Callable[[Mention], bool]:
    def claims(m: Mention) -> bool:
        return attestation.named_claims(dimension, m)

    return claims


ISO_27001 = Question(
    "iso_27001",
    RULES_27001,
    _facts("27001"),
    claims=_claims("iso_27001"),
    polarity=attestation.certification_polarity,
    badge=True,
)
ISO_42001 = Question(
    "iso_42001",
    RULES_42001,
    _facts("42001"),
    claims=_claims("iso_42001"),
    polarity=attestation.certification_polarity,
    badge=True,
)
