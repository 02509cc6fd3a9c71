"""Retention and zero data retention: how long prompts, outputs, logs, caches or feedback are kept;
customer-controlled retention; zero data retention, its availability and scope (LABELS.md).

A definite period is positive *even with* the standard exceptions (the law, a court order); no storage,
or what zero retention does once on, is positive; retention that applies only when content is flagged
or feedback is sent, or only on some plans, is conditional; zero retention not available is negative.
"""

from __future__ import annotations

import re

from trustreg.ingest import cues
from trustreg.ingest.numbers import find_durations
from trustreg.ingest.questions.base import (
    DATA_NOUN,
    LIMITED_SCOPE,
    Facts,
    Hit,
    Mention,
    Question,
    rule,
    with_anchors,
)
from trustreg.ingest.questions.retention_claims import claims
from trustreg.ingest.questions.retention_cues import (
    AS_LONG_AS_NEEDED,
    EVENT,
    NO_WAY_TO_DELETE,
    NOT_A_CONDITION,
    NOT_STORED,
    ON_REQUEST,
    ONCE_ON,
    STANDARD_EXCEPTION,
    UNTIL_DELETED,
    ZDR_DENIED,
    ZDR_WORD,
    by_plan,
)
from trustreg.ingest.questions.retention_facts import LASTING_VERB, retention_facts

_I = re.IGNORECASE

_STORE_VERB = (
    r"(?:retain\w*|stor(?:e|es|ed|ing)|kept|keeps?|held|hold(?:s|ing)?|log(?:s|ged)?|delet\w*|purg\w*|cach(?:e|es|ed|ing)"
    r"|persist\w*|eras\w*|save[sd]?)"
)

_STORING = (
    "held",
    "hold",
    "retain",
    "stor",
    "kept",
    "keep",
    "log",
    "delet",
    "purg",
    "cach",
    "persist",
    "eras",
    "save",
)

_CONTENT_WORD = re.compile(
    rf"\b{DATA_NOUN}\b|\b(?:voice|audio|video|images?|screenshots?|photos?|text|recordings?|documents?)\b", re.IGNORECASE
)

_OWN_POLICY = re.compile(
    r"(?:your|organi[sz]ation['’]s|own|customer['’]s|company['’]s)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)

_NOT_RETENTION_CONTEXT = re.compile(
    r"\b(?:notice|invoice|payable|payment|for\s+convenience|refund|notify|in\s+advance|tax|accounting|billing)\b",
    re.IGNORECASE,
)

_WHERE_NOT_HOW_LONG = re.compile(
    r"[^.;]{0,40}?\b(?:at\s+rest|outside)\b|\s+(?:\w+\s+){0,4}?(?:in|within|inside)\s+(?:(?:the|a|an|your)\s+)?[A-Z]"
)

_OPERATIONAL_RECORD = re.compile(
    r"\b(?:audit\s+logs?|billing|invoices?|payments?|tax|backups?|account\s+(?:information|details|records)"
    r"|API\s+keys?|security\s+(?:events?|logs?)|access\s+logs?|metadata|telemetry|metering|tickets?)\b",
    re.IGNORECASE,
)

_DENIED_OPTION = re.compile(
    r"\b(?:no\s+(?:option|way|setting)|cannot|can['’]t|(?:is|are)\s+not\s+(?:possible|able|allowed|permitted)"
    r"|(?:does|do)\s*(?:n['’]t|\s+not)\s+(?:allow|let|support|offer))\b",
    re.IGNORECASE,
)


def _not_someone_elses_policy(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 40) : match.start()]
    after = text[match.end() : match.end() + 20]
    return not _OWN_POLICY.search(before) and not re.match(r"\s+and\s+governance", after)


def _how_long_not_where(text: str, match: re.Match[str]) -> bool:
    # "store data at rest in the EEA", "does not store data outside the location you select":
    # about where data is kept, not whether or how long.
    if re.search(r"\bwhere\s+(?:\w+\s+){0,2}$", text[max(0, match.start() - 30) : match.start()], re.I):
        return False  # "where we store your data: in the US"
    return not _WHERE_NOT_HOW_LONG.match(text[match.end() : match.end() + 60])


def _content_before(text: str, match: re.Match[str]) -> bool:
    """The content is the subject: named earlier in the match's sentence."""
    span = cues.enclosing(cues.sentences(text), match.start())
    return bool(_CONTENT_WORD.search(text, span.start, match.start()))


def _not_kept_anywhere(text: str, match: re.Match[str]) -> bool:
    """ "inputs are not stored at rest" says no storage; "not stored outside the region" says where."""
    after = text[match.end() : match.end() + 60]
    if re.match(r"\s+at\s+rest\b(?!\s+(?:in|within|inside)\b)", after, _I):
        return True
    return _how_long_not_where(text, match)


def _a_period_of_content(text: str, match: re.Match[str]) -> bool:
    """A storage verb counts only with a duration in its sentence."""
    span = cues.enclosing(cues.sentences(text), match.start())
    if _OPERATIONAL_RECORD.search(text[span.start : match.end()]):
        return False  # "Audit logs are retained for 400 days": records about the account, not its content
    sentence_end = text.find(".", match.end())
    # "After 30 days, the content is deleted": the duration may come before the verb in its sentence.
    window = text[max(span.start, match.start() - 40) : sentence_end if sentence_end >= 0 else len(text)]
    window = window[:200]
    return bool(find_durations(window)) and not _NOT_RETENTION_CONTEXT.search(window)


# A lasting verb (retention_facts.LASTING_VERB) counts with a period and the content itself in its sentence.
_CONTENT = re.compile(rf"\b{DATA_NOUN}\b|\b(?:your|customer)\s+(?:\w+\s+)?data\b", re.IGNORECASE)


def _a_period_of_content_said(text: str, match: re.Match[str]) -> bool:
    span = cues.enclosing(cues.sentences(text), match.start())
    return _a_period_of_content(text, match) and bool(
        _CONTENT.search(text, span.start, span.end) or _CONTENT_WORD.search(text, span.start, span.end)
    )


RULES = with_anchors(
    (
        rule(
            "retention.zdr",
            "retention_zdr",
            r"\bzero[- ]?(?:data[- ]?)?retention\b|\bZDR\b|\bno[- ]data[- ]retention\b",
        ),
        rule(
            "retention.abuse_monitoring_off",
            "retention_zdr",
            r"\b(?:modif\w*|turn\w*\s+off|opt\w*\s+out\s+of|disabl\w*|configure)\s+(?:the\s+)?[^.;]{0,40}?"
            r"(?:abuse\s+monitoring|content\s+(?:management|logging)|(?:prompt|request|input|data|conversation)\s+(?:storage|logging))\b"
            r"|\babuse\s+monitoring\s+off\b|\bmodified\s+abuse\s+monitoring\b",
            "fixed",
            denial=_DENIED_OPTION,
        ),
        rule(
            "retention.stateless",
            "retention_zdr",
            r"\b(?:deleted|discarded|purged|erased)\s+(?:immediately|right\s+(?:after|away)|as\s+soon\s+as)\b"
            r"|\bimmediately\s+(?:deleted|discarded|purged|erased)\b"
        # "nothing you send is written to disk", "processed in memory and discarded"
        r"|\b(?:never|not|nothing\b[^.;]{0,40}?)\s*(?:is\s+|are\s+|gets?\s+|be\s+)?(?:ever\s+)?(?:written|saved|persisted)\s+to\s+"
        r"(?:(?:any|a|the)\s+)?(?:\w+\s+)?(?:disk|storage|databases?|logs?)\b"
        # "processed ephemerally", "a strict no-logging policy", "zero-log"
        r"|\bprocessed\s+(?:only\s+)?(?:ephemerally|transiently)\b|\bno[- ]?log(?:s|ging)?\s+(?:policy|guarantee|mode|commitment)\b"
        r"|\bzero[- ]log\w*|\b(?:never|not|n['’]t)\s+(?:touch|hit|reach)(?:es)?\s+(?:the\s+)?disk\b|\bhold\s+nothing\b"
        # "deleted once the suggestions are generated", "Once a session ends, its transcript is deleted"
        r"|\b(?:deleted|discarded|purged|erased|destroyed|removed|dropped)\s+(?:once|when|after|as\s+soon\s+as)\s+(?:the\s+|a\s+|its\s+|each\s+|your\s+)?"
        r"(?:\w+\s+)?(?:session|request|response|call|answer|suggestions?|completions?|transcription|processing|inference|job)s?\b"
        r"|\b(?:once|when|after|as\s+soon\s+as)\s+(?:the|a|each|your|its)\s+(?:session|request|call|conversation|meeting|response|job)"
        r"\s+(?:ends|has\s+ended|is\s+(?:complete|completed|closed|over|returned|done)|completes|closes|finishes)\b[^.;]{0,60}?"
        r"\b(?:deleted|discarded|purged|erased|destroyed|removed|dropped)\b"
        r"|\bin\s+memory\s+(?:only\s+)?and\s+(?:then\s+)?(?:discarded|deleted|dropped)\b"
        # "we delete prompts immediately after generating a response"
        r"|\b(?:delete|deletes|discard|discards|purge|purges|erase|erases)\s+(?:\w+\s+){1,3}?(?:immediately|right\s+(?:after|away)|as\s+soon\s+as)\b|"
            rf"\bstateless\b|\bretains?\s+nothing\b|\bnothing\s+(?:\w+\s+){{0,4}}?(?:is|gets)\s+(?:persisted|stored|retained|logged|kept)\b|\bno\s+(?:\w+\s+){{0,3}}?{DATA_NOUN}\s+(?:(?:or|and)\s+(?:\w+\s+)?{DATA_NOUN}\s+)?(?:are|is)\s+"
            r"(?:stored|retained|logged|kept)"
            rf"|\b(?:do(?:es)?\s*n['’]?o?t|never|won['’]t|will\s+not)\s+(?:store|log|retain|persist|keep|save|hold\s+on\s*to|hang\s+on\s*to)\w*\b"
            rf"|\b{DATA_NOUN}\s+(?:(?:and|or|to|from|of)\s+\w+\s+)?(?:are|is)\s+(?:not|never)\s+(?:ever\s+)?"
            rf"(?:stored|retained|logged|persisted|kept|saved)\b"
            # "we keep no logs of your queries", "retains no prompts"
            rf"|\b(?:keeps?|retains?|stores?|saves?|holds?)\s+no\s+(?:\w+\s+){{0,2}}?{DATA_NOUN}\b",
            "fixed",
        ),
        rule(
            "retention.not_kept",
            "retention_zdr",
            # "Voice data is processed in real time and is not retained as a recording", "... ceases to exist"
            r"\b(?:is|are)\s+(?:not|never)\s+(?:ever\s+)?(?:retained|stored|kept|saved|persisted|logged)\b"
            r"|\bceases?\s+to\s+exist\b",
            "fixed",
            anchors=(("not", "never", "cease"),),
            accept=lambda text, match: _content_before(text, match) and _not_kept_anywhere(text, match),
        ),
        rule(
            "retention.store_data",
            "retention_zdr",
            r"\b(?:logs?|stores?|retains?|keeps?|persists?|caches)\s+(?:your\s+|customer['’]?s?\s+|all\s+|the\s+|such\s+|any\s+)?"
            r"(?:flagged\s+|submitted\s+|raw\s+|API\s+)?"
            r"(?:prompts?|completions?|inputs?|outputs?|conversations?|responses?|data|content)\b",
            "fixed",
        ),
        rule(
            "retention.policy",
            "retention_zdr",
            r"(?<!organization's )(?<!organisation's )(?<!your )(?<!own )\bretention\b(?!\s+and\s+governance)",
        ),
        # A storage verb counts only with a duration in its sentence (checked in the extractor).
        rule("retention.duration", "retention_zdr", rf"\b{_STORE_VERB}\b", "fixed"),
        rule("retention.lasting", "retention_zdr", rf"\b{LASTING_VERB}\b", "fixed"),
        rule(
            "retention.controlled",
            "retention_zdr",
            r"\b(?:customi[sz]e|configure|set|choose|control)\s+(?:over\s+)?(?:how\s+long|when|how)\s+(?:\w+\s+){0,4}?"
            r"(?:retained|deleted|stored|kept|auto-?deleted|purged|remains?|stays?|lives?)\b"
            # "admins can set a default TTL", "configure a shorter retention period", "set your workspace to
            # delete conversations automatically"
            r"|\b(?:set|configure|choose|change|customi[sz]e|adjust|shorten|pick)\s+(?:an?\s+|the\s+|your\s+|their\s+|its\s+)?"
            r"(?:\w+\s+){0,2}?(?:TTL|time[- ]to[- ]live|retention\s+(?:period|window|setting|duration|polic(?:y|ies)))\b"
            r"|\b(?:set|configure)\s+(?:\w+\s+){0,3}?to\s+(?:automatically\s+)?(?:auto-?)?(?:delete|purge|erase)\b",
            "fixed",
        ),
        # "that conversation is kept for years": a period without a number.
        rule(
            "retention.vague_period",
            "retention_zdr",
            r"\b(?:kept|retained|stored|saved|held)\s+(?:for\s+)?(?:years|months|weeks|ever|a\s+(?:year|month|week)|longer|indefinitely)\b"
            # "chats stay in your history indefinitely", "keeps every conversation forever"
            r"|\b(?:kept|retained|stored|saved|held|stays?|remains?|keeps?|retains?|stores?)\s+(?:\w+\s+){0,4}?"
            r"(?:indefinitely|forever|permanently(?!\s+(?:delet|eras|remov|destroy|purg)))\b",
            "fixed",
        ),
        # A table row "Business: 14 days", "| Conversations | 90 days |": a plan or kind of content, and a period.
        rule(
            "retention.table_cell",
            "retention_zdr",
            r"^\s*[-•*|]?\s*(?:(?:Enterprise|Business|Team|Teams|Pro|Plus|Free|Standard|Premium|Basic|Starter|Growth|Edu)"
            r"|(?:[\w-]+\s+)?(?:logs?|conversations?|chats?|messages?|prompts?|inputs?|outputs?|files?|history|data|traces?"
            r"|requests?|responses?))\s*[:|]\s*(?:\d+|one|two|three|seven|fourteen|thirty|ninety)\s*(?:days?|hours?|weeks?"
            r"|months?|years?)\b",
            "fixed",
        ),
        rule(
            "retention.until_deleted",
            "retention_zdr",
            r"\b(?:retain\w*|stor(?:e|es|ed)|kept|keeps?|persist\w*|saved|held|remains?|stays?)\s+(?:\w+\s+){0,3}?until\s+(?:you|the\s+customer|customers?"
            r"|(?:the\s+|a\s+)?users?|an?\s+admin\w*|(?:the|your|their)\s+account\s+is\s+(?:deleted|closed)"
            r"|they\s+are|it\s+is|deleted|deletion|the\s+(?:end|termination))"
            # "retained for the duration of your subscription"
            r"|\b(?:retained|stored|kept|saved|held|cached)\s+(?:\w+\s+){0,3}?(?:only\s+)?(?:for\s+)?(?:the\s+)?(?:duration|lifetime|life|length)\s+of\s+"
            r"(?:your|the|their|each|a)\s+(?:subscription|account|contract|agreement|session|conversation|request|call)\b"
            # "stored for as long as your account is active"
            r"|\b(?:retained|stored|kept|saved|held)\s+(?:for\s+)?as\s+long\s+as\s+(?:your|the)\s+(?:account|subscription|workspace)\s+"
            r"(?:is|remains)\s+(?:active|open)\b",
            "fixed",
        ),
        rule(
            "retention.customer_deletes",
            "retention_zdr",
            # "you can delete your content", "you can have your data deleted at any time": customer control
            rf"\b(?:you|admins?|administrators?|owners?|users?|customers?)\s+(?:can|may)\s+(?:also\s+|always\s+|still\s+)?"
            rf"(?:permanently\s+)?(?:delete|erase|purge|remove)\s+(?:your|their|any|all|individual|specific)\s+(?:\w+\s+)?{DATA_NOUN}\b"
            rf"|\b(?:you|customers?|users?)\s+(?:can|may)\s+(?:\w+\s+)?(?:have|get)\s+(?:your|their|all)\s+(?:\w+\s+)?{DATA_NOUN}\s+"
            r"(?:deleted|erased|removed|purged)\b",
            "fixed",
            anchors=(("can", "may"), ("delet", "eras", "purg", "remov")),
        ),
        rule(
            "retention.how_long",
            "retention_zdr",
            r"\bhow\s+long\s+(?:\w+\s+){0,3}?(?:keep|keeps|retain\w*|store\w*)\b",
            "fixed",
        ),
        rule(
            "retention.logging_default",
            "retention_zdr",
            r"\b(?:invocation\s+|prompt\s+|request\s+|data\s+)?logging\s+is\s+(?:disabled|off|turned\s+off|not\s+enabled)"
            r"\s+by\s+default\b",
            "fixed",
        ),
    ),
    {
        "retention.controlled": (("customi", "configur", "set", "choos", "control", "chang", "adjust", "shorten", "pick"),),
        "retention.vague_period": (("kept", "retain", "stor", "saved", "held", "stay", "remain", "keep"),),
        "retention.table_cell": (("day", "hour", "week", "month", "year"),),
        "retention.zdr": (("zero", "zdr", "no", "data"),),
        "retention.abuse_monitoring_off": (("abuse", "content", "prompt", "logging"),),
        "retention.stateless": (("delet", "discard", "purg", "eras", "stateless", "nothing", "disk", "ephemeral", "transient",
                                 "log", "destroy", "remov", "dropped", "hold", "hang", *_STORING),),
        "retention.store_data": (("log", "stor", "retain", "keep", "persist", "cach"),),
        "retention.policy": (("retention",),),
        "retention.duration": (_STORING,),
        "retention.lasting": (("remov", "wip", "expir", "destroy", "discard", "dispos", "preserv", "gone", "disappear", "remain", "live", "stay", "sit", "clear"),),
        "retention.until_deleted": (("until", "duration", "lifetime", "life of", "length of", "as long as"),),
        "retention.how_long": (("long",),),
        "retention.logging_default": (("default",),),
    },
    {
        "retention.policy": _not_someone_elses_policy,
        "retention.store_data": _how_long_not_where,
        "retention.stateless": _not_kept_anywhere,
        "retention.duration": _a_period_of_content,
        "retention.lasting": _a_period_of_content_said,
    },
)


def _polarity(text: str, polarity: str, mentions: list[Mention] | None = None) -> str:
    if UNTIL_DELETED.search(text) and polarity in ("positive", "conditional"):
        if NO_WAY_TO_DELETE.search(text):
            return "negative"  # "keeps every conversation indefinitely, with no way to delete it"
        if UNTIL_DELETED.search(text) and (cues.conditional(text) or re.search(r"\buntil\b", text, _I)):
            return "conditional"  # "saved until you delete them", "indefinitely unless you clear them"
    if ZDR_DENIED.search(text) and re.search(
        r"\bZDR\b|zero[\s-]+(?:data[\s-]+)?retention|retain\w*\s+data", text, _I
    ):
        return (
            "conditional"
            if re.search(r"\bif\s+your\b|\bmay\s+retain\b", text, _I)
            else "negative"
        )
    if EVENT.search(text) or LIMITED_SCOPE.search(text) or by_plan(text):
        return "conditional"  # ... or "kept for 90 days on the free tier; paid plans keep it for 30"
    if (
        polarity == "conditional"
        and ONCE_ON.search(text)
        and not cues.conditional(ONCE_ON.sub(" ", text))
    ):
        return "positive"  # "When enabled, requests go only to zero-retention endpoints": what ZDR does once on
    if ZDR_WORD.search(text) and ON_REQUEST.search(text):
        return "conditional"  # "You may ask us to enable zero data retention": zero retention on request
    if polarity == "conditional" and (
        STANDARD_EXCEPTION.search(text) or AS_LONG_AS_NEEDED.search(text) or NOT_A_CONDITION.search(text)
    ):
        rest = NOT_A_CONDITION.sub(" ", AS_LONG_AS_NEEDED.sub(" ", STANDARD_EXCEPTION.sub(" ", text)))
        return "conditional" if cues.conditional(rest) else "positive"
    if polarity == "negative" and re.search(
        r"\b(?:not|never)\s+(?:be\s+)?(?:persistently\s+)?(?:written|stored|retained|persist\w*)|\bdoes\s+not\s+persist",
        text,
        _I,
    ):
        return "positive"
    return polarity


def _combine(found: list[str], near: str, facts: Facts) -> str | None:
    if "positive" in found and (
        any(cues.conditional(near[s.start : s.end]) for s in cues.sentences(near))
        or ("retention_days" in facts or "retention_hours" in facts)
        and facts.get("zdr_available")
    ):
        # "stored for 30 days (none if approved ...)", "cached 24 hours; caching can be disabled":
        # how long data is kept depends on a condition.
        return "negative" if "negative" in found else "conditional"
    return None


def _storage_denials_removed(clause: str) -> str:
    """ "inputs are not stored" is what zero retention means, not a denial of it."""
    return NOT_STORED.sub(" ", clause)


def _table_cell_days(text: str, hits: list[Hit], facts: Facts) -> None:
    if "retention_days" not in facts and any(h.rule.name == "retention.table_cell" for h in hits):
        days = [d.days_high for d in find_durations(text) if d.unit != "hour"]
        if days:
            facts["retention_days"] = max(days)


QUESTION = Question(
    "retention_zdr",
    RULES,
    retention_facts,
    claims=claims,
    polarity=_polarity,
    combine=_combine,
    negation_scope=_storage_denials_removed,
    passage_facts=_table_cell_days,
)
