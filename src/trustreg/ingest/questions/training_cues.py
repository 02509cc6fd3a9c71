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
