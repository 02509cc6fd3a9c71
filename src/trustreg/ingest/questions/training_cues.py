"""The wording a training passage turns on: training verbs, improving a developer's models, opting in
or out, and an exception for the customer's consent. Patterns only; ``training`` reads them."""

from __future__ import annotations

import re

from trustreg.ingest import cues
from trustreg.ingest.questions.base import DEVELOPERS

# Negation without "not": "nothing you type is used to train", "paid accounts are exempt".
_DENIAL_WORDS = re.compile(r"\bnothing\b|\b(?:off[- ]limits|exempt(?:ed)?|unable)\b", re.IGNORECASE)


def denied(text: str) -> bool:
    """The clause denies what it says, with "not" or without it."""
    return cues.negated(text) or _DENIAL_WORDS.search(text) is not None

TRAIN_VERB = re.compile(
    r"\b(?:train(?:s|ed|ing)?|fine-?tune[sd]?|fine-?tuning(?!\s+(?:data|files?|jobs?|datasets?))|retrain\w*"
    r"|no[- ]training)\b",
    re.IGNORECASE,
)

IMPROVE_DEV_MODELS = re.compile(
    rf"\bimprov\w+\s+(?:\w+\s+){{0,3}}?(?:{DEVELOPERS})\s+models?\b"
    rf"|(?:{DEVELOPERS})[^.;]{{0,40}}?\bto\s+improv\w+\s+(?:their|its)\s+(?:own\s+)?models?\b",
    re.IGNORECASE,
)

IMPROVE_ANY = re.compile(r"\b(?:improv\w+|develop\w*|enhanc\w+)\b", re.IGNORECASE)

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
    r"|\b(?:turn|switch)(?:s|ed|ing)?\s+(?:model\s+|AI\s+)?training\s+off\b"
    r"|\b(?:can|may)\s+(?:disable|turn\s+off|switch\s+off|opt\s+out\s+of)\s+(?:this|it|that)\b"
    r"|\b(?:disable|turn\s+off|switch\s+off)\s+(?:the\s+)?(?:use\s+of\s+(?:\w+\s+){0,3}?(?:for|in)\s+(?:model\s+)?training"
    r"|(?:model\s+)?training|model\s+improvement|(?:this|the|that)\s+setting)\b"
    r"|\bobject\s+to\s+(?:this|such)\s+(?:use|processing)\b"
    # "unless you object", "which you can stop", "can ask support to exclude them", "can decline in settings"
    r"|\bunless\s+(?:you|they|the\s+user|users|customers?)\s+(?:object|decline|withdraw|refuse|change|untick|uncheck)"
    r"|\b(?:you|they|users?|customers?|admins?|administrators?)\s+(?:can|may)\s+(?:always\s+|also\s+|still\s+)?"
    r"(?:stop|decline|refuse|withdraw|pause|object)\b"
    r"|\b(?:ask|request)\s+(?:\w+\s+){0,3}?(?:to\s+)?(?:exclude|exclusion|remove\s+(?:them|it|their|your))"
    r"|\b(?:who|that)\s+(?:do\s+not|don['’]t)\s+want\s+(?:their|your|its)\s+(?:\w+\s+){0,3}?(?:used|included)\b",
    re.IGNORECASE,
)

# Training with no way out: "there is no way to opt out", "users cannot turn it off".
NO_WAY_OUT = re.compile(
    r"\b(?:no|without\s+(?:an?|any))\s+(?:way|option|setting|means|mechanism|toggle)\s+(?:\w+\s+){0,2}?(?:to\s+)?"
    r"(?:opt[- ]?out|turn\s+(?:it|this|that)\s+off|disable|stop|decline)"
    r"|\b(?:cannot|can['’]t|can\s+not)\s+(?:opt[- ]?out|turn\s+(?:it|this|that)\s+off|disable\s+(?:it|this|that))"
    r"|\bno\s+opt[- ]?out\b",
    re.IGNORECASE,
)

CONSENT_EXCEPTION = re.compile(
    r"\bwithout\s+(?:your|the\s+customer['’]s|customer['’]s)\s+((?:(?:explicit|express|prior|written)\s+)*"
    r"(?:consent|permission|instruction|authori[sz]ation)(?:\s+(?:or|and)\s+(?:instruction|permission|consent))?)",
    re.IGNORECASE,
)

# Not trained on unless the customer opts in: the guide's positive.
OPT_IN_ONLY = re.compile(
    r"\bunless\s+(?:you|they|(?:the|a|an)\s+(?:customer|user|organi[sz]ation)|customers?|organi[sz]ations?|users?)\s+"
    r"(?:\w+\s+){0,2}?(?:opt(?:s|ed)?[- ]?in|gives?\s+(?:affirmative\s+)?(?:opt-in\s+)?consent|consent|agree|instruct|choose|decide"
    r"|enable|share|join|enrol|enroll|participate|sign\s+up)\w*"
    r"|\bunless\s+you\s+have\s+instructed\b"
    r"|\b(?:not|never|n['’]t)\b[^.;]{0,80}\bwithout\s+(?:your\s+|their\s+)?(?:explicit\s+|prior\s+)?(?:permission|consent|opt-?in)\b"
    r"|\b(?:you|customers?|users?|organi[sz]ations?)\s+can\s+(?:choose\s+to\s+)?opt[- ]?in\b"
    r"|\bexplicit\s+opt-in\s+only\b|\bopt-in\s+only\b|\b(?:training|sharing|improvement)\s+(?:[\w-]+\s+){0,3}?(?:is|are)\s+opt-in\b|\bonly\s+happens\s+if\b|\bis\s+opt-in,?\s+not\s+opt-out\b"
    r"|\bunless\s+they\s+explicitly\b|\bunless\s+you\s+explicitly\b|\bonly\s+(?:with|after)\s+(?:your\s+)?(?:explicit\s+)?consent\b"
    # "only if you turn on Help improve Acme": used only after the customer switches it on
    r"|\bonly\s+(?:if|when|after|once)\s+(?:you|customers?|users?|an?\s+admin\w*|the\s+(?:customer|user|admin\w*))\s+(?:\w+\s+)?"
    r"(?:turns?\s+on|switch(?:es)?\s+on|enables?|opts?\s+in|chooses?|agrees?|consents?|allows?)\b",
    re.IGNORECASE,
)

# Training the customer can switch off: "once it is off", "opt out", "allow or block".
OPT_OUT_CHOICE = re.compile(
    r"\bonce\s+(?:it|this|the\s+setting)\s+is\s+(?:off|turned\s+off|disabled)\b|"
    # "Admins can allow or block the use of workspace data for training": the customer decides
    r"\b(?:allow|enable|permit)\s+or\s+(?:block|disable|prevent|deny|disallow|restrict)\b"
    r"|\b(?:block|disable|prevent|disallow)\s+or\s+(?:allow|enable|permit)\b|"
    r"\bopt(?:s|ed|ing)?[- ]?out\b|\bturn(?:s|ed)?\s+off\b|\bswitch(?:es|ed)?\s+off\b|\bdisabl\w+\b|\ballow\s+or\s+disable\b"
    r"|\b(?:turn|switch)\w*\s+(?:\w+\s+){1,2}off\b"
    r"|\bcan\s+decline\b|\bunless\s+(?:the\s+user|you)\s+(?:turns?|switch)|\bprivacy\s+portal\b|\bGoogle\s+Form\b"
    r"|\bdo\s+not\s+train\s+on\s+my\s+content\b",
    re.IGNORECASE,
)
