"""When a retention passage's words claim nothing (docs/labels.md): records about the account, pointers,
prices and caches, definitions, advice, the topic in general, and zero retention named only as a circumstance."""

from __future__ import annotations

import re

from trustreg.ingest.questions.base import CUSTOMER_DATA, Mention

_I = re.IGNORECASE

_OPERATIONAL = re.compile(
    r"\b(?:audit\s+logs?|billing|invoices?|telemetry|metering|analytics|visitor|tracking\s+data|access\s+logs?"
    r"|security\s+logs?|account\s+(?:information|details|records)|cookies?|payment\s+(?:information|details|data)"
    r"|credit\s+cards?|card\s+(?:details|numbers?)|accounting\s+records)\b",
    _I,
)

_RETENTION_SUBSTANCE = re.compile(
    r"\b\d+|\b(?:one(?!\s+of\b)|two|three|seven|thirty|ninety|zero)\b|\bdays?\b|\bhours?\b|\bmonths?\b|\byears?\b"
    r"|\bZDR\b|\bzero\b|\b(?:not|never|no)\b|\bdelet\w*|\bpurg\w*|\bindefinite\w*|\bforever\b|\bstateless\b"
    r"|\buntil\b|\bimmediately\b|\bvar(?:y|ies)\b|\bdepend\w*|\b(?:extended|longer|shorter|custom)\b",
    _I,
)

_RETENTION_TOPIC = re.compile(
    r"\b(?:pric\w+|charg\w+|cost\w*|billed|savings|cookie|index\w*|affect|governance|compliance\s+needs"
    r"|aids?\s+in|how\s+\w+\s+handles|posture|concise|assumptions?|focus\s+on|typically)\b",
    _I,
)


# "A retention policy defines how long ...", "ZDR stands for zero data retention": the term explained.
_EXPLAINED = re.compile(
    r"^\W*(?:An?\s+)(?:[\w-]+\s+){0,3}?(?:retention|ZDR)(?:\s+[\w-]+){0,2}?\s+(?:defines|describes|determines|specifies"
    r"|sets\s+out|governs|dictates)\b|\b(?:stands|is\s+short)\s+for\b|\bis\s+an\s+abbreviation\b",
    _I,
)
# Advice to check a vendor ("Buyers should confirm how long a vendor retains prompts", "ZDR-eligible customers
# should check their contract"): LABELS.md's hard no-claim case.
_ADVICE_TO_CHECK = re.compile(
    r"\b(?:should|must|need\s+to|ought\s+to)\s+(?:always\s+|first\s+|also\s+)?(?:confirm|check|ask|verify|find\s+out"
    r"|know|understand|review|clarify|consider|evaluate|assess)\b",
    _I,
)


# How a cache or scratch space works ("The cache keeps responses for 60 seconds to reduce load",
# "temporary files are removed after 24 hours to free disk space"): a feature that merely mentions storage
# (docs/labels.md, "Cache lifetimes").
_MECHANICS = re.compile(
    r"\b(?:the|a|our|its|this)\s+(?:\w+\s+)?cache\b|\b(?:temporary|temp|tmp|scratch|intermediate)\s+(?:\w+\s+)?(?:files?|copies|data|objects)\b"
    r"|\bcache\s+(?:TTL|lifetime|hits?|entries|duration)\b|\bcached\s+(?:prefix|prefixes|tokens|prompts?\s+(?:cost|are\s+billed))",
    _I,
)
_MECHANICS_PURPOSE = re.compile(
    r"\b(?:to\s+(?:free|save|reclaim)\s+(?:up\s+)?(?:disk\s+|storage\s+)?space|to\s+reduce\s+(?:load|latency|cost)"
    r"|(?:for|to\s+improve)\s+(?:performance|speed|latency)|\b(?:seconds?|minutes?)\b|\bprice|\bcosts?\b|\bbilled\b|\bcheaper\b)",
    _I,
)


# The topic rather than anyone's practice: "Data retention periods vary widely across AI chatbots", "A
# zero-retention setup reduces breach exposure", an instruction to keep logs in the customer's own SIEM.
_TOPIC = re.compile(
    r"\b(?:var(?:y|ies)|differ)\s+(?:\w+\s+)?(?:across|between|among|from\s+\w+\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:providers|vendors|chatbots|apps|services|tools|companies|platforms|products|assistants)\b"
    r"|^\W*An?\s+(?:[\w-]+\s+){0,3}?(?:setup|approach|architecture|policy|strategy|option|design|posture|deployment)\s+"
    r"(?:reduces|lowers|limits|helps|improves|protects|minimi[sz]es|makes|removes|cuts)\b"
    # an instruction to keep records in the customer's own tools
    r"|^\W*(?:Set\s+up|Configure|Use|Send|Export|Forward|Stream)\b[^.]{0,80}\byour\s+own\s+(?:SIEM|storage|buckets?|databases?"
    r"|systems?|infrastructure|logging|warehouse|cloud)\b"
    r"|\b(?:raises?|poses?|creates?)\s+(?:\w+\s+){0,2}?(?:questions?|concerns?|risks?)\b",
    _I,
)


# "not probabilistic models that retain prompts": a kind of thing described, not an offering's practice.
_KIND_THAT = re.compile(
    r"\b(?:models?|tools?|services?|providers?|vendors?|apps?|systems?|platforms?|products?|chatbots?)\s+(?:that|which)\s+"
    r"(?:\w+\s+)?$",
    _I,
)
# Zero retention named as the circumstance of something else ("harder to debug with zero retention mode
# enabled", "some features work differently under ZDR"): no claim unless the sentence says what is kept.
_CIRCUMSTANCE = re.compile(r"\b(?:with|under|using|in|when|while|once)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}$", _I)
_KEPT_WORDS = re.compile(
    r"\b(?:retain\w*|stor(?:e|es|ed|ing|age)|kept|keeps?|logs?|logged|logging|delet\w*|purg\w*|persist\w*|eras\w*|sav(?:e|es|ed)"
    r"|written|discard\w*|cach\w*|days?|hours?|months?|years?)\b",
    _I,
)
_ZDR_PHRASE = re.compile(r"\bzero[- ]?(?:data[- ]?)?retention(?:\s+(?:mode|option|setting|policy|agreement))?\b|\bZDR\b", _I)

_REGARDLESS = re.compile(
    r"\b(?:whether\s+or\s+not|regardless\s+of(?:\s+whether)?|irrespective\s+of(?:\s+whether)?)\s+(?:[\w-]+\s+){0,4}?$", _I
)


def claims(m: Mention) -> bool:
    """False when the mention is retention vocabulary used without a claim."""
    sentence = m.sentence.strip()
    at = sentence.find(m.match)
    if at > 0 and _REGARDLESS.search(sentence[:at]):
        return False  # "... whether or not Zero Retention Mode is enabled": named, not claimed
    if at > 0 and _KIND_THAT.search(sentence[:at]):
        return False
    if (
        m.rule in ("retention.zdr", "retention.policy")
        and at > 0
        and _CIRCUMSTANCE.search(sentence[:at])
        and not _KEPT_WORDS.search(_ZDR_PHRASE.sub(" ", sentence))
        and not re.match(r"\W*(?:(?:data\s+)?retention\s+)?(?:agreements?|contracts?|commitments?|addend)", sentence[at + len(m.match) :], _I)
    ):
        return False  # (customers "with ZDR agreements" have it: that is a claim)
    if _EXPLAINED.search(sentence) or _ADVICE_TO_CHECK.search(sentence) or _TOPIC.search(sentence):
        return False
    if _MECHANICS.search(sentence) and _MECHANICS_PURPOSE.search(sentence):
        return False
    if re.match(r"\W*(?:Review|See|Learn|Read|Check|To\s+learn|How\s+long)\b", sentence, _I):
        return False  # a pointer to documentation or a title, not a statement
    if _OPERATIONAL.search(sentence) and not CUSTOMER_DATA.search(sentence):
        return False  # "Audit log retention 6 years", "telemetry is purged after 30 days": records, not content
    if m.rule == "retention.store_data" and re.search(
        r"\bin\s+(?:\w+\s+){0,5}?(?:regions?|data\s+cent(?:er|re)s?)\b", sentence, _I
    ):
        return False  # "stores data in separate US and EU regions": where, not how long
    # "retention policies", "data retention based pricing"
    return not (
        m.rule == "retention.policy"
        and (_RETENTION_TOPIC.search(sentence) or not _RETENTION_SUBSTANCE.search(sentence))
    )
