"""The wording a training passage turns on: training verbs, improving a developer's models, opting in
or out, and an exception for the customer's consent. Patterns only; ``training`` reads them."""

from __future__ import annotations

import re

from trustreg.ingest.questions.base import DEVELOPERS

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
    r"|\bobject\s+to\s+(?:this|such)\s+(?:use|processing)\b",
    re.IGNORECASE,
)

CONSENT_EXCEPTION = re.compile(
    r"\bwithout\s+(?:your|the\s+customer['’]s|customer['’]s)\s+((?:(?:explicit|express|prior|written)\s+)*"
    r"(?:consent|permission|instruction|authori[sz]ation)(?:\s+(?:or|and)\s+(?:instruction|permission|consent))?)",
    re.IGNORECASE,
)
