"""GDPR DPA: a DPA or data-processing terms, SCCs, a subprocessor list (LABELS.md); "GDPR compliant"
or "privacy by design" with none of those is no claim."""

from __future__ import annotations

import re

from trustreg.ingest import cues
from trustreg.ingest.questions import attestation
from trustreg.ingest.questions.base import (
    DEFINITION,
    LIMITED_SCOPE,
    Facts,
    Mention,
    Question,
    rule,
    with_anchors,
)

_I = re.IGNORECASE

RULES = with_anchors(
    (
        rule(
            "gdpr.name",
            "gdpr_dpa",
            r"\bGDPR\b|\bGeneral\s+Data\s+Protection\s+Regulation\b",
        ),
        rule("gdpr.dpa", "gdpr_dpa", r"\bDPAs?\b", flags=0),
        rule(
            "gdpr.dpa",
            "gdpr_dpa",
            r"\b(?:Data[\s-]+(?:Processing|Protection)|Processor)\s+(?:Addend(?:um|a)|Agreements?|Terms|Exhibit)\b",
        ),
        rule(
            "gdpr.scc",
            "gdpr_dpa",
            r"\bStandard\s+Contractual\s+Clauses\b|\bSCCs?\b|\b(?:EU\s+)?Model\s+Clauses\b|\bData\s+Privacy\s+Framework\b",
        ),
        rule("gdpr.scc", "gdpr_dpa", r"(?<![\w-])DPF(?![\w-])", flags=0),
        rule("gdpr.subprocessors", "gdpr_dpa", r"\bsub-?processors?\b"),
        rule(
            "gdpr.role",
            "gdpr_dpa",
            r"\b(?:as|acts?\s+as|role\s+as|is)\s+(?:a|the)?\s*(?:data\s+)?(?:processor|controller)\b",
        ),
    ),
    {
        "gdpr.name": (("gdpr", "general"),),
        "gdpr.dpa": (("dpa", "data", "processor"),),
        "gdpr.scc": (("standard", "scc", "model", "framework", "dpf"),),
        "gdpr.subprocessors": (("processor",),),
        "gdpr.role": (("processor", "controller"),),
    },
)

_DPA = r"(?:DPAs?|Data\s+Protection\s+Addendum|Data\s+Processing\s+(?:Addendum|Agreement))"

_PREVIEW_EXCLUDED = re.compile(
    r"\bpreview\s+(?P<what>services?|features?|models?|offerings?)\b[^.]{0,120}?"
    r"\b(?:excluded|not\s+(?:be\s+)?covered|separate\s+terms|exclusion)",
    re.IGNORECASE,
)

_DPA_EXCLUDES_SERVICE = re.compile(
    rf"\bexclusion\s+clause\b[^.]{{0,80}}?{_DPA}[^.]{{0,30}}?\bapplies\b"
    rf"|\b(?:is|are)\s+(?:not|n['’]t)\s+covered\s+(?:under|by)\s+[^.]{{0,60}}?{_DPA}"
    rf"|\bexcluded\s+from\s+[^.]{{0,60}}?{_DPA}",
    re.IGNORECASE,
)

_DPA_COVERS_SERVICE = re.compile(
    rf"\b(?:is|are)\s+(?:now\s+)?(?:covered|included)\s+(?:under|by|in)\s+[^.]{{0,60}}?{_DPA}"
    rf"|\b{_DPA}\b[^.]{{0,40}}?\b(?:applies|apply)\s+(?:automatically\s+)?to\s+(?:all\s+)?(?:customers|the\s+service"
    rf"|(?-i:[A-Z][\w-]+))"
    rf"|\b{_DPA}\b[^.]{{0,40}}?\bis\s+incorporated\s+into\b",
    re.IGNORECASE,
)

_GA = re.compile(r"\bgenerally\s+available\b|\bis\s+now\s+(?:a\s+)?GA\b|\(GA\)", re.IGNORECASE)

_SCC = re.compile(r"\bStandard\s+Contractual\s+Clauses\b|\bSCCs?\b|\bModel\s+Clauses\b", re.IGNORECASE)

_SUBPROCESSOR_LIST = re.compile(
    r"\b(?:list|lists)\s+of\s+(?:its\s+|our\s+|their\s+)?sub-?processors\b|\bsub-?processors?\s+list\b", re.I
)

_ROLE = re.compile(
    r"\b(?:as|acts?\s+as|role\s+as|is)\s+(?:a|the)?\s*(?:data\s+)?(processor|controller|sub-?processor)\b",
    re.I,
)


def gdpr_facts(text: str) -> Facts:
    facts: Facts = attestation.attestation_facts(text)
    preview = _PREVIEW_EXCLUDED.search(text)
    if preview:
        key = (
            "preview_features_excluded"
            if preview.group("what").lower().startswith("feature")
            else "preview_excluded"
        )
        facts[key] = True
    if _DPA_EXCLUDES_SERVICE.search(text) and not preview:
        facts["dpa_covers_service"] = False
    elif _DPA_COVERS_SERVICE.search(text):
        facts["dpa_covers_service"] = True
    if _GA.search(text):
        facts["ga"] = True
    if _SCC.search(text):
        facts["scc"] = True
    if _SUBPROCESSOR_LIST.search(text):
        facts["subprocessor_list"] = True
    roles = [m.group(1).lower().replace("-", "") for m in _ROLE.finditer(text)]
    if roles:
        # "Customer is the controller and the vendor is the processor": the vendor's role is the one graded.
        facts["role"] = "processor" if "processor" in roles else roles[0]
    return facts


def _claims(m: Mention) -> bool:
    sentence = m.sentence.strip()
    if m.rule == "gdpr.name":
        return False  # "GDPR compliant" with no DPA, SCCs or subprocessor list is no claim
    if m.rule == "gdpr.role" and not re.search(r"processor", m.match, _I):
        return False  # the vendor as a controller (of its own account data) sets out no processing terms
    if m.rule == "gdpr.subprocessors" and re.search(
        r"\b(?:no\s+)?(?:US|EU|EEA|UK|non-EU|non-US)\s+$", sentence[: max(0, sentence.find(m.match))], _I
    ):
        return False  # "No US sub-processors": where processing happens, a residency statement
    if m.rule == "gdpr.subprocessors" and re.search(
        r"\bsub-?processors?\s+(?:operate|are\s+(?:located|based)|(?:is|are)\s+hosted)\b", sentence, _I
    ):
        return False  # "processed anywhere our subprocessors operate": where, not a list or notice
    # "A DPA is a legally binding document", "A sub-processor is a vendor that ..."
    return not (m.rule in ("gdpr.dpa", "gdpr.subprocessors") and DEFINITION.search(sentence))


# "signs SCCs with each provider not covered by an adequacy decision": the negation describes the
# country or provider the clauses are for, not the clauses.
_NO_ADEQUACY = re.compile(
    r"\b(?:(?:is|are|that|which|who)\s+)?not\s+(?:\w+\s+)?(?:covered\s+by|subject\s+to|benefiting\s+from)\s+"
    r"(?:an?\s+|the\s+)?adequacy\s+(?:decisions?|findings?)\b|\bwithout\s+(?:an?\s+)?adequacy\s+decisions?\b",
    _I,
)


def _negation_scope(clause: str) -> str:
    return _NO_ADEQUACY.sub(" ", clause)


def _fact_polarity(facts: Facts) -> str | None:
    if facts.get("dpa_covers_service") is False:
        return "negative"
    if facts.get("preview_excluded") or facts.get("preview_features_excluded"):
        return "conditional"
    return None


# "you must request and sign them", "sign up to receive notice of new subprocessors": how any DPA is entered or
# its notices are delivered, not a limit on who gets it (the settled reading of the third batch).
_HOW_ENTERED = re.compile(
    r"\b(?:you|customers?)?\s*(?:must|need\s+to|have\s+to|can|may)\s+(?:first\s+)?(?:request|sign|execute|accept|countersign)\w*"
    r"(?:\s+(?:and|or)\s+(?:request|sign|execute|accept|countersign)\w*)?\s+(?:it|them|one|the\s+DPA|our\s+DPA|a\s+DPA)\b"
    r"|\b(?:sign(?:ed)?\s+up|subscribe\w*)\s+(?:\w+\s+){0,3}?(?:receive\s+)?(?:\w+\s+){0,3}?notif\w*",
    _I,
)


def _polarity(text: str, polarity: str, mentions: list[Mention] | None = None) -> str:
    read = attestation.contract_polarity(text, polarity, mentions)
    if read == "conditional" and _HOW_ENTERED.search(text):
        rest = _HOW_ENTERED.sub(" ", text)
        if not (cues.conditional(rest) or LIMITED_SCOPE.search(rest)):
            return "positive"
    return read


QUESTION = Question(
    "gdpr_dpa",
    RULES,
    gdpr_facts,
    claims=_claims,
    polarity=_polarity,
    fact_polarity=_fact_polarity,
    negation_scope=_negation_scope,
)
