"""Statements about vendors in general, not about an offering: LABELS.md counts them as no claim.

"Some providers use your prompts to improve their models", "A vendor without ISO 27001 does not make
it past the security review", "Without ZDR, providers may retain data": the subject is a kind of
company, and no company or product is named. "OpenAI, Anthropic and Google all sign BAAs" names
them, and is a claim.
"""

from __future__ import annotations

import re
from functools import lru_cache

_I = re.IGNORECASE
_KIND = (
    r"(?:AI\s+|LLM\s+|model\s+|cloud\s+|SaaS\s+|major\s+|large\s+|other\s+|prospective\s+|third[- ]party\s+)*"
    r"(?:providers?|vendors?|companies|company|platforms|services|tools|suppliers|labs|sub-?processors?"
    r"|trust\s+cent(?:er|re)s?|startups?|organi[sz]ations?|businesses|buyers?|offerings|products|apps|assistants|contracts|agreements|signatories"
    r"|chatbots?|frontends?|applications?)"
)
_GENERIC_SUBJECT = re.compile(
    r"^\W*(?:[\w\s]{1,30}:\s*)?(?:(?:However|But|So|Also|And|Yet|In\s+practice|Today|Often|By\s+default|In\s+general"
    r"|Generally|Typically)\W+)?"
    r"(?:(?:Without|With|Under|For)\s+[^,]{1,40},\s*)?"
    # "many enterprise-tier LLM API offerings": a few describing words may sit before the kind
    rf"(?:(?:some|many|most|several|few|all|no|not\s+every|every|any|other|these|such)\s+(?:of\s+the\s+)?"
    rf"(?:[a-z][\w-]*\s+|AI\s+|LLM\s+|API\s+){{0,3}}?{_KIND}"
    rf"|(?:an?\s+)?(?:AI\s+|LLM\s+)?{_KIND}\s+(?:that|which|who|without|with|hosted|operated|based|running"
    r"|helps?|lets|allows|gives|shows)\b"
    rf"|(?:an?\s+)?{_KIND}\s+(?:may|might|can|often|typically|usually|generally)\b"
    r"|others\s+(?:promise|say|claim|offer)"
    # "If your vendor stores data in the US, ...": a case put to the reader
    rf"|(?:if|when|once)\s+(?:your|a|an|the)\s+{_KIND}\b)",
    _I,
)
# Capitalised words that are not the name of a company or product.
_NOT_A_NAME = re.compile(
    r"^(?:AI|API|APIs|LLM|LLMs|SaaS|SOC|ISO|IEC|HIPAA|GDPR|BAA|BAAs|DPA|DPAs|PHI|ZDR|EU|EEA|US|UK|USA|CCPA|NDA|PII"
    r"|European|Union|Code|Practice|Act|Type|II|I|Article|Art|Without|With|However|But|Most|Some|Many|Not|No|All"
    r"|Every|Several|Others|Other|Enterprise|Business|Free|Pro|Team|Plus|The|A|An|In|For|If|When|Yes|Today"
    r"|These|This|Those|Such|Few|By|Generally|Typically|Standard|Paid|Consumer"
    # places are not vendors: "An AI chatbot hosted in Germany ..."
    r"|Europe|America|Germany|France|Ireland|Sweden|Netherlands|Finland|Switzerland|Japan|Canada|Australia|India|China"
    r"|Singapore|Frankfurt|Dublin|London|Paris|Amsterdam"
    r"|Q[1-4]|H[12])$"
)
_WORD = re.compile(r"[A-Za-z][\w.-]*")


# "Opting out of training is easy in most apps": the sentence is scoped to a kind of vendor.
_GENERIC_SCOPE = re.compile(rf"\b(?:in|for|across|at|with)\s+(?:most|many|some|all|several)\s+(?:\w+\s+)?{_KIND}\b", _I)
_KIND_WORD = re.compile(_KIND, _I)
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")


@lru_cache(maxsize=8192)
def is_generic(sentence: str) -> bool:
    """True when the sentence speaks of a kind of vendor and names none (a vendor saying "we" is no kind)."""
    if not (_GENERIC_SUBJECT.search(sentence) or _GENERIC_SCOPE.search(sentence)) or _FIRST_PERSON.search(sentence):
        return False
    words = _WORD.findall(sentence)
    if words and (words[0].lower().endswith("ing") or _KIND_WORD.fullmatch(words[0])):
        words = words[1:]  # "Vendors that lack ...", "Opting out is easy ...": capitalised as the first word
    return not any(_names(w) for w in words)


def _names(word: str) -> bool:
    word = word.rstrip(".-")
    if _NOT_A_NAME.match(word):
        return False
    return word[:1].isupper() or any(c.isupper() for c in word[1:])
