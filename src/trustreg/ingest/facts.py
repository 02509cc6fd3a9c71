"""Typed facts stated explicitly in a passage, per dimension.

Only what the words say: a number of days next to a retention verb, a deployment type named as
such, a standard with its year. Keys follow the labelled data (``retention_days``,
``zdr_available``, ``deployment_types``, ``iso_42001_version``, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from trustreg.ingest.cues import negated
from trustreg.ingest.numbers import find_durations
from trustreg.ingest.rules import DEVELOPERS, REGION_ALT, REGIONS, RULES

Facts = dict[str, Any]

_NOT_RETENTION = re.compile(
    r"\b(?:notice|invoice|payable|payment|terminat\w+\s+(?:this|the)\s+agreement|for\s+convenience|trial|refund"
    r"|respond|response\s+time|notify|notification|in\s+advance)\b",
    re.IGNORECASE,
)
_RETENTION_VERB = re.compile(
    r"\b(?:retain\w*|retention|stor(?:e|es|ed|ing)|kept|keeps?|log(?:s|ged)?|delet\w*|purg\w*|cach(?:e|es|ed|ing)"
    r"|held|persist\w*|eras\w*|sav(?:e|es|ed))\b",
    re.IGNORECASE,
)
# A period for records about the account rather than its content ("365 days (metrics)", "trust and safety
# classification scores for up to 7 years", "engagement data is kept for two years").
_RECORD_PERIOD = re.compile(
    r"\b(?:metrics|scores|engagement\s+data|metadata|telemetry|metering|audit\s+logs?|billing)\b",
    re.IGNORECASE,
)
_ZDR = re.compile(
    r"\bzero[- ]?(?:data[- ]?)?retention\b|\bZDR\b|abuse\s+monitoring\s+off"
    r"|modif\w*\s+(?:the\s+)?[^.;]{0,40}?"
    r"(?:abuse\s+monitoring|content\s+(?:management|logging))|\bmodified\s+abuse\s+monitoring\b"
    r"|turn\w*\s+off\s+[^.;]{0,30}?(?:logging|storage|abuse\s+monitoring)|disabl\w+\s+(?:the\s+)?(?:caching|logging)"
    r"|(?:caching|logging|storage|data\s+collection)\b[^.;]{0,40}?\bcan\s+be\s+(?:disabled|turned\s+off|switched\s+off)"
    r"|opt\w*\s+out\s+of\s+(?:\w+\s+)?(?:data\s+|prompt\s+)?(?:logging|retention|storage)"
    r"|\bdisable\s+storage\b|\bstore\s*(?:to|=|:)\s*false\b"
    r"|\bexception\s+(?:from|to)\s+abuse\s+monitoring|\babuse\s+monitoring\s+exception"
    r"|\b(?:approved\s+for|granted|been\s+given)\s+an?\s+(?:\w+\s+){0,3}?exception"
    # "may request that OpenAI not retain inputs": zero retention described, not named.
    r"|\brequest\w*\s+that\s+(?:\w+\s+){0,2}?(?:not|never)\s+(?:retain|store|log|keep)\b",
    re.IGNORECASE,
)
_APPROVAL = re.compile(
    r"\bapprov\w*|\beligib\w*|\bapply\b(?!\s+to\b)|\bapplication\s+(?:form|process)|\brequest\w*|\bLimited\s+Access\b"
    r"|\b(?:contact\w*|reach\s+out\s+to|speak\s+(?:with|to)|talk\s+to|ask)\s+(?:our\s+|your\s+)?(?:sales|account|support)"
    r"|\baccount\s+(?:team|representative|manager|executive)|\bexception\b|\bamendment\b|\baddendum\b"
    r"|\b(?:ZDR|retention)\s+(?:agreement|arrangement)s?\b|\bqualifying\b|\bdiscretion\b",
    re.IGNORECASE,
)
_MODIFIED_MONITORING = re.compile(
    r"\bmodif\w*\s+(?:the\s+)?[^.;]{0,40}?(?:abuse\s+monitoring|content\s+(?:management|logging))",
    re.IGNORECASE,
)
_STATELESS = re.compile(
    r"\bstateless\b|\bretains?\s+nothing\b|\b(?:do(?:es)?\s*n['’]?o?t|never)\s+(?:store|log|retain|persist)\w*\b"
    r"|\bno\s+\w+\s+(?:(?:or|and)\s+\w+\s+)?(?:are|is)\s+(?:stored|retained)\b"
    r"|\b(?:prompts?|completions?|data|content|inputs?|outputs?|bodies|payloads|records)\s+(?:(?:and|or|to|from|of)\s+\w+\s+)?"
    r"(?:are|is)\s+(?:not|never)\s+"
    r"(?:stored|retained|logged|persisted)\b(?!\s+for\s+abuse)",
    re.IGNORECASE,
)
_DEPLOYMENT_TYPES = (
    ("Regional", r"\bRegional\b"),
    ("Data Zone", r"\bData\s?Zone\b"),
    ("Global", r"\bGlobal\b|\bglobal\s+(?:deployments?|endpoints?)"),
    ("Standard", r"\bStandard\b(?=\s+deployments?)"),
    ("Provisioned", r"\bProvisioned\b"),
    ("Cross-Region", r"(?i:\bcross-?region\b)"),
    ("Multi-region", r"(?i:\bmulti-?regions?\b)"),
)
_DEPLOYMENT_WORD = re.compile(r"\bdeploy\w*|\bendpoints?\b|\binference\b", re.IGNORECASE)
_REGION_SELECT = next(rule.pattern for rule in RULES if rule.name == "residency.select_region")
_REVIEWERS_EEA = re.compile(
    r"\b(?:reviewers?|employees|personnel|staff|engineers?|operators?)\b[^.]{0,100}?\blocated\s+in\s+the\s+"
    r"(?:EEA|European\s+Economic\s+Area|EU|European\s+Union)\b",
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"\b(?:stor\w+|process\w*|hosted|hosts?|hosting|housed|deployed|served|runs?|kept|stays?|remains?|resides?|confined"
    r"|pinned|at\s+rest|data\s+residency"
    r"|located|available)\b"
    r"[^.;]{0,60}?\b(?:in|within|inside)\b",
    re.IGNORECASE,
)


# "EU data residency", "US multi-region", "EU Regions", "European data centers".
_REGION_BEFORE_NOUN = re.compile(
    rf"(?<![\w-])((?:{REGION_ALT}|European))(?![\w-])\s+(?:\([^)]{{1,30}}\)\s+)?(?i:data\s+(?:residency|boundary|cent(?:er|re)s?)|(?:multi-?)?regions?"
    rf"|hosting|endpoints?)\b"
)


# "Data residency: US only", "Hosting location - EU": a table row naming the place.
_PLACE_LABEL = re.compile(r"\b(?:data\s+)?(?:residency|location|region|hosting)\s*[:–—]", re.IGNORECASE)


def _region_names(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for name, pattern in REGIONS.items():
        match = re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", text)
        if match and not (name == "Europe" and re.search(r"European", text[match.start() : match.end() + 4])):
            found.append((match.start(), name))
    return [name for _, name in sorted(found)]


def retention_facts(text: str) -> Facts:
    facts: Facts = {}
    durations = []
    for duration in find_durations(text):
        window = text[max(0, duration.start - 120) : duration.end + 60]
        if _RETENTION_VERB.search(window) and not _NOT_RETENTION.search(window):
            durations.append(duration)
    content = [d for d in durations if not _RECORD_PERIOD.search(_period_of(text, d.start, d.end))]
    durations = content or durations
    if durations:
        longest = max(durations, key=lambda d: d.days_high)
        if longest.unit == "hour":
            facts["retention_hours"] = round(longest.high)
        else:
            facts["retention_days"] = longest.days_high
            if longest.is_range:
                facts["retention_days_min"] = longest.days_low
    zdr = _ZDR.search(text)
    if zdr:
        sentence = _sentence_around(text, zdr.start())
        facts["zdr_available"] = not (
            negated(sentence)
            and re.search(
                r"\bnot\s+(?:available|offered|supported|eligible)|\bn['’]t\s+(?:offer|support)",
                sentence,
                re.I,
            )
        )
        if facts["zdr_available"] and _APPROVAL.search(text):
            facts["zdr_requires_approval"] = True
    if _MODIFIED_MONITORING.search(text):
        facts["zdr_equivalent"] = "modified abuse monitoring"
    if _STATELESS.search(text) and not re.search(r"\bwithout\s+storing\b", text, re.I):
        facts["stateless_inference"] = True
    return facts


def _period_of(text: str, start: int, end: int) -> str:
    """What a duration is about: the words just before it and a bracket just after ("365 days (metrics)")."""
    before = text[max(0, start - 45) : start]
    cut = max(before.rfind(","), before.rfind(" and "), before.rfind(";"))
    return before[cut + 1 :] + text[end : end + 12]


def _clause_around(text: str, position: int) -> str:
    sentence_start = max(text.rfind(". ", 0, position) + 1, 0)
    start = max(text.rfind(";", sentence_start, position) + 1, sentence_start)
    ends = [i for i in (text.find(";", position), text.find(". ", position)) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _sentence_around(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position) + 1, 0)
    end = text.find(". ", position)
    return text[start : end if end >= 0 else len(text)]


def residency_facts(text: str) -> Facts:
    facts: Facts = {}
    if _DEPLOYMENT_WORD.search(text):
        types = []
        for name, pattern in _DEPLOYMENT_TYPES:
            match = re.search(pattern, text)
            if match:
                types.append((match.start(), name))
        if types:
            facts["deployment_types"] = [name for _, name in sorted(types)]
    if _REGION_SELECT.search(text):
        facts["region_selectable"] = True
    reviewers = _REVIEWERS_EEA.search(text)
    if reviewers:
        facts["reviewers_located_in_eea"] = True
    place = _PLACE.search(text) or _PLACE_LABEL.search(text)
    if place and not reviewers:
        regions = _region_names(text[place.start() :])
        if regions:
            facts["regions"] = regions
    if "regions" not in facts and not reviewers:
        named = " ".join(match.group(1) for match in _REGION_BEFORE_NOUN.finditer(text)).replace(
            "European", "Europe"
        )
        if named:
            facts["regions"] = _region_names(named)
    return facts


_DEVELOPER_ACCESS = next(rule.pattern for rule in RULES if rule.name == "training.developer_access")
_TRAIN_VERB = re.compile(
    r"\b(?:train(?:s|ed|ing)?|fine-?tune[sd]?|fine-?tuning(?!\s+(?:data|files?|jobs?|datasets?))|retrain\w*"
    r"|no[- ]training)\b",
    re.IGNORECASE,
)
_IMPROVE_DEV_MODELS = re.compile(
    rf"\bimprov\w+\s+(?:\w+\s+){{0,3}}?(?:{DEVELOPERS})\s+models?\b"
    rf"|(?:{DEVELOPERS})[^.;]{{0,40}}?\bto\s+improv\w+\s+(?:their|its)\s+(?:own\s+)?models?\b",
    re.IGNORECASE,
)
_IMPROVE_ANY = re.compile(r"\b(?:improv\w+|develop\w*|enhanc\w+)\b", re.IGNORECASE)
OPT_IN = re.compile(
    r"\bopt(?:s|ed|ing)?[- ]?in\b|\bexplicitly\s+(?:agree|opt|consent|choose|report|share)\w*"
    r"|\bunless\s+(?:you|customer)|\b(?:choose|chooses|elect|elects|decide)\s+to\s+(?:allow|let|share|opt)"
    r"|\b(?:choose|chooses|decide|decides)\s+whether\b|\bonly\s+if\s+(?:you|the\s+customer|customers?|users?)\b"
    r"|\bif\s+you\s+(?:allow|agree|consent|choose|enable|participate|opt)\w*"
    r"|\bwith\s+(?:your|the\s+customer['’]s)\s+(?:explicit\s+|express\s+|prior\s+|written\s+)?consent\b",
    re.IGNORECASE,
)
# "used unless you opt out / turn it off": training is the default.
OPT_OUT = re.compile(
    r"\bopt(?:s|ed|ing)?[- ]?out\b"
    r"|\bunless\s+(?:you|they|the\s+user|users|customers?)\s+(?:turn|switch|disable|opt)"
    r"|\b(?:can|may)\s+(?:turn|switch)\s+(?:this|it|that)\s+off\b"
    r"|\b(?:can|may)\s+(?:disable|turn\s+off|switch\s+off|opt\s+out\s+of)\s+(?:this|it|that)\b"
    r"|\b(?:disable|turn\s+off|switch\s+off)\s+(?:the\s+)?(?:use\s+of\s+(?:\w+\s+){0,3}?(?:for|in)\s+(?:model\s+)?training"
    r"|(?:model\s+)?training|model\s+improvement|(?:this|the|that)\s+setting)\b"
    r"|\bobject\s+to\s+(?:this|such)\s+(?:use|processing)\b",
    re.IGNORECASE,
)
_EXCEPTION = re.compile(
    r"\bwithout\s+(?:your|the\s+customer['’]s|customer['’]s)\s+((?:(?:explicit|express|prior|written)\s+)*"
    r"(?:consent|permission|instruction|authori[sz]ation)(?:\s+(?:or|and)\s+(?:instruction|permission|consent))?)",
    re.IGNORECASE,
)


def training_facts(text: str) -> Facts:
    facts: Facts = {}
    access = _DEVELOPER_ACCESS.search(text)
    if access and negated(_sentence_around(text, access.start())):
        facts["not_available_to_developer"] = True
    opt_in = OPT_IN.search(text)
    train = _TRAIN_VERB.search(text)
    if train and not opt_in and not OPT_OUT.search(text):
        sentence = _sentence_around(text, train.start())
        if negated(sentence) or re.search(r"\bno[- ]training\b", sentence, re.I):
            facts["no_training"] = True
    elif not train and _IMPROVE_DEV_MODELS.search(text) and negated(text):
        facts["not_used_to_improve_developer_models"] = True
    if opt_in and (train or _IMPROVE_ANY.search(text)):
        facts["opt_in_required"] = True
    if OPT_OUT.search(text):
        facts["opt_out_available"] = True
    exception = _EXCEPTION.search(text)
    if exception:
        facts["exception"] = " ".join(exception.group(1).lower().split())
    return facts


_VERSION = r"(?::\s?(?P<year>(?:19|20)\d{2}))?"


def _iso_version(number: str) -> Callable[[str], Facts]:
    pattern = re.compile(rf"ISO(?:/IEC)?[\s\-]*{number}{_VERSION}")

    def parse(text: str) -> Facts:
        match = pattern.search(text)
        if match and match.group("year"):
            return {f"iso_{number}_version": f"ISO/IEC {number}:{match.group('year')}"}
        return {}

    return parse


_NDA = re.compile(
    r"\bunder\s+(?:an?\s+)?(?:NDA|non-disclosure)|\bNDA\b|\bnon-?disclosure\s+agreement|\bconfidentiality\s+agreement",
    re.IGNORECASE,
)
_ON_REQUEST = re.compile(
    r"\b(?:up)?on\s+request\b|\brequest\s+(?:them|it|a\s+copy|access)\b|\bneed\s+to\s+request\b"
    r"|\bcan\s+be\s+requested\b|\brequest\s+(?:the|our|a|your)\s+(?:\w+\s+){0,3}?(?:reports?|certificates?|copy)\b"
    r"|\bavailable\s+(?:up)?on\s+request\b",
    re.I,
)


def attestation_facts(text: str) -> Facts:
    facts: Facts = {}
    if _NDA.search(text):
        facts["requires_nda"] = True
    if _ON_REQUEST.search(text):
        facts["available_on_request"] = True
    return facts


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
        clause = _clause_around(text, baa.start())
        if not negated(clause):
            facts["baa_available"] = True
        elif re.search(r"\bnot\s+(?:be\s+)?(?:available|offered|provided|signed)\b", clause, re.I):
            facts["baa_available"] = False
    eligibility = _ELIGIBILITY.search(text)
    if eligibility:
        facts["eligibility"] = eligibility.group(1).lower()
    return facts


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
    facts: Facts = attestation_facts(text)
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


_PARTIAL_SIGNATORY = re.compile(
    r"\bonly\s+(?:signed\s+)?(?:the\s+)?[\w\s&]{0,40}?chapter|\bpartial(?:ly)?\b|\bsigned\s+only\b"
    r"|\bchapters?\b[^.;]{0,60}?\bonly\b|\bsign\w*\s+(?:only\s+)?(?:part|parts|one\s+chapter|a\s+single\s+chapter)\s+of\b",
    re.I,
)
_NOT_SIGNED = re.compile(
    r"\b(?:declin\w+|refus\w+|won['’]t|will\s+not|would\s+not|did\s+not|has\s+not|have\s+not|not\s+(?:a\s+)?signator\w*"
    r"|not\s+to|no\s+plans?\s+to)\s+(?:to\s+)?(?:sign|signed|signing)?",
    re.IGNORECASE,
)
_SIGNED = re.compile(
    r"\bsign(?:ed|s|ing)?\b|\bsignator(?:y|ies)\b|\bjoin(?:ed|s)?\b|\badher\w+", re.IGNORECASE
)


def gpai_facts(text: str) -> Facts:
    if _PARTIAL_SIGNATORY.search(text):
        return {"signatory_status": "partial"}
    if _NOT_SIGNED.search(text):
        return {"signatory_status": "not_signed"}
    if re.search(r"\bintends?\s+to|\bplans?\s+to|\bexpects?\s+to", text, re.I):
        return {}
    if _SIGNED.search(text):
        return {"signatory_status": "full"}
    return {}


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
        return {"summary_published": not negated(_sentence_around(text, match.start()))}
    return {}


FACT_PARSERS: dict[str, Callable[[str], Facts]] = {
    "retention_zdr": retention_facts,
    "data_residency": residency_facts,
    "training_on_customer_data": training_facts,
    "iso_27001": lambda text: {**_iso_version("27001")(text), **attestation_facts(text)},
    "iso_42001": lambda text: {**_iso_version("42001")(text), **attestation_facts(text)},
    "soc2_type2": attestation_facts,
    "trust_center": lambda text: {},
    "hipaa_baa": hipaa_facts,
    "gdpr_dpa": gdpr_facts,
    "gpai_cop": gpai_facts,
    "art53_summary": art53_facts,
}
