"""The wording that scopes a retention claim: standard exceptions, events that tie retention to the customer's act,
zero retention denied or on request, content kept until deleted, periods by plan, and what is not a condition.
Patterns only; ``retention`` reads them (docs/labels.md)."""

from __future__ import annotations

import re

from trustreg.ingest.numbers import find_durations

_I = re.IGNORECASE

# The standard exceptions (the law, a court order, a regulator): a definite period with them stays positive.
# Any "unless" or "except" clause whose reason is a legal compulsion, however it is worded.
_LEGAL_REASON = (
    r"\b(?:law|laws|legal(?:ly)?|court|courts|subpoena\w*|regulat\w+|law\s+enforcement|authorit(?:y|ies)"
    r"|litigation|lawful|judicial|government\w*)\b"
)
STANDARD_EXCEPTION = re.compile(
    r",?\s*(?:\(?\s*)?(?:unless|except|save|other\s+than)\b(?:\s+(?:where|when|if|as|for|to\s+the\s+extent))?"
    rf"[^.;:()]{{0,100}}?{_LEGAL_REASON}(?:(?!\s(?:or|and)\s)[^.;:()]){{0,40}}?(?=[.;:)]|,|$)\)?"
    r"|\b(?:or\s+)?(?:to\s+)?comply\s+with\s+(?:the\s+)?(?:applicable\s+)?(?:law|legal\s+obligations?)\b"
    r"|\(?\s*\b(?:or\s+)?(?:longer\s+)?(?:if|where|when|as)\s+(?:[\w-]+\s+){0,5}?(?:is\s+|are\s+)?(?:legally\s+)?"
    r"(?:required|obligated|compelled)\s+"
    rf"(?:by|under|to|due\s+to|for)\b[^.;:()]{{0,60}}?{_LEGAL_REASON}(?:\s+or\s+other\s+(?:[\w-]+\s+){{0,3}}?(?:reasons?|obligations?"
    r"|requirements?|purposes?))?(?:(?!\s(?:or|and)\s)[^.;:()]){0,30}?(?=[.;:)]|,|$)\)?",
    _I,
)

ONCE_ON = re.compile(
    r"(?:^|[.;]\s+)(?:when|once)\s+(?:it\s+is\s+)?(?:enabled|turned\s+on|active),"
    r"|\bonly\s+to\s+(?:endpoints|providers|routes)\s+that\b",
    _I,
)

EVENT = re.compile(
    r"\b(?:if|when|where)\s+(?:you|your|a\s+user|users?|the\s+customer)\s+(?:\w+\s+){0,3}?(?:allow|send|submit|provide"
    r"|opt|choose|flag|report|share|give|rate|vote|thumb|like|dislike|upvote|downvote)\w*|\bflagged\b|\bfeedback\b"
    r"|\b(?:users?|customers?|you|those|people|accounts?)\s+(?:who|that)\s+(?:\w+\s+)?(?:allow|opt\s+in|share|send|submit|consent"
    r"|agree|choose|enable|report)\w*"
    # "reported conversations are retained for 90 days": content kept because of the customer's or a reviewer's act
    r"|\b(?:reported|flagged|rated)\s+(?:\w+\s+)?(?:conversations?|chats?|content|prompts?|messages?|sessions?|outputs?)\b"
    r"|\b(?:conversations?|chats?|content|prompts?|messages?|sessions?|outputs?|inputs?)\s+(?:that\s+(?:are|were|is|was|have\s+been)\s+)?"
    r"(?:reported|flagged)\b"
    r"|\bbug\s+reports?\b|\bStored\s+Completions\b"
    # content kept longer because it breaks the rules: "content that violates our policies"
    r"|\b(?:that|which)\s+violates?\b|\bviolations?\s+of\s+(?:our|the)\s+(?:\w+\s+)?(?:policies|policy|terms)\b"
    r"|\bstore:\s*true\b|\bchat\s+history\s+is\s+disabled\b|\bextended\s+(?:data\s+)?retention\b|\bautomation\s+rule\b"
    r"|\bcertain\s+features\b|\bwebsite\s+or\s+mobile\b|\bCLI\b",
    _I,
)

ZDR_DENIED = re.compile(
    r"\b(?:does\s+not|doesn['’]t|do\s+not|cannot|can['’]t)\s+(?:apply|enforce)\b|\boutside\s+the\s+scope\b"
    r"|\bnot\s+(?:available|supported|covered|offered)\b|\bindefinitely\b"
    # "stored threads are outside your zero-retention agreement": negation without "not"
    r"|\boutside\s+(?:of\s+)?(?:your|the)\s+(?:[\w-]+\s+){0,2}?(?:agreement|scope|ZDR|zero[- ]retention|commitment)"
    # "files are exempt from zero data retention", "excluded from ZDR"
    r"|\b(?:exempt(?:ed)?|excluded|carved\s+out)\s+from\s+(?:\w+\s+){0,2}?(?:ZDR|zero[- ](?:data[- ])?retention)",
    _I,
)

NOT_STORED = re.compile(
    r"(?:\b(?:not|never|no)|n['’]t)\s+(?:be\s+)?(?:ever\s+)?(?:stored|retained|logged|persisted|kept|saved)\b"
    r"|\b(?:(?:do|does|will)\s*(?:n['’]t|\s+not)|never|won['’]t)\s+(?:store|retain|log|persist|keep|save)s?\b"
    r"|\b(?:retain|store|keep|log)s?\s+(?:nothing|none)\b"
    r"|\bno\s+\w+\s+(?:(?:or|and)\s+\w+\s+)?(?:are|is)\s+(?:stored|retained|logged)\b"
    r"|\bno\s+(?:[\w()-]+\s+){1,5}?(?:are|is|gets?)\s+(?:ever\s+)?(?:stored|retained|logged|persisted|kept|saved)\b",
    re.IGNORECASE,
)


# Kept with no period of its own: until the customer deletes it, or for ever (docs/labels.md: conditional),
# and with no way to delete it at all (negative).
UNTIL_DELETED = re.compile(
    r"\buntil\s+(?:you|they|the\s+customer|customers?|(?:the\s+|a\s+)?users?|an?\s+admin\w*)\s+(?:\w+\s+)?"
    r"(?:delete|remove|clear|erase|purge)s?\b"
    r"|\buntil\s+(?:manually\s+)?(?:deleted|removed|cleared)\s+(?:manually|by\s+(?:you|the\s+user|users|customers?|an?\s+admin))"
    r"|\b(?:indefinitely|forever|permanently(?!\s+(?:delet|eras|remov|destroy|purg)))\b",
    _I,
)
NO_WAY_TO_DELETE = re.compile(
    r"\b(?:no|without\s+(?:an?|any))\s+(?:way|option|setting|means)\s+to\s+(?:delete|remove|erase|clear)"
    r"|\b(?:cannot|can['’]t|can\s+not)\s+(?:be\s+)?(?:delete|remove|erase|clear)(?:d)?\b",
    _I,
)


# "for as long as needed to provide the service": how long, not a condition (like the standard exceptions).
AS_LONG_AS_NEEDED = re.compile(
    r"\b(?:for\s+)?(?:only\s+)?(?:as|so)\s+long\s+as\s+(?:is\s+|it\s+is\s+|we\s+|they\s+are\s+)?(?:reasonably\s+|strictly\s+)?"
    r"(?:necessary|needed|required)\b",
    _I,
)
# Not a condition on the period: the customer leaving ("If you cease being a customer, your data is deleted
# in 30 days"), keeping content longer on their own ("unless you choose to save them"), and a concession
# ("even with chat history turned off, chats are kept for 30 days").
NOT_A_CONDITION = re.compile(
    r"\b(?:if|when|once|after)\s+(?:you|the\s+customer|customers?|users?)\s+(?:\w+\s+)?(?:cease|stop|terminate|cancel|leave"
    r"|close|end|deactivate|unsubscribe|downgrade)\w*"
    r"|\bunless\s+(?:you|the\s+user|users|customers?)\s+(?:choose\s+to\s+|decide\s+to\s+)?(?:save|keep|pin|star|archive"
    r"|export)\w*"
    r"|\beven\s+(?:if|when|with|after|though)\b[^,.;]{0,80}"
    # a hedge or the customer's own settings: "review them if necessary", "depending on your settings"
    r"|\b(?:if|when|where)\s+(?:necessary|needed|appropriate)\b"
    r"|\bdepending\s+on\s+your\s+(?:own\s+)?(?:settings|preferences|configuration|choices?)\b",
    _I,
)
ZDR_WORD = re.compile(r"\bZDR\b|\bzero[\s-]+(?:data[\s-]+)?retention\b", _I)
# Zero retention the customer has to ask for (docs/labels.md: "on request" is conditional).
ON_REQUEST = re.compile(
    r"\b(?:you|customers?|organi[sz]ations?|admins?|administrators?|teams?)\s+(?:\w+\s+)?(?:may|can|must|need\s+to|should)\s+"
    r"(?:\w+\s+)?(?:ask|request|apply|contact|reach\s+out)\b|\b(?:on|upon|by)\s+request\b",
    _I,
)


_PERIOD_BY_PLAN = re.compile(
    r"\b(?:free|paid|enterprise|business|team|pro|plus|standard|premium|basic|consumer)\s+(?:plans?|tiers?|users?|customers?"
    r"|accounts?|workspaces?|versions?|subscribers?)\b"
    r"|\b(?:on|for|in)\s+(?:the\s+)?(?-i:Free|Pro|Plus|Team|Business|Enterprise|Standard|Premium|Basic)\b",
    _I,
)


_CLAUSES = re.compile(r";|(?<=[.!])\s+|,?\s+(?=(?:but|while|whereas)\b)", _I)


def by_plan(text: str) -> bool:
    """Periods that differ by plan: two plans in two clauses, or a plan and two periods."""
    if not _PERIOD_BY_PLAN.search(text):
        return False
    clauses = sum(1 for part in _CLAUSES.split(text) if part and _PERIOD_BY_PLAN.search(part))
    return clauses > 1 or len({d.days_high for d in find_durations(text)}) > 1
