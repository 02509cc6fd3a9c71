"""The facts a retention passage states: a period (days or hours), zero retention's availability and
approval, a modified-monitoring equivalent, stateless inference."""

from __future__ import annotations

import re

from trustreg.ingest.cues import negated
from trustreg.ingest.numbers import find_durations
from trustreg.ingest.questions.base import Facts, sentence_around

_NOT_RETENTION = re.compile(
    r"\b(?:notice|invoice|payable|payment|terminat\w+\s+(?:this|the)\s+agreement|for\s+convenience|trial|refund"
    r"|respond|response\s+time|notify|notification|in\s+advance)\b",
    re.IGNORECASE,
)

# Verbs that say how long content lasts only beside a period and the content itself ("chat logs are
# removed after 30 days", "queries live on our servers for two weeks", "recordings are destroyed within
# 48 hours"); alone they name other things (a removed feature, a session that expires).
LASTING_VERB = (
    r"(?:remov(?:e|es|ed|al)|wip(?:e|es|ed)|expir\w*|destroy\w*|discard\w*|dispos\w*|preserv\w*|gone|disappear\w*|clear(?:s|ed)"
    r"|(?:remain|stay)s?\s+(?:available|accessible)"
    r"|(?:remain|live|stay|sit)s?\s+(?:\w+\s+){0,3}?(?:on|in)\s+(?:our|the|its|their)\s+(?:servers?|systems?|storage"
    r"|infrastructure|databases?|backend|cloud))"
)

_RETENTION_VERB = re.compile(
    r"\b(?:retain\w*|retention|stor(?:e|es|ed|ing)|kept|keeps?|log(?:s|ged)?|delet\w*|purg\w*|cach(?:e|es|ed|ing)"
    rf"|held|hold(?:s|ing)?|persist\w*|eras\w*|sav(?:e|es|ed)|{LASTING_VERB}|default)\b",
    re.IGNORECASE,
)

# A period for records about the account rather than its content ("365 days (metrics)", "trust and safety
# classification scores for up to 7 years", "engagement data is kept for two years").
_RECORD_PERIOD = re.compile(
    r"\b(?:metrics|scores|engagement\s+data|metadata|telemetry|metering|audit\s+logs?|billing|accounting|bookkeeping|invoices?)\b",
    re.IGNORECASE,
)

_FLAGGED = re.compile(r"\b(?:flagged|reported|violat\w+|feedback)\b", re.IGNORECASE)
_CUSTOMER_SETS = re.compile(
    r"\b(?:lets?\s+you|you\s+can|can\s+be)\s+(?:\w+\s+)?(?:set|choose|pick|select|configure|change|adjust)\w*\b[^.;]*$", re.IGNORECASE
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


def retention_facts(text: str) -> Facts:
    facts: Facts = {}
    durations = []
    for duration in find_durations(text):
        window = text[max(0, duration.start - 120) : duration.end + 60]
        if _RETENTION_VERB.search(window) and not _NOT_RETENTION.search(window):
            durations.append(duration)
    content = [d for d in durations if not _RECORD_PERIOD.search(_period_of(text, d.start, d.end))]
    durations = content or durations
    # "deleted within a month ... Inputs flagged for violations could be held for two years": the period of
    # content flagged or reported is an exception to the period stated in another sentence.
    usual = [d for d in durations if not _FLAGGED.search(sentence_around(text, d.start))]
    durations = usual or durations
    # "the default is 90 days, but you can set anything up to one year": a period the customer sets gives
    # no fact (docs/labels.md, "Periods"); the default stays.
    stated = [d for d in durations if not _CUSTOMER_SETS.search(text[max(0, d.start - 120) : d.start])]
    durations = stated if stated and len(stated) < len(durations) else durations
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
        sentence = sentence_around(text, zdr.start())
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

