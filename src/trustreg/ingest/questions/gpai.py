"""The EU GPAI Code of Practice: signing, intending to sign, partly signing or refusing it (LABELS.md);
background on what the Code is does not count. Intent and a partial signature are conditional."""

from __future__ import annotations

import re

from trustreg.ingest.questions.base import (
    DEVELOPERS,
    Facts,
    Hit,
    Mention,
    Question,
    rule,
    sentence_text,
    with_anchors,
)

_I = re.IGNORECASE
# Companies whose stance on the GPAI Code is news: "Microsoft has indicated it may sign".
_CODE_SIGNERS = rf"(?:{DEVELOPERS}|Microsoft|Amazon|IBM|Aleph\s+Alpha|Alibaba|Baidu|providers)"

_OTHER_SIGNABLE = re.compile(
    r"\b(?:BAAs?|DPAs?|NDAs?|agreements?|contracts?|addend(?:um|a)|amendments?|Business\s+Associate|form|letter|petition"
    r"|terms|SCCs?|clauses|order)\b",
    re.IGNORECASE,
)


def _signs_the_code(text: str, match: re.Match[str]) -> bool:
    """ "OpenAI will not sign a BAA": a company signing something else."""
    return not _OTHER_SIGNABLE.search(sentence_text(text, match.start()))


RULES = with_anchors(
    (
        rule(
            "gpai.code",
            "gpai_cop",
            r"\b(?:GPAI|general[- ]purpose\s+AI|AI\s+Act|EU['’]?s?|European)\b[^.;]{0,60}?"
            r"\bCode\s+of\s+Practice\b"
            r"|\bCode\s+of\s+Practice\s+(?:for|on)\s+(?:GPAI|general[- ]purpose)|\bGPAI\s+Code\b"
            r"|\b(?:the|this)\s+Code\s+of\s+Practice\b(?!\s+for\s+(?:cloud|PII|privacy|information))"
            # "a signatory of the Code": the capitalised short name next to signing.
            r"|\b(?:signator(?:y|ies)|sign(?:s|ed|ing)?)\s+(?:(?:of|to|on\s+to)\s+)?(?-i:the\s+Code)\b"
            # "refused to sign the code altogether", "will support the voluntary Code" (AI context is checked).
            r"|\b(?:sign|support|reject\w*|held\s+back\s+from|(?:back|pull|walk|stay)\w*\s+(?:out\s+of|away\s+from))\s+"
            r"(?:\w+\s+){0,2}?(?:the|this)\s+(?:voluntary\s+|new\s+|entire\s+|whole\s+)?code\b(?!\s+(?:base|review))",
        ),
        # "Microsoft has indicated it may sign", "partial signatures from xAI": news of the Code that names it
        # earlier in the article (other signable things are ruled out in the extractor).
        rule(
            "gpai.signer",
            "gpai_cop",
            rf"\b{_CODE_SIGNERS}\b[^.;]{{0,80}}?\b(?:sign(?:s|ed|ing)?|signator(?:y|ies))\b(?!\s+(?:up|in|on|off|into))"
            rf"|\b(?:signatures?|signatories)\s+(?:from|by)\s+{_CODE_SIGNERS}\b"
            # "signed the safety chapter only": the Code's chapters
            r"|\bsign(?:s|ed|ing)?\s+(?:only\s+)?the\s+(?:[\w&-]+\s+){0,3}?chapters?\b",
            accept=_signs_the_code,
        ),
    ),
    {
        "gpai.signer": (("sign",),),
        "gpai.code": (("code",),),
    },
)

_PARTIAL_SIGNATORY = re.compile(
    r"\bonly\s+(?:signed\s+)?(?:the\s+)?[\w\s&]{0,40}?chapter|\bpartial(?:ly)?\b|\bsigned\s+only\b"
    r"|\bchapters?\b[^.;]{0,60}?\bonly\b|\bbut\s+not\s+(?:the\s+)?(?:[\w&-]+\s+){0,3}?chapters?\b|\bsign\w*\s+(?:only\s+)?(?:part|parts|one\s+chapter|a\s+single\s+chapter)\s+of\b",
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


_INTENT = re.compile(
    r"\b(?:will|would|plans?\s+to|intends?\s+to|expects?\s+to|agreed\s+to|may|is\s+likely\s+to|likely\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:sign|support|follow|join)\b|\bintent(?:ion)?\s+to\s+sign|\bcommitted\s+to\s+sign|\bconsider\w*\s+sign|\bwillingness\b|\bindicated\b|\bonce\s+(?:ready|finali[sz]ed)"
    r"|\bonly\s+(?:the\s+)?[\w\s&]{0,40}?chapter\b|\bchapters?\s+only\b|\bchapter\s+on\s+safety\b|\bpartial\w*\b|\bsigned\s+only\b"
    r"|\bSafety\s+and\s+Security\s+chapter\b",
    _I,
)

_REFUSAL = re.compile(
    r"\b(?:refus\w+|reject\w*|declin\w+|won['’]t|will\s+not|not\s+be\s+signing|held\s+back|backed\s+out|walked\s+away"
    r"|stayed\s+out|not\s+(?:to\s+)?sign\w*|has\s+not\s+signed"
    r"|hasn['’]t\s+signed|no\s+\w+\s+(?:company|provider)\b[^.]{0,40}\bsigned)",
    _I,
)


# The Code as an obligation or a process, nobody's stance: "providers were required to sign before 1 August",
# "signing the Code is not a requirement", "we contributed to the Code".
_BACKGROUND = re.compile(
    r"\b(?:if|whether)\s+a\s+provider\b|\bdecides?\s+not\b|\brequired\s+to\s+sign\b|\bnot\s+a\s+requirement\b"
    r"|\bcontribut\w+\s+to\b|\b(?:list|number|names?)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?signatories\b(?![^.]{0,60}\binclud)|\b(?:companies|providers|firms|those)\s+(?:that|who)\s+(?:sign|commit|adhere|do\s+not)\b",
    _I,
)


def _claims(m: Mention) -> bool:
    return not _BACKGROUND.search(m.sentence.strip())


def _polarity(text: str, polarity: str, mentions: list[Mention] | None) -> str:
    # "Google will sign the Code, while Meta said it would not": the clause that names the Code decides.
    named = [m for m in mentions or [] if m.rule == "gpai.code"] or mentions or []
    said = " ".join(m.clause for m in named) if named else text
    if _REFUSAL.search(said) or re.search(r"\bno\s+plans?\s+to\b", said, _I):
        return "negative"
    if _INTENT.search(said) or _PARTIAL_SIGNATORY.search(text):
        return "conditional"
    return "negative" if polarity == "negative" else "positive"


def _fact_polarity(facts: Facts) -> str | None:
    if facts.get("signatory_status") == "not_signed":
        return "negative"
    if facts.get("signatory_status") == "partial":
        return "positive"
    return None


def _naming_clauses(text: str, hits: list[Hit]) -> str:
    """The clause naming the Code speaks for it; a bare "signed" elsewhere is only a fallback."""
    named = [h for h in hits if h.rule.name == "gpai.code"] or hits
    return " ".join(text[h.clause.start : h.clause.end] for h in named)


QUESTION = Question(
    "gpai_cop",
    RULES,
    gpai_facts,
    claims=_claims,
    polarity=_polarity,
    fact_polarity=_fact_polarity,
    scope=_naming_clauses,
    negation_says_whose=False,
)
