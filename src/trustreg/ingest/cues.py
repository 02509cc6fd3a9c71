"""Sentence-level cues shared by every rule family: clauses, negation, conditions, uncertainty.

Polarity is decided on the clause that holds the rule's match (a sentence, cut at semicolons and
at contrast words such as "while" or "unlike"), because one sentence often says two things
("Google will sign the Code, while Meta said it would not").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Not after abbreviations that precede a number or a continuation ("Art. 53", "e.g. SOC 2").
_SENTENCE_END = re.compile(
    r"(?<!\bArt\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bNo\.)(?<!\bvs\.)(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9•\-*])|\n+"
)
_CLAUSE_BREAK = re.compile(
    r";\s+|:\s+(?=[a-z])|,?\s+(?=(?:while|whereas|unlike|although|however|but)\b)"
    r"|,\s+(?=(?:so|therefore|thus|hence|which\s+means)\b)"
    # "We are SOC 2 compliant, use encryption, and never train on your data": coordinated predicates
    # each carry their own negation.
    r"|,\s+(?:and\s+)?(?=(?:we\s+|it\s+|they\s+)?(?:never|use|uses|offer|offers|provide|provides|encrypt|encrypts"
    r"|support|supports|hold|holds|maintain|maintains|undergo|undergoes)\b)"
    r"|,\s+and\s+(?=(?:is|are|was|were|will|does|do|has|have)\b)"
    # "We do not sell your data, and we will sign a DPA": a new subject starts a new statement.
    r"|,\s+and\s+(?=(?:we|it|they)\s+(?!not\b))",
    re.IGNORECASE,
)

# "not only", "whether or not" and friends are not negations.
_FALSE_NEGATION = re.compile(
    r"\bnot\s+(?:only|just|merely|limited\s+to)\b|\bwhether\s+or\s+not\b|\bif\s+not\b|\bno\s+(?:longer\s+than|more\s+than|later\s+than)\b"
    r"|\bno-\w+|\bnot\s+least\b|\bno\s+matter\b"
    # an audit's clean outcome: "with no non-conformities", "zero exceptions"
    r"|\b(?:no|zero|without\s+any)\s+(?:major\s+|minor\s+)?(?:non-?conformit(?:y|ies)|findings|exceptions|deviations|qualifications)\b"
    # "Art. 4 No. 7 GDPR": an abbreviated number, not a negation
    r"|\bNo\.\s*\d"
    # "not stored outside the region", "never leaves the EU": a double negative that keeps data in place.
    r"|\b(?:not|never)\s+(?:be\s+)?(?:stored|processed|transferred|moved|sent|copied)\s+(?:outside|elsewhere|abroad)\b"
    # "We never transfer data outside the EU": the same double negative, said by the vendor
    r"|\b(?:not|never|n['’]t)\s+(?:store|process|transfer|move|send|cop(?:y|ie))\w*\s+(?:\w+\s+){0,3}?(?:outside|elsewhere|abroad)\b"
    r"|\b(?:never|not|n['’]t)\s+leaves?\b"
    r"|\b(?:does|do|will|would)\s*(?:n['’]t|\s+not)\s+(?:alter|change|affect|modify|impact|reduce)\b"
    # "organizations that haven't enabled residency": the negation picks out whom the sentence is about.
    r"|\b(?:that|who)\s+(?:have|has|do|does|did|are|is)\s*(?:n['’]t|\s+not)\b"
    r"|\b(?:is|are)\s+not\s+the\s+default\b|\b(?:cannot|can['’]t|can\s+not)\s+be\s+changed\b"
    r"|\b(?:do|does|will)\s*(?:n['’]t|\s+not)\s+need\s+(?:anything|any\s+(?:other|additional|separate|extra)|a\s+separate)\b",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"\b(?:not|never|no|none|cannot|neither|nor|without\s+(?:any|a))\b"
    r"|n['’]t\b"
    r"|\b(?:declin\w*|refus\w*|lacks?|excluded|exclusion|yet\s+to|working\s+towards?|on\s+(?:our|the|its|their)\s+roadmap"
    r"|out\s+of\s+scope|underway|under\s+way"
    # negation without "not": "prohibited from using your data", "prevents providers from training"
    r"|prohibit\w*|prevent\w*\s+(?:\w+\s+){0,4}?from|barred\s+from)\b",
    re.IGNORECASE,
)
# A requirement the customer must meet is a condition: "requires disabling caching", "you still need a
# signed BAA", "provided ZDR is enabled", "once the BAA is accepted", "before submitting PHI".
_CUSTOMER = r"(?:you|customers?|clients?|users?|organi[sz]ations?|orgs?|admins?|administrators?|teams?|tenants?|accounts?)"
_REQUIREMENT = (
    # "The GDPR requires a DPA" describes the law, not a requirement of the offer.
    r"(?<!GDPR\s)(?<!HIPAA\s)(?<!\blaw\s)(?<!\bAct\s)(?<!\b28\s)\brequir(?:es|e)\s+(?:that\s+|you\s+to\s+|customers?\s+to\s+|\w+ing\b|(?:an?\s+|the\s+|your\s+)?(?:\w+\s+){0,2}?"
    r"(?:approv\w*|amendments?|agreements?|addend(?:um|a)|contracts?|subscriptions?|plans?|BAA|DPA|opt[- ]?in|consent"
    r"|signed|executed))"
    # Not "everything you need to know", nor the question "Do you need a BAA?".
    rf"|(?<!everything\s)(?<!\bdo\s)(?<!\ball\s)\b{_CUSTOMER}(?:['’]ll|['’]d)?\s+(?:will\s+|would\s+|still\s+|first\s+|also\s+)*"
    r"(?:needs?\s+(?:to\s+(?!know\b|understand\b|learn\b)|an?\s+|the\s+|approval|written|prior|your\s+)|must\s+(?:have|hold|be|sign|obtain|execute|accept|enable|use|meet)|have\s+to|has\s+to"
    r"|should\s+(?:first\s+)?(?:sign|enable|disable|request|apply|configure|opt|ensure|confirm|verify|review|assess))\b"
    r"|\bprovided\s+(?!(?:by|to|with|in|for|through|under|as|via|at|on|from|and|or|herein|above|below)\b)(?:that\s+)?"
    r"(?:[\w-]+\s+){1,4}?(?:is|are|has|have|was|were|remains?)\b"
    r"|\bonce\s+(?:\w+\s+){1,4}?(?:is|are|has\s+been|have\s+been)\s+(?:accepted|executed|signed|granted|completed|in\s+effect)"
    # "once you sign our BAA" (not "once a customer has signed up for notices")
    rf"|\bonce\s+{_CUSTOMER}\s+(?:have\s+|has\s+)?(?:(?:sign(?:s|ed)?|execut\w*|accept\w*)(?!\s+up)|enabl\w*|request\w*|opt\w*"
    r"|agree\w*|appl(?:y|ies|ied))\b"
    rf"|\bbefore\s+(?:{_CUSTOMER}\s+)?(?:send|submit|process|upload|use|transmit|stor)\w*"
    r"|\bpending\s+(?:\w+\s+){0,2}?(?:review|approval|assessment|sign-?off)|\b(?:is|are)\s+expected\s+(?:to|by|in)\b"
    r"|\bwith\s+(?:limited|certain|some|a\s+few|specific|narrow)\s+exceptions\b|\bexceptions\s+apply\b"
    # "Without a BAA, you must not send PHI": the agreement is the condition.
    r"|\bwithout\s+(?:an?\s+)?(?:signed\s+|executed\s+)?(?:BAA|DPA|Business\s+Associate\s+Agreement|agreement|contract"
    r"|approval)\b,?\s+(?:\w+\s+){0,3}?(?:must\s+not|cannot|can['’]t|may\s+not|should\s+not|shouldn['’]t)"
    r"|\b(?:is|are)\s+required\s+(?:before|prior\s+to|in\s+order\s+to|first)\b|\bprior\s+to\s+(?:send|submit|process|upload|us)\w*"
    r"|\bon\s+the\s+condition\s+that|\b(?:conditional|contingent)\s+(?:on|upon)|\bcase[- ]by[- ]case\b"
    r"|\bmust\s+(?:first\s+)?(?:enter\s+into|execute|accept|obtain|agree\s+to)\b"
)
# "May" is conditional only as an option for the customer ("you may apply for ZDR"; "may request a report"
# reads as available on request), a variation ("may vary by plan"), a limit of coverage ("may not be
# covered") or data that may go anywhere ("may be processed in any region"); "logs may contain prompts"
# and "may be kept for up to 30 days" state a fact.
_OPTION = (
    rf"\b{_CUSTOMER}\s+(?:\w+\s+)?(?-i:may|might)\s+(?:also\s+|then\s+|additionally\s+)?(?:apply|opt|elect|enable|disable"
    r"|turn|switch|sign\s+up|choose\s+to|decide|configure|qualify|be\s+(?:eligible|approved|granted))"
    rf"|\b{_CUSTOMER}\s+(?:\w+\s+)?can\s+(?:also\s+)?apply\b"
    r"|\bcustom\s+(?:data\s+)?retention\b"
    r"|(?-i:may|might)\s+(?:vary|differ)|(?-i:may|might)\s+not\s+(?:be|have|always|yet)\b"
    r"|(?-i:may|might)\s+(?:not\s+|still\s+|only\s+)?(?:be\s+)?(?:available|eligible|covered|offered|supported|applicable|apply"
    r"|in\s+preview|excluded)\b"
    r"|(?-i:may|might)\s+(?:be\s+)?\w+\s+(?:\w+\s+){0,4}?(?:in|to|across)\s+(?:any|other|another|multiple)\b"
    r"|(?-i:may|might)\s+(?:be\s+)?\w+\s+(?:\w+\s+){0,3}?outside\s+(?:of\s+)?(?:your|the)\s+(?:selected|chosen|specified)"
)
# Coverage or retention limited to some cases: "only offered in", "guaranteed only for", "for customers
# with an approved agreement", "content that is flagged", "where required by law".
_LIMITED = (
    r"\b(?:be\s+)?only\s+(?:be\s+)?(?:offered|supported|provided|guaranteed|covered|granted|applies|apply)\b"
    r"|\b(?:offered|supported|provided|guaranteed|covered|available|granted)\s+only\s+(?:for|to|on|when|if|with)\b"
    r"|\bonly\s+(?:the\s+)?(?:\w+\s+)?(?:tiers?|plans?|editions?)\b"
    r"|\bfor\s+(?:qualifying|approved)\s+(?:use\s+cases?|customers?|organi[sz]ations?|accounts?|workloads?)\b"
    rf"|\b{_CUSTOMER}\s+(?:that|who)\s+(?:have|has|do|does|are|is)\s*(?:n['’]t|\s+not)\b"
    # "customers approved for modified abuse monitoring", "customers who have an enterprise agreement"
    rf"|\b{_CUSTOMER}\s+(?:(?:who|that)\s+(?:are|have\s+been)\s+)?approved\s+(?:for|to)\b"
    # (an NDA to read a report is not a condition of the report: it is how every such report is shared)
    rf"|\b{_CUSTOMER}\s+(?:who|that)\s+(?:have|has)\s+(?:an?\s+|signed\s+|executed\s+|enabled\s+|opted\s+|accepted\s+)"
    r"(?!(?:an?\s+|the\s+)?(?:NDA|non-?disclosure|confidentiality))"
    r"|\b(?:will|can|may|do|does)\s+only\s+(?:sign|offer|provide|support|enable|allow|accept|cover)\w*"
    rf"|\bfor\s+(?:\w+\s+){{0,2}}?{_CUSTOMER}\s+(?:with\s+(?:an?\s+)?(?:approved|signed|executed|qualifying|active)"
    r"|on\s+(?:zero|ZDR|(?:an?\s+|the\s+)?\w+\s+(?:plan|tier|contract))|who\s+(?:have|has|are|use|enable|opt))\b"
    r"|\b(?:that|which|when|where|if)\s+(?:\w+\s+){0,3}?(?:is|are|has\s+been|have\s+been|gets?)\s+flagged|\bflagged\s+(?:by|as)\b"
    r"|\b(?:where|when)\s+(?:legally\s+|otherwise\s+|reasonably\s+)?(?:required|needed|necessary)\b"
)
CONDITION = re.compile(
    r"\b(?:unless|if|provided\s+(?:that|your?|the)|only\s+(?:if|when|for|to|available|once)|as\s+long\s+as"
    r"|only\s+(?:be\s+)?\w+ed\s+(?:when|if|once)\b"
    r"|only\s+on\s+(?:\w+\s+){0,3}?(?:plans?|tiers?|request|approval|accounts?|contracts?)"
    r"|subject\s+to(?!\s+(?:the\s+)?(?:HIPAA|GDPR|AI\s+Act|regulat\w+))"
    # "subject to the DPA": governed by a document that exists; "subject to a signed BAA" is a requirement.
    r"(?!\s+(?:the|our|this|these|its|your|applicable)\s+(?:[\w-]+\s+){0,3}?(?:Terms|Agreements?|Addend(?:um|a)|DPA|BAA|Polic(?:y|ies)|laws?)\b)|upon\s+approval|once\s+approved|who\s+(?:meet|are\s+approved|apply|qualify)"
    r"|(?:must|can|may)\s+(?:first\s+)?apply|must\s+(?:first\s+)?request|to\s+apply|opt(?:s|ed|ing)?[- ]?in\b"
    r"|should\s+be\s+(?:confirmed|verified|checked)|except(?:\s+where|\s+when|\s+as)?"
    r"|depend(?:s|ing)?\s+on|when\s+(?:\w+\s+){0,4}(?:enabled|configured|turned\s+on|approved|released)"
    r"|intends?\s+to|plans?\s+to|expects?\s+to|will\s+be\s+(?:published|available|made)"
    r"|at\s+(?:our|its|their|the\s+\w+['’]s|\w+['’]s)\s+(?:sole\s+)?discretion"
    r"|must\s+(?:first\s+)?(?:disable|request|apply|sign|enable|contact|configure|opt|be\s+approved)"
    r"|(?:need|needs|have|has)\s+to\s+(?:first\s+)?(?:sign|apply|request|enable|accept|enter|opt)"
    r"|when\s+(?:you|customers?|the\s+customer)\s+(?:\w+\s+){0,4}?(?:granted|approved|requested|enabled|opted)"
    r"|before\s+(?:sending|processing|using|uploading)|when\s+used\s+(?:under|with|in)"
    # "once zero data retention is in place", "when you enable it", "to achieve zero retention, ..."
    r"|once\s+(?:\w+\s+){1,4}?(?:is|are|has\s+been|have\s+been)\s+(?:in\s+place|enabled|approved|signed|configured|activated)"
    r"|when\s+(?:you|customers?|the\s+customer)\s+(?:enable|turn\s+on|configure|opt|activate)"
    r"|to\s+(?:achieve|obtain|qualify\s+for|get)\s+(?:zero|ZDR|a\s+BAA)"
    r"|request\s+an?\s+(?:exception|exemption|approval)"
    r"|with\s+an?\s+(?:qualifying|approved|eligible)\s+use\s+case"
    r"|(?:check|verify|confirm)\s+(?:that|whether|with)"
    r"|requires?\s+(?:an?\s+|the\s+|prior\s+)?(?:approv\w*|amendment|separate|enterprise|contract|signed)"
    r"|(?:customers?|plans?|tiers?|accounts?|users?|entities|organi[sz]ations)\s+only"
    r"|in\s+preview|preview\s+(?:features?|services?|models?))\b"
    rf"|{_REQUIREMENT}|{_OPTION}|{_LIMITED}",
    re.IGNORECASE,
)
UNCLEAR = re.compile(
    # ("not sure why people keep asking" doubts the question, not the answer)
    r"\b(?:not\s+(?:fully\s+|entirely\s+|completely\s+|really\s+|100%\s+|quite\s+)?(?:clear|sure|certain)(?!\s+why\b)"
    r"|unclear|uncertain|ambiguous|vague|no\s+idea|(?:do|does|did)\s*(?:n['’]t|\s+not)\s+know"
    r"|could(?:\s+not|n['’]t)\s+(?:find|confirm|tell|determine|verify)|can(?:not|['’]?t)\s+(?:find|tell|confirm)"
    r"|not\s+(?:known|documented|stated)|I\s+(?:wonder|am\s+not\s+sure|'m\s+not\s+sure)|it\s+is\s+not\s+clear"
    r"|(?:does\s+)?anyone\s+know|is\s+it\s+true|(?:docs?|documentation)\s+(?:do(?:es)?n['’]t|do(?:es)?\s+not)\s+say|grain\s+of\s+salt|unconfirmed|reportedly|I\s+was\s+told|ha(?:s|ve)(?:\s+not|n['’]t)\s+(?:shared|said|disclosed|stated|published)\s+how|(?:did\s+not|didn['’]t|ha(?:s|ve)\s+not|ha(?:s|ve)n['’]t|would\s+not|wouldn['’]t)\s+(?:yet\s+)?(?:say|said|announced?|disclosed?|confirm(?:ed)?|indicated?|comment(?:ed)?)\s+(?:on\s+)?(?:whether|if)|declined\s+to\s+(?:comment|say|confirm)|(?:have|has|did)(?:\s+not|n['’]t)\s+(?:seen|found)|I(?:['’]ve|\s+have)?\s+heard"
    r"|(?:got|received|heard|had)\s+no\s+(?:reply|response|answer)|no\s+one\s+(?:answered|replied)|still\s+waiting"
    # Hedges: the writer is guessing or passing on hearsay.
    r"|(?<!that\s)(?<!which\s)\b(?:is|are|seems?|looks?)\s+(?:very\s+|quite\s+|fairly\s+|highly\s+)?(?:un)?likely\s+to"
    r"(?!\s+(?:sign|follow|join|commit|support)\b)|\bpeople\s+familiar\s+with|\bsources\s+(?:said|say|told)"
    # ... but not an opinion or advice ("I think it is a good place to start").
    r"|\bwill\s+(?:most\s+|very\s+)?likely\b|\b(?:most\s+)?likely\s+will\b"
    r"|I\s+(?:think|believe|guess|suspect|assume)(?!\s+(?:that\s+)?(?:(?:it|this)(?:['’]s|\s+is|\s+would\s+be)\s+(?:a\s+|an\s+)?"
    r"(?:very\s+|really\s+)?(?:good|great|best|worth|important|useful|helpful|wise|better|fine)|you\s+should))"
    r"|my\s+(?:guess|understanding)|probably|presumably|rumou?rs?|word\s+is|apparently"
    r"|(?<!that\s)(?<!which\s)(?<!\bif\s)\b(?:seems?|appears?)\s+to|\bit\s+(?:seems|appears|looks\s+like)\b"
    r"|\bI\s+(?:haven['’]t|have\s+not|didn['’]t|did\s+not|couldn['’]t|could\s+not)\s+(?:\w+\s+)?(?:verif|confirm|check|test)\w*"
    r"|(?:could|might|may)\s+be\s+(?:wrong|mistaken)|from\s+what\s+I\s+(?:remember|recall|heard|understand|can\s+tell)"
    r"|if\s+I\s+(?:remember|recall)|(?:but|please|so|just|I['’]d|always)\s+(?:\w+\s+)?double[- ]check"
    r"|waiting\s+(?:to\s+hear|for\s+(?:a\s+|an\s+)?(?:reply|response|answer))|don['’]t\s+quote\s+me|going\s+from\s+memory"
    r"|nothing\s+(?:is\s+)?(?:confirmed|official)|not\s+(?:yet\s+)?confirmed|I['’]d\s+(?:verify|confirm|check))\b",
    re.IGNORECASE,
)
_ANSWER = re.compile(r"\?\s*(?:\n\s*)?(?:yes|no)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def sentences(text: str) -> list[Span]:
    return list(_sentences(text))


# The extractor asks about the same passage, sentence and clause many times (once per rule hit):
# remembering the answers keeps long passages fast. Strings are the keys, so nothing goes stale.
@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[Span, ...]:
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append(Span(start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append(Span(start, len(text)))
    return tuple(spans)


def enclosing(spans: list[Span], position: int) -> Span:
    for span in spans:
        if span.start <= position < span.end:
            return span
    return spans[-1] if spans else Span(0, 0)


def clause_of(text: str, sentence: Span, position: int) -> Span:
    """The clause of ``sentence`` that holds ``position``."""
    start = sentence.start
    for match in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
        if match.end() <= position:
            start = match.end()
        elif match.start() > position:
            return Span(start, match.start())
    return Span(start, sentence.end)


@lru_cache(maxsize=8192)
def negated(text: str) -> bool:
    return NEGATION.search(_FALSE_NEGATION.sub(" ", text)) is not None


# "If you delete a conversation, it is erased within 30 days": the user's own action starts the clock;
# the commitment itself does not depend on anything.
_FALSE_CONDITION = re.compile(
    r"\b(?:if|when|once|after)\s+(?:you|a\s+user|users|the\s+customer|customers)\s+(?:\w+\s+)?(?:delete|remove|erase|close|log\s*out|sign\s*out|end)\w*\b"
    # "for as long as your account is active": how long, not whether
    r"|\bas\s+long\s+as\s+(?:your|the)\s+(?:account|subscription|workspace)\s+(?:is|remains)\s+(?:active|open)\b"
    # "kept only for the length of the session", "only for 30 days": a period, not a condition
    r"|\bonly\s+for\s+(?:the\s+)?(?:length|duration|time|period|lifetime|\d+|up\s+to|a\s+(?:few|limited))\b"
    # "not subject to US jurisdiction": whose law applies, not a condition
    r"|\bsubject\s+to\s+(?:the\s+)?(?:[A-Z]{2,3}\s+|\w+\s+)?(?:jurisdiction|law\s+enforcement)\b"
    # "If you are located in the EU, ...": which entity serves whom, not a condition.
    r"|\bif\s+you\s+are\s+(?:located|based|resident|established)\s+in\b"
    # "If you have questions, contact us": an invitation, not a condition of the commitment.
    r"|\bif\s+you\s+(?:have|need|want|would\s+like|['’]d\s+like)\s+(?:any\s+)?(?:questions?|more\s+information|further"
    r"|additional\s+information|help|to\s+(?:learn|know|read|find\s+out))\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def conditional(text: str) -> bool:
    return CONDITION.search(_FALSE_CONDITION.sub(" ", text)) is not None


@lru_cache(maxsize=4096)
def unclear(text: str) -> bool:
    if UNCLEAR.search(text):
        return True
    # A question nobody answers in the same passage ("Does X sign a BAA?") is an open question.
    if "?" not in text or _ANSWER.search(text):
        return False
    # Open when nothing but the question is said; "How long? We keep them 30 days." is answered.
    after = text[text.rfind("?") + 1 :]
    return not re.search(r"[A-Za-z]{3,}", after)
