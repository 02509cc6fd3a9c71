"""What the certification and contract questions share (SOC 2, ISO 27001 and 42001, trust centre,
HIPAA BAA, GDPR DPA): when their names are used without a claim, the facts of a report, and the
polarity of a holding that is limited or not held yet.
"""

from __future__ import annotations

import re

from trustreg.ingest import cues
from trustreg.ingest.questions.base import DEFINITION, LIMITED_SCOPE, Facts, Mention

_I = re.IGNORECASE

# Words that make a certification, contract or region a holding of someone's, not a topic.
_HOLDING = re.compile(
    r"\b(?:certifi(?:ed|cations?)|accredit\w*|audited|attest\w*|compliant|complies|achiev\w*|obtain\w*|received"
    r"|holds?|held|maintains?|has|have|had|is|are|was|were|offers?|offered|provides?|signs?|signed|available"
    r"|undergo\w*|in\s+progress|readiness|roadmap|report|reports|request|announc\w*|listed|covered|eligible|program\w*"
    r"|execut\w*|enter\w*|covers?|includes?|sign\w*|certificates?|letters?|scope|completed|passed|earned|secured|attained"
    r"|renewed|granted)\b",
    _I,
)

_TOPIC = re.compile(
    r"\b(?:requirements?|requiring|requires?|obligations?|regulations?|frameworks?|mandates?|legislation|laws?|penalt\w+|fines?"
    r"|under\s+(?:the\s+)?(?:HIPAA|GDPR)|per\s+GDPR|GDPR\s+Art\w*|special-category|rights?\s+regarding"
    r"|(?:for\s+example|e\.g\.|such\s+as)\s*[,(]?\s*(?:GDPR|HIPAA|SOC))\b",
    _I,
)

_ON_INFRASTRUCTURE = re.compile(r"\b(?:runs?|built|hosted|relies)\s+on\b", _I)

_REPORT_PORTAL = re.compile(
    r"\b(?:reports?|certificates?|certifications)\b[^.]{0,60}"
    r"\b(?:on|via|through|in)\s+(?:our|the|its)\s+(?:security|compliance|document|customer)\s+portal"
    r"|\byourcompany\b|\bexample\.com\b|\bportal\s+name\b",
    _I,
)

_NDA = re.compile(
    r"\bunder\s+(?:an?\s+)?(?:NDA|non-disclosure)|\bNDA\b|\bnon-?disclosure\s+agreement|\bconfidentiality\s+agreement",
    re.IGNORECASE,
)

_ON_REQUEST = re.compile(
    r"\b(?:up)?on\s+request\b|\brequest\s+(?:them|it|a\s+copy|access)\b|\bneed\s+to\s+request\b"
    r"|\bcan\s+be\s+requested\b|\brequest\s+(?:the|our|a|your)\s+(?:\w+\s+){0,3}?(?:reports?|certificates?|copy)\b"
    r"|\bavailable\s+(?:up)?on\s+request\b",
    re.I,
)


def attestation_facts(text: str) -> Facts:
    facts: Facts = {}
    if _NDA.search(text):
        facts["requires_nda"] = True
    if _ON_REQUEST.search(text):
        facts["available_on_request"] = True
    return facts


# "sending PHI without a BAA is a HIPAA violation": the law's consequence, nobody's holding.
_CONSEQUENCE = re.compile(r"\b(?:is|are|would\s+be|constitutes?)\s+(?:an?\s+)?(?:\w+\s+)?(?:violations?|illegal|unlawful)\b", _I)


# "helps companies get SOC 2", "Get ISO 27001 certified in weeks", "compliance automation for SOC 2, HIPAA":
# the certification as the goal of the reader or of a vendor's customers, not something held.
_AS_A_GOAL = re.compile(
    r"\b(?:help\w*|lets?|enabl\w*|allow\w*|empower\w*|guid\w*)\s+(?:[\w-]+\s+){0,4}?(?:to\s+)?(?:get|achieve|pass|obtain"
    r"|become|prepare\s+for|reach|meet|maintain|stay)\b[^.]{0,40}$"
    r"|^\W*(?:Get|Achieve|Pass|Become|Prepare\s+for|Automate|Streamline|Simplify|Accelerate|Fast-track|Start)\b[^.]{0,40}$"
    r"|\b(?:automat\w+|software|tools?|platforms?|checklists?|templates?|guides?|playbooks?|consult\w+|auditors?|evidence"
    r"|questionnaires?|courses?|training)\s+(?:[\w-]+\s+){0,2}?for\s+[\w\s/,&-]{0,40}$",
    _I,
)
# "your SOC 2 report", "pass their SOC 2 audit": the reader's or someone else's certification.
_SOMEONE_ELSES = re.compile(r"\b(?:your|their)\s+(?:own\s+|first\s+|next\s+|latest\s+|annual\s+)?$", _I)
# "trust center software", "Build your trust center": a kind of product, not the vendor's portal.
_PORTAL_PRODUCT = re.compile(
    r"^\s*(?:software|products?|platforms?|tools?|solutions?|builders?|vendors?|providers?|market|category|pages?\s+builder)\b"
    r"|^s\s+(?:such\s+as|like|let|help|are|have|give|show|can)\b",
    _I,
)
# "hosted on AWS, which is SOC 2 certified": the certificate of the provider named just before, not the vendor's.
_ANOTHERS = re.compile(
    r"\b(?:on|uses?|using|via|through|with|by)\s+(?-i:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})\s*(?:\([^)]*\)\s*)?,?\s+"
    r"(?:which|who|whose)\b[^.]{0,40}$",
    _I,
)
# "A core component of ISO 27001 is ...": a part of the standard, described.
_PART_OF = re.compile(
    r"\b(?:component|part|element|clause|requirement|control|section|pillar|principle|annex)s?\s+of\s+(?:the\s+)?$", _I
)
# "the platform needed to implement the controls of ISO 42001": helping to meet the standard, not holding it.
_IMPLEMENTS = re.compile(
    r"\b(?:implement|meet|satisfy|comply\s+with|align\s+with|map\s+to)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:controls|requirements"
    r"|clauses)\b",
    _I,
)
_HELD = re.compile(r"\bcertifi\w*|\baudit\w*|\battest\w*|\bcertificates?\b", _I)
_PORTALS_AS_A_KIND = re.compile(
    r"\W*(?:[\w-]+\s+)?trust\s+(?:portals|cent(?:er|re)s)\s+(?:such\s+as|like|let|help|are|have|give|show|can)\b", _I
)
_CERTIFICATIONS = ("soc2_type2", "iso_27001", "iso_42001", "trust_center")


def _someone_elses(dimension: str, m: Mention) -> bool:
    """A certification or portal that is the reader's, a customer's goal or a product sold to others."""
    if dimension not in _CERTIFICATIONS:
        return False
    at = max(0, m.sentence.find(m.match))
    before, after = m.sentence[:at], m.sentence[at + len(m.match) :]
    if _AS_A_GOAL.search(before) or _ANOTHERS.search(before) and dimension != "trust_center" or _PART_OF.search(before):
        return True
    if _IMPLEMENTS.search(m.sentence) and not _HELD.search(m.sentence) and dimension != "trust_center":
        return True
    if _SOMEONE_ELSES.search(before) and not re.search(r"(?-i:\b(?!(?:I|A|An|The|If|When)\b)[A-Z][a-z]\w+)", before[1:]):
        return True
    return dimension == "trust_center" and bool(_PORTAL_PRODUCT.match(after) or _PORTALS_AS_A_KIND.match(m.sentence))


def named_claims(dimension: str, m: Mention) -> bool:
    """False when a certification, portal or contract is named without anyone holding it."""
    sentence = m.sentence.strip()
    if _someone_elses(dimension, m):
        return False
    if dimension in ("soc2_type2", "iso_27001", "iso_42001") and _ON_INFRASTRUCTURE.search(sentence):
        after = sentence[sentence.find(m.match) + len(m.match) :]
        if re.match(r"[\s/,\w-]{0,30}?\binfrastructure\b", after, _I):
            return False  # "runs on SOC 2 / ISO 27001 infrastructure": the host's certificate, not the vendor's
    if DEFINITION.search(sentence) or _CONSEQUENCE.search(sentence):
        return False  # what the thing is, or what the law says happens without it
    owned = re.search(r"(?:\b[Oo]ur|['’]s)\s+$", m.sentence[: max(0, m.sentence.find(m.match))])
    if (
        _TOPIC.search(sentence)
        and not owned
        and m.rule != "hipaa.baa"
        and not re.search(
            r"\b(?:we|our|is|are)\b[^.]{0,40}\b(?:certified|compliant|audited|attested)\b",
            sentence,
            _I,
        )
    ):
        return False
    before = m.sentence[: max(0, m.sentence.find(m.match))]
    if dimension != "trust_center" and re.search(
        r"\b(?:like|such\s+as|e\.g\.,?|for\s+example,?)\s*(?:[\w\s/&.-]{1,30}?(?:,|\band\b|\bor\b)\s*)?$", before, _I
    ):
        return False  # "certifications (like SOC 2 reports)" names a kind of document
    if dimension == "trust_center" and _REPORT_PORTAL.search(sentence):
        return False  # a portal named only as where to fetch a report
    return not (
        dimension in ("soc2_type2", "iso_27001", "iso_42001")
        and len(sentence.split()) >= 6
        and not _HOLDING.search(sentence)
    )  # named in passing ("map to GDPR, HIPAA, SOC 2 and audit-logging needs")


# Under audit, planned or on a roadmap: neither held nor refused.
_UNDER_WAY = re.compile(
    r"\bin\s+progress\b|\bundergoing\b|\breadiness\b|\b(?:on\s+(?:our|the|its|their|a)\s+(?:\d{4}\s+)?)?roadmap\b"
    r"|\bplann(?:ed|ing)\b|\bpursu\w+|\bworking\s+towards?\b|\bunder\s+(?:way|audit)\b|\bunderway\b"
    r"|\bexpect\w*\s+(?:to\s+(?:complete|receive|obtain|achieve)|completion|in\s+Q\d)"
    r"|\bscheduled\b|\bupcoming\b|\bnext\s+(?:quarter|year)\b",
    _I,
)


_CERTIFICATE_NAME = re.compile(r"\bSOC\s*[123]\b|\bISO(?:/IEC)?\s*\d{4,5}\b", _I)


def _own_parts(text: str, mentions: list[Mention] | None) -> str:
    """The part of each mention's clause up to the next certification's "and ..." ("holds ISO 27001 and is
    pursuing ISO 42001": the pursuit is 42001's)."""
    if not mentions:
        return text
    parts = []
    for m in mentions:
        at = m.clause.find(m.match)
        pieces = re.split(r"\s+(?:and|but|while|whereas)\s+(?=(?:is|are|has|have|was|were|it|we|they)\b)", m.clause)
        offset = 0
        for piece in pieces:
            start = m.clause.find(piece, offset)
            if at < 0 or start <= at < start + len(piece) + 1:
                parts.append(piece)
                break
            offset = start + len(piece)
    return " ".join(parts) or text


def certification_polarity(text: str, polarity: str, mentions: list[Mention] | None = None) -> str:
    """A self-attestation is no certification; one under audit, planned or on a roadmap is neither held nor
    refused, like an announced intent (conditional), unless the passage also denies holding it ("not yet
    certified; the audit is in progress"); one held for some plans is conditional."""
    if re.search(r"\bself-attest\w*|\bnot\s+a\s+certification\b", text, _I):
        return "negative"
    own = _own_parts(text, mentions)
    rest = text.replace(own, " ") if own != text else ""
    if _UNDER_WAY.search(rest) and not _UNDER_WAY.search(own) and _CERTIFICATE_NAME.search(rest):
        # "holds ISO 27001 and is pursuing ISO 42001": the pursuit belongs to the other certificate
        return "conditional" if LIMITED_SCOPE.search(own) else polarity
    if _UNDER_WAY.search(text):
        return "negative" if cues.negated(_UNDER_WAY.sub(" ", text)) else "conditional"
    if LIMITED_SCOPE.search(text):
        return "conditional"
    return polarity


def contract_polarity(text: str, polarity: str, mentions: list[Mention] | None = None) -> str:
    """A BAA or DPA: denied whatever the plan, limited to some customers, or offered on request."""
    if polarity == "negative" and re.search(r"\bonly\s+(?:when|if|once|after)\b", text, _I):
        return "conditional"  # "not a business associate by default; one only when a BAA is signed"
    if polarity == "negative" and re.search(
        r"\bnot\s+(?:\w+\s+)?(?:available|signed|offered|offer|sign|provide|covered)\b|\bhas\s+not\b|\bwon['’]t\s+sign\b",
        text,
        _I,
    ):
        return "negative"  # "BAAs are not available for ChatGPT Free, Plus or Team": denied, whatever the plan
    if re.search(r"\bnot\s+(?:HIPAA|BAA)[- ]eligible\b|\bNo\s+BAA\b|\bnot\s+HIPAA\s+compliant", text, _I):
        return "conditional" if re.search(r"\bby\s+default\b", text, _I) else "negative"
    if LIMITED_SCOPE.search(text) or re.search(
        r"\bqualifying\b|\bseparate\b|\b(?:for|to)\s+customers?\s+on\b|\bexcluding\b|\bexcept\s+for\b"
        r"|\bwith\s+the\s+exception\s+of\b|\bonly\s+after\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:review|approval|assessment|audit"
        r"|evaluation)\b",
        text,
        _I,
    ):
        return "conditional"
    if polarity == "conditional" and re.search(r"\bif\s+you\s+would\s+like\b|\breach\s+out\b", text, _I):
        return "positive"
    return polarity
