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
    r"|trust\s+cent(?:er|re)s?|startups?|organi[sz]ations?|businesses|buyers?|offerings|products|apps|assistants|contracts|agreements|DPAs|BAAs|APIs|LLMs|signatories"
    r"|chatbots?|frontends?|applications?)"
)
_GENERIC_SUBJECT = re.compile(
    r"^\W*(?:[\w\s]{1,30}:\s*)?(?:(?:However|But|So|Also|And|Yet|In\s+practice|Today|Often|By\s+default|In\s+general"
    r"|Generally|Typically|Even)\W+)?"
    r"(?:(?:Without|With|Under|For|Before|After|Until|Since|In)\s+[^,]{1,40},\s*)?"
    # "many enterprise-tier LLM API offerings": a few describing words may sit before the kind
    rf"(?:(?:some|many|most|several|few|all|no|not\s+every|every|any|other|these|such)\s+(?:of\s+the\s+)?"
    rf"(?:[a-z][\w-]*\s+|AI\s+|LLM\s+|API\s+){{0,3}}?{_KIND}"
    rf"|(?:an?\s+)?(?:AI\s+|LLM\s+)?{_KIND}\s+(?:that|which|who|without|with|hosted|operated|based|running"
    r"|helps?|lets|allows|gives|shows)\b"
    rf"|(?:an?\s+)?{_KIND}\s+(?:may|might|can|often|typically|usually|generally|should|ought\s+to)\b"
    r"|others\s+(?:promise|say|claim|offer)"
    # "If your vendor stores data in the US, ...": a case put to the reader
    rf"|(?:if|when|once)\s+(?:your|a|an|the)\s+{_KIND}\b"
    # the law or an authority as the subject: "HIPAA requires ...", "The Commission adopted new SCCs"
    r"|(?:the\s+)?(?:European\s+|EU\s+|US\s+|national\s+|data\s+protection\s+)?(?:GDPR|HIPAA|(?:EU\s+)?AI\s+Act|CLOUD\s+Act|law|legislation|regulation|(?:European\s+)?Commission"
    r"|AI\s+Office|EDPB|regulators?|courts?|Schrems\s+II|Article\s+\d+|HHS"
    r"|(?:new\s+)?(?:EU-US\s+)?(?:Data\s+Privacy\s+)?Framework|DPF|SCCs|Standard\s+Contractual\s+Clauses)(?:['’]s)?\s+(?![\w-]*compli|eligib|BAA)"
    r"(?:[a-z]+s|made|adopted|replaced|published|introduced|updated|invalidated|want|expect|require|demand|warn|argue"
    r"|(?:also\s+)?(?:requires?|applies|defines))\b"
    # a role or a kind of organisation in general: "Auditors issue ...", "Processors must notify ...",
    # "Enterprises in regulated industries often need ..."
    r"|(?:the\s+|a\s+|an\s+|each\s+)?(?:auditors?|(?<![\w-])controllers?|(?<![\w-])processors|covered\s+entit(?:y|ies)"
    r"|business\s+associates|healthcare\s+(?:providers?|organi[sz]ations?)|hospitals|clinics|buyers|procurement\s+teams"
    r"|security\s+teams|model\s+providers|signatories)(?:\s+(?:of|in|under|with)\s+[^,]{1,40}?)?\s+(?:\w+\s+)?"
    r"(?:must|should|shall|need|needs|have\s+to|has\s+to|remain|remains|can|may|often|typically|usually|will|issue|review"
    r"|ask|expect|commit|agree)\b"
    r"|(?:[A-Za-z-]+\s+){0,2}?(?:enterprises|companies|businesses|organi[sz]ations|startups)\b(?:\s+(?:in|from|of|with|that|who)"
    r"\s+[^,]{1,40}?)?\s+(?:often|typically|usually|generally|increasingly|should|need|want|tend|expect)\b"
    # a doing as the subject: "Signing the Code is voluntary", "Getting a BAA takes weeks"
    r"|(?:Signing|Getting|Achieving|Obtaining|Passing|Choosing|Becoming|Having|Maintaining)\s+[^,]{1,50}?\s+"
    r"(?:is|are|was|can|takes|costs|requires|means)\b"
    # a risk put to the reader: "Sharing PHI with a tool that has no BAA can lead to fines"
    r"|(?:Sharing|Sending|Pasting|Uploading)\s+[^,]{1,60}?\s+(?:can|could|may|might|would|leads?\s+to|puts?|risks?|violates?)\b"
    # the reader's role or the reader's own contract: "If you are a covered entity, ...", "Your DPA should name ..."
    r"|If\s+you\s+are\s+(?:a|an)\s+(?:covered\s+entit(?:y|ies)|healthcare\s+\w+|hospital|clinic|(?:data\s+)?controller|processor"
    r"|business\s+associate)\b"
    r"|Your\s+(?:[\w-]+\s+){0,2}?(?:DPA|BAA|contract|agreement|vendor|provider)s?\s+(?:should|ought\s+to)\b"
    # a request to the reader, as in a questionnaire: "Provide the report or link to a trust portal"
    r"|(?:Provide|Attach|Upload|Describe|List|Specify|Indicate|Validate)\s+(?:the|a|an|your|any|all)\b"
    # a kind of document: "Standard DPAs were drafted for classic SaaS"
    r"|(?:Standard|Typical|Generic|Traditional|Conventional|Boilerplate|Off-the-shelf)\s+(?!(?:plans?|tiers?|accounts?|users?"
    r"|customers?|deployments?|endpoints?|models?)\b)(?:[\w-]+\s+){0,2}?[\w-]*s\s+(?:are|were|do|don['’]t|often|typically"
    r"|usually|rarely|tend|cover|lack|assume)\b)",
    _I,
)
# "Make sure your AI provider offers a BAA": the reader's vendor, not the page's.
_READERS_VENDOR = re.compile(
    r"^\W*(?:Make\s+sure|Ensure|Check|Verify|Confirm|Ask|Look\s+for|Insist|Find\s+out|Before\s+you|You\s+should|Request)\b"
    r"[^.]{0,80}?\b(?:your|the|a)\s+(?:AI\s+|LLM\s+|cloud\s+|model\s+|SaaS\s+|chosen\s+|current\s+)?(?:vendors?|providers?|suppliers?)\b(?!['’]s?\s+(?:own|is|are))", _I
)
# Capitalised words that are not the name of a company or product.
_NOT_A_NAME = re.compile(
    r"^(?:AI|API|APIs|LLM|LLMs|SaaS|SOC|ISO|IEC|HIPAA|GDPR|BAA|BAAs|DPA|DPAs|PHI|ZDR|EU|EEA|US|UK|USA|CCPA|NDA|PII"
    r"|European|Union|Code|Practice|Act|Type|II|I|Article|Art|Without|With|However|But|Most|Some|Many|Not|No|All"
    r"|Every|Several|Others|Other|Enterprise|Business|Free|Pro|Team|Plus|The|A|An|In|For|If|When|Yes|Today"
    r"|These|This|Those|Such|Few|By|Generally|Typically|Standard|Paid|Consumer"
    # places are not vendors: "An AI chatbot hosted in Germany ..."
    r"|Europe|America|United|States|Kingdom|Germany|France|Ireland|Sweden|Netherlands|Finland|Switzerland|Japan|Canada|Australia|India|China"
    r"|Singapore|Frankfurt|Dublin|London|Paris|Amsterdam"
    # the law's and the standards' own words
    r"|Commission|Office|Standard|Contractual|Clauses|Data|Privacy|Framework|Shield|Processing|Protection|Agreement"
    r"|Addendum|Associate|Regulation|General|Rule|Security|Directive|Court|Justice|CLOUD|NIST|CSF|AICPA|Schrems"
    r"|EU-US|EDPB|HHS|Trust|Center|Centre|Type|Signing|Getting|Achieving|Obtaining|Passing|Choosing|Becoming|Having"
    r"|Maintaining|Auditors?|Controllers?|Processors?|Enterprises|Companies|Businesses|Organi[sz]ations|Startups"
    r"|More|Fewer|Over|GPAI|IP|Request|Before|After|Until|Since|Even|If|Your|Provide|Attach|Upload|Describe|List|Specify|Indicate|Validate|Hospitals|Clinics|Buyers|Healthcare|Services|Criteria|Controls|Principles|Procurement|Legal|Compliance|Vendors|Signatories|Sharing|Sending|Pasting"
    r"|Uploading|Make|Ensure|Check|Verify|Confirm|Ask|Look|Under|Per|Model|Providers?"
    r"|January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Q[1-4]|H[12])$"
)
_WORD = re.compile(r"[A-Za-z][\w.-]*")


# "Opting out of training is easy in most apps": the sentence is scoped to a kind of vendor.
_GENERIC_SCOPE = re.compile(
    rf"\b(?:in|for|across|at|with)\s+(?:most|many|some|all|several)\s+(?:\w+\s+)?{_KIND}\b"
    # "More than 25 companies have signed", "when a vendor cannot produce a report": a count or a case of a kind
    rf"|^\W*(?:(?:more|fewer)\s+than\s+|over\s+|at\s+least\s+|about\s+|nearly\s+|almost\s+|around\s+)?\d+\s+(?:\w+\s+)?{_KIND}\b"
    r"|\b(?:if|when|once|unless|where)\s+(?:a|an|your)\s+(?:AI\s+|LLM\s+|model\s+|cloud\s+|SaaS\s+)?(?:vendor|provider|supplier"
    r"|company|tool)\b",
    _I,
)
_KIND_WORD = re.compile(_KIND, _I)
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")


@lru_cache(maxsize=8192)
def is_generic(sentence: str) -> bool:
    """True when the sentence speaks of a kind of vendor and names none (a vendor saying "we" is no kind)."""
    if not (
        _GENERIC_SUBJECT.search(sentence) or _GENERIC_SCOPE.search(sentence) or _READERS_VENDOR.search(sentence)
    ) or _FIRST_PERSON.search(sentence):
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


# "A SOC 2 Type II report covers ...", "ISO 27001 certification typically costs ...", "A BAA alone does not
# make a tool compliant", "The EU-US Data Privacy Framework replaced ...": the question's term, unowned,
# as the subject of a verb that describes the kind of thing it is; nobody is said to hold it.
_DESCRIBED = re.compile(
    r"^\W*(?:(?:When|Where|Whenever|If|Once)\s+[^,]{1,80},\s*)?(?P<det>(?:A|An|Any|Each|Every|One|The)\s+)?"
    r"(?P<subject>[^,;:()]{1,60}?)\s+(?:alone\s+|itself\s+|typically\s+|usually\s+|generally\s+|often\s+|normally\s+|also\s+|now\s+|increasingly\s+)?"
    r"(?P<verb>covers?|looks?\s+at|sets?\s+out|describes?|defines?|costs?|takes?|lasts?"
    r"|proves?|demonstrates?|(?:does|do)\s*(?:n['’]t|\s+not)\s+(?:make|mean|guarantee|cover)|focus(?:es)?\s+on"
    r"|(?:will|does|do|can)\s*(?:n['’]t|\s+not)\s+(?:tell|show|say|prove)|wo\s*n['’]t\s+(?:tell|show|say|prove)"
    r"|sounds?|involves?|(?:is|are)\s+only\s+as\s+(?:good|strong|useful|reliable)"
    r"|(?:is|are)\s+(?:sometimes\s+|also\s+|often\s+)?(?:called|known\s+as|referred\s+to\s+as)"
    r"|(?:is|are)\s+(?:still\s+|now\s+)?(?:rare|uncommon|widespread|popular)\b"
    r"|includes?|contains?|(?:is|are)\s+one\s+of|(?:is|are)\s+required\s+(?:whenever|by\s+law|under|for\s+(?:any|every|all))"
    r"|evaluates?|assess(?:es)?|examines?|verif(?:y|ies)|outlines?|governs?|specif(?:y|ies)|replaced|replaces"
    r"|(?:was|were)\s+(?:adopted|introduced|created|developed|drafted|updated|invalidated|replaced|written|designed|built)"
    r"|ensures?|provides?\s+(?:the|a)\s+(?:legal|lawful)|protects?|legitimi[sz]es?|permits?"
    r"|(?:is|are)\s+(?:very\s+|often\s+|notoriously\s+)?(?:expensive|costly|cheap|time-consuming|hard|difficult|easy|painful"
    r"|complex|rigorous|slow)\b"
    r"|(?:is|are)\s+(?:now\s+|increasingly\s+|often\s+|widely\s+)?(?:based\s+on|designed|intended|meant|valid\s+for|issued"
    r"|voluntary|optional|common"
    r"|expected\s+(?:by|of|from)\s+(?:most|many|all|every|any|enterprise|large)\b"
    r"|essential|important|crucial|critical|becoming|often|widely|a\s+must|table\s+stakes))\b",
    _I,
)
# "An ISO 27001 audit has two stages": only an indefinite subject, since "The SOC 2 report has ..." may be one's own.
_HAS_PARTS = re.compile(r"^\W*(?P<det>(?:A|An|Any|Each|Every)\s+)(?P<subject>[^,;:()]{1,60}?)\s+(?:has|have)\b", _I)
# Laws and the law's instruments, which "The" does not make anyone's: "The GDPR", "The Standard Contractual
# Clauses", "The Code of Practice".
_INSTRUMENT = re.compile(
    r"\b(?:GDPR|HIPAA|Act|Regulation|Framework|Clauses|SCCs|Code\s+of\s+Practice|standard|ISO(?:/IEC)?\s*\d+|criteria"
    r"|principles|requirements|chapters?|Rule)\b",
    _I,
)
_OWNER = re.compile(r"['’]s\b|\b(?:[Oo]ur|[Tt]heir|[Ii]ts|[Mm]y|[Yy]our|[Ww]e|us)\b")


@lru_cache(maxsize=8192)
def describes_term(sentence: str, match: str) -> bool:
    """True when ``match`` sits in the unowned subject of a sentence that says what such a thing is or does."""
    found = _DESCRIBED.match(sentence) or _HAS_PARTS.match(sentence)
    if not found or _FIRST_PERSON.search(sentence):
        return False
    subject = found.group("subject")
    at = sentence.find(match)
    if at < 0 or at < found.start("subject") or at + len(match) > found.end("subject") or len(subject.split()) > 7:
        return False
    if _OWNER.search(subject) or any(_names(w) for w in _WORD.findall(subject.replace(match, " "))):
        return False
    if re.match(r"(?i)(?:this|these|that|those)\b", subject) or not found.group("det") and not re.search(r"[A-Z]", subject[1:]):
        return False  # "This DPA contains ...": a document at hand; "Residency covers ...": a vendor's own feature
    return (found.group("det") or "").strip().lower() != "the" or bool(_INSTRUMENT.search(subject))


# "Read our guide to GDPR data processing agreements", "Learn how to set up a trust center": the term as the
# topic of a guide, a course or a how-to, not something anyone is said to hold.
_TOPIC_OF = re.compile(
    r"\b(?:guides?|introduction|primer|overview|explainer|checklists?|tutorials?|courses?|webinars?|e-?books?"
    r"|whitepapers?|FAQs?|101)\s+(?:to|on|of|for|about)\s+(?:[\w-]+\s+){0,3}?$"
    r"|\b(?:look\s+at|more\s+(?:on|about)|read\s+(?:more\s+)?about|learn\s+(?:more\s+)?about|deep[- ]dive\s+(?:into|on)"
    r"|posts?\s+(?:on|about)|^\W*Compare)\s+(?:[\w-]+\s+){0,3}?$"
    r"|\b(?:how|learn)\s+to\s+(?:set\s+up|build|create|launch|design|write|draft|negotiate|get|prepare\s+for|pass)\s+"
    r"(?:a|an|your|the)\s+(?:[\w-]+\s+){0,2}?$",
    _I,
)


@lru_cache(maxsize=8192)
def topic_of_a_guide(sentence: str, match: str) -> bool:
    at = sentence.find(match)
    return at >= 0 and bool(_TOPIC_OF.search(sentence[:at]))


# "The Irish DPA fined Meta ...", "Italy's data protection authority (DPA) banned ...": a regulator enforcing the
# law is regulatory background, not an offering's terms.
_ENFORCEMENT = re.compile(
    r"\b(?:DPAs?|(?:data\s+protection|supervisory)\s+authorit(?:y|ies)|regulators?|watchdogs?|Garante|CNIL|ICO|EDPB"
    r"|Commission|courts?)\)?\s+(?:has\s+|have\s+|had\s+)?(?:\w+\s+)?(?:fined|banned|ordered|sanctioned|blocked"
    r"|penali[sz]ed|imposed|investigat\w+|opened\s+(?:an?\s+)?(?:investigation|inquiry|probe)|ruled)\b",
    _I,
)


@lru_cache(maxsize=8192)
def enforcement(sentence: str) -> bool:
    return bool(_ENFORCEMENT.search(sentence)) and not _FIRST_PERSON.search(sentence)


# "No BAA means no PHI", "As a rule, ...": a maxim, true of any vendor.
_MAXIM = re.compile(
    r"\bno\s+(?:[\w-]+\s+){0,4}?means\s+no\b|^\W*As\s+a\s+(?:general\s+)?rule\b"
    # advice on vendors in general, even when "we" give it: "We recommend choosing a vendor that offers ..."
    r"|\b(?:recommend|suggest|advise)\w*\s+(?:\w+\s+){0,3}?(?:a|an|any)\s+(?:[\w-]+\s+)?(?:vendor|provider|tool|service|supplier)\b",
    _I,
)
# "covers the areas buyers care about: retention, DPA terms, EU data residency, HIPAA": the questions as topics.
_TOPIC_WORD = re.compile(
    r"\b(?:retention|DPAs?|residency|HIPAA|BAAs?|training|SOC\s*2|ISO|sub-?processors|trust\s+cent(?:er|re)|GDPR|ZDR"
    r"|encryption|SSO|pricing|plans?|incident)\b",
    _I,
)
_HOLDS = re.compile(
    r"\b(?:offers?|provides?|available|signs?|signed|certified|compliant|holds?|stores?|stored|keeps?|kept|retains?|deletes?"
    r"|supports?|includes?|never|not|no|eligible|in\s+scope|covered|attested|audited)\b",
    _I,
)


@lru_cache(maxsize=8192)
def maxim(sentence: str) -> bool:
    return bool(_MAXIM.search(sentence))


@lru_cache(maxsize=8192)
def lists_topics(sentence: str) -> bool:
    """A list naming three or more of the questions' topics, and holding none of them."""
    topics = {t.lower() for t in _TOPIC_WORD.findall(sentence)}
    return len(topics) >= 3 and sentence.count(",") >= 2 and not _HOLDS.search(sentence) and not _FIRST_PERSON.search(sentence)


# "A SOC 3 report is a condensed version of the SOC 2 Type 2 report": a standard defined in terms of another.
_DEFINES_A_STANDARD = re.compile(
    r"^\W*(?:A|An|The)?\s*(?:SOC\s*\d|ISO(?:/IEC)?\s*\d{4,5})[^,;:]{0,30}?\s+(?:is|are)\s+(?:an?|the)\s+", _I
)


@lru_cache(maxsize=8192)
def defines_a_standard(sentence: str, match: str) -> bool:
    """True when ``match`` is named in the definition of another standard (not as its subject)."""
    found = _DEFINES_A_STANDARD.match(sentence)
    return found is not None and sentence.find(match) >= found.end() and not _FIRST_PERSON.search(sentence)


# "HIPAA compliance for AI scribes: a practical guide", "EU data residency explained": a title of a guide.
_TITLE = re.compile(
    r"(?::|—|–|-)\s*(?:a|an|the)?\s*(?:[\w-]+\s+){0,2}?(?:guide|checklist|primer|overview|explainer|FAQ|tutorial)\s*\.?\s*$"
    r"|\b(?:explained|what\s+you\s+need\s+to\s+know|everything\s+you\s+need\s+to\s+know)\s*\.?\s*$"
    # "SOC 2 Type 1 vs Type 2: what's the difference?" (a short heading, up to its colon)
    r"|^[^.:?]{0,50}\b(?:vs\.?|versus)\s+[^.:?\d]{0,30}(?::|\?|$)",
    _I,
)


@lru_cache(maxsize=8192)
def a_title(sentence: str) -> bool:
    return bool(_TITLE.search(sentence)) and not _FIRST_PERSON.search(sentence)
