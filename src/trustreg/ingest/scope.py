"""What LABELS.md (docs/labels.md) says a claim is, applied after the rules fired.

Two steps, both on plain strings so they stay independent of the rule machinery:

- ``is_claim``: a dimension's words used without a claim ("SOC 2 is an auditing framework", "GDPR
  compliance", "data residency requirements", "what is ZDR?") are dropped.
- ``labelled_polarity``: the polarity the guide gives once scope is read: limited scope (plan, tier,
  eligibility, approval, new projects) is conditional; the standard exceptions (the law, a court
  order) are not; training "unless you opt in" is positive and "unless you opt out" conditional;
  intent to sign or a partial signature is conditional; retention tied to an event is conditional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from trustreg.ingest import cues, generic


@dataclass(frozen=True)
class Mention:
    rule: str  # the rule's name, e.g. "soc2.name"
    sentence: str
    clause: str
    match: str


_I = re.IGNORECASE

# --- is_claim -----------------------------------------------------------------------------------------
_GENERALISATION = re.compile(
    r"\btypically\s+offer|^\W*Assumptions?\b|\bHIPAA\s+requires\b|\bdatasets?\s+used\s+to\s+train",
    _I,
)
_QUESTION = re.compile(r"\?\s*[\"'”’)]*\s*$")
_STATEMENT_AFTER = re.compile(r"\?\s+[^?]*[A-Za-z]{3,}[^?]*[.!]?\s*$")
_ANSWERED = re.compile(r"\?\s*(?:yes|no|nope|yep|correct|right)\b", _I)
# Words that make a certification, contract or region a holding of someone's, not a topic.
_HOLDING = re.compile(
    r"\b(?:certifi(?:ed|cation)|accredit\w*|audited|attest\w*|compliant|complies|achiev\w*|obtain\w*|received"
    r"|holds?|held|maintains?|has|have|had|is|are|was|were|offers?|offered|provides?|signs?|signed|available"
    r"|undergo\w*|in\s+progress|readiness|roadmap|report|reports|request|announc\w*|listed|covered|eligible|program\w*"
    r"|execut\w*|enter\w*|covers?|includes?|sign\w*|certificates?|letters?|scope)\b",
    _I,
)
_TOPIC = re.compile(
    r"\b(?:requirements?|requiring|obligations?|regulations?|frameworks?|mandates?|legislation|laws?|penalt\w+|fines?"
    r"|under\s+(?:the\s+)?(?:HIPAA|GDPR)|per\s+GDPR|GDPR\s+Art\w*|special-category|rights?\s+regarding"
    r"|(?:for\s+example|e\.g\.|such\s+as)\s*[,(]?\s*(?:GDPR|HIPAA|SOC))\b",
    _I,
)
_DEFINITION = re.compile(
    r"\b(?:is|are)\s+(?:an?|the)\s+(?:\w+[\s,-]+){0,6}?(?:standard|framework|document|contract|stamp|requirement"
    r"|certification\s+for|attestation\s+report|(?:vendor|party|company|entity|provider)\s+(?:that|who|which))\b"
    # "SOC 2 Type II is more rigorous than Type I", "SOC 2 reports are unique to each organization"
    r"|\bmore\s+\w+\s+than\b|\bunique\s+to\s+each\b|\bnot\s+a\s+certification\b"
    r"|\b(?:was|were)\s+published\b|\bpublication\s+of\b|\bdevelopment\s+(?:since|of)\b|\bmeans\s+(?:your|that|the)\b"
    r"|\brefers\s+to\b|\bcertifiable\b|\bcertificate\s+against\b|\bhype\b|\bwhat\s+is\b|\bmarketing\s+asset\b"
    r"|\blegal\s+document\b|\btypically\s+takes\b|\bisn['’]t\s+a\b|\btypically\s+offer\b|\bdoes\s+it\s+have\b",
    _I,
)
_ASKS_WHETHER = re.compile(
    r"\b(?:know|knowing|ask|asks|asked|asking|wonder\w*|check|find\s+out|question\w*|unsure|confirm)\s+"
    r"(?:\w+\s+){0,2}?(?:whether|if|where|how\s+long)\b",
    _I,
)
# "The limits above are the same in the US and EU regions": a region named about quotas or prices.
_RESIDENCY_ASIDE = re.compile(
    r"\b(?:limits?|quotas?|rate\s+limits?|pric\w+|latency)\b", _I
)
_RESIDENCY_DATA = re.compile(
    r"\b(?:stor\w*|process\w*|host\w*|resid\w*|kept|keeps?|stays?|remains?|data)\b", _I
)
_OPERATIONAL = re.compile(
    r"\b(?:audit\s+logs?|billing|invoices?|telemetry|metering|analytics|visitor|tracking\s+data|access\s+logs?"
    r"|security\s+logs?|account\s+(?:information|details|records))\b",
    _I,
)
_ON_INFRASTRUCTURE = re.compile(r"\b(?:runs?|built|hosted|relies)\s+on\b", _I)
_CUSTOMER_DATA = re.compile(
    r"\b(?:your|customers?['’]?s?|users?['’]?|clients?['’]?|business|enterprise|API|prompts?|inputs?|outputs?"
    r"|conversations?|chats?|content|code|queries|interactions?|messages?|submissions?|feedback|sessions?"
    r"|Customer\s+Data|snippets?|voice|threads?)\b",
    _I,
)
_MODEL_CORPUS = re.compile(
    r"\b(?:datasets?|tokens?|vocabulary|renewable|energy|multilingual|corpus|the\s+model(?!s)|metadata\s+section"
    r"|model\s+card)\b",
    _I,
)
_RETENTION_SUBSTANCE = re.compile(
    r"\b\d+|\b(?:one|two|three|seven|thirty|ninety|zero)\b|\bdays?\b|\bhours?\b|\bmonths?\b|\byears?\b"
    r"|\bZDR\b|\bzero\b|\b(?:not|never|no)\b|\bdelet\w*|\bpurg\w*|\bindefinite\w*|\bforever\b|\bstateless\b"
    r"|\buntil\b|\bimmediately\b|\bvar(?:y|ies)\b|\bdepend\w*|\b(?:extended|longer|shorter|custom)\b",
    _I,
)
_RETENTION_TOPIC = re.compile(
    r"\b(?:pric\w+|charg\w+|cost\w*|billed|savings|cookie|index\w*|affect|governance|compliance\s+needs"
    r"|aids?\s+in|how\s+\w+\s+handles|posture|concise|assumptions?|focus\s+on|typically)\b",
    _I,
)
_RESIDENCY_TOPIC = re.compile(
    r"\b(?:requirements?|regulations?|mandates?|means|refers\s+to|discover\w*|checkbox|ideal\s+for|need\s+to\s+know"
    r"|crucial|latency|performance|faster|speeds?|pric\w+|terms\s+are\s+the\s+same|limits?\s+above|hardware"
    r"|Private\s+Service\s+Connect|often\s+require|does\s+not\s+mean|the\s+same\s+(?:for|in)|whether|hard\s+way)\b",
    _I,
)
_RESIDENCY_OFFER = re.compile(
    r"\b(?:we|our|offers?|provides?|available|launched|choose|select|pick|deployed|hosted|stored|processed|stays?"
    r"|remains?|kept|served|routed)\b",
    _I,
)
_RESIDENCY_CONCRETE = re.compile(
    r"\b(?:stays?|stored|processed|hosted|deployed|located|created\s+in|supported\s+regions|choose|chosen|select\w*"
    r"|configur\w+|specify|migrat\w+|updated|option|planned|launched|keeping\s+data|sign\s+up|commitments?|covered"
    r"|offered|apply|only)\b",
    _I,
)
_ART53_VENDOR = re.compile(
    r"\b(?:we|our|has|have|had)\b[^.]{0,60}\bpublish\w*|\bpublish(?:ed|es)\s+(?:its|their|our)\b"
    r"|(?-i:\b[A-Z][\w-]+)\s+(?:has\s+|have\s+)?(?:not\s+)?(?:yet\s+)?publish(?:es|ed)\b"
    r"|\b(?:is|are)\s+(?:online|available)\b|\bprovides\s+the\s+public\s+summary\b|\bhasn['’]t\s+published\b"
    r"|\bwill\s+be\s+published\b|\bsummary\s+follows\b|\bfollowing\s+the\b"
    r"|\b(?:not|never|yet\s+to)\b[^.]{0,40}\bpublish\w*",
    _I,
)
_ART53_LAW = re.compile(
    r"\b(?:Commission|AI\s+Office|template|obligat\w+|imposes|requires?|required|must|Article\s+52"
    r"|industry\s+is\s+yet)\b",
    _I,
)
_REPORT_PORTAL = re.compile(
    r"\b(?:reports?|certificates?|certifications)\b[^.]{0,60}"
    r"\b(?:on|via|through|in)\s+(?:our|the|its)\s+(?:security|compliance|document|customer)\s+portal"
    r"|\byourcompany\b|\bexample\.com\b|\bportal\s+name\b",
    _I,
)
_HIPAA_CONTRACT = re.compile(
    r"\b(?:BAAs?|Business\s+Associate|eligib\w+|covered\s+services?|not\s+covered|is\s+not\s+covered)\b",
    _I,
)
_HIPAA_DENIED = re.compile(
    r"\bnot\s+HIPAA\b|\bHIPAA\b[^.]{0,40}\bnot\s+(?:covered|eligible)"
    r"|\b(?:may|must)\s+not\b[^.]{0,60}\b(?:PHI|protected\s+health)|\b(?:cannot|can['’]t)\b[^.]{0,40}\bPHI\b",
    _I,
)


def is_claim(dimension: str, text: str, mentions: list[Mention]) -> bool:
    """False when every mention of the dimension is vocabulary without a claim."""
    answered = bool(_ANSWERED.search(text) or _STATEMENT_AFTER.search(text))
    art53_context = dimension == "art53_summary" and _art53_is_law(text)
    return any(
        _mention_claims(dimension, answered, art53_context, m)
        for m in dict.fromkeys(mentions)
    )


def _art53_is_law(text: str) -> bool:
    if re.search(
        r"\bbuyers?\b|\bask\s+\w+\s+suppliers\b|\bhandful\b|(?:Commission|AI\s+Office)['’]?s?\s+(?:\w+\s+){0,2}?published"
        r"|\bpublished\s+(?:its|the|a)\s+template\b|\bpublished\s+that\s+template\b",
        text,
        _I,
    ):
        return True
    return bool(_ART53_LAW.search(text) and not _ART53_VENDOR.search(text))


@lru_cache(maxsize=8192)
def _mention_claims(
    dimension: str, answered: bool, art53_law: bool, m: Mention
) -> bool:
    sentence = m.sentence.strip()
    if _GENERALISATION.search(sentence) or generic.is_generic(sentence):
        return False  # "Enterprise plans typically offer ...", a cost model's "Assumptions: ..."
    if _QUESTION.search(sentence) and not answered:
        return False  # "Is my code used for training?" asks; it does not claim
    asked = _ASKS_WHETHER.search(sentence)
    if (
        asked
        and asked.end() <= max(0, sentence.find(m.match))
        and not re.search(r"\banyone|\banybody", sentence, _I)
    ):
        return False  # "users need to know whether their prompts remain in the EU": a question in the sentence
    if dimension == "gdpr_dpa" and m.rule == "gdpr.name":
        return (
            False  # "GDPR compliant" with no DPA, SCCs or subprocessor list is no claim
        )
    if (
        dimension == "hipaa_baa"
        and m.rule in ("hipaa.name", "hipaa.phi")
        and not (_HIPAA_CONTRACT.search(sentence) or _HIPAA_DENIED.search(sentence))
    ):
        return False  # "we support requirements such as HIPAA", "PHI prompts"
    if (
        dimension == "gdpr_dpa"
        and m.rule == "gdpr.subprocessors"
        and re.search(
            r"\b(?:no\s+)?(?:US|EU|EEA|UK|non-EU|non-US)\s+$",
            sentence[: max(0, sentence.find(m.match))],
            _I,
        )
    ):
        return False  # "No US sub-processors": where processing happens, a residency statement
    if (
        dimension == "gdpr_dpa"
        and m.rule in ("gdpr.dpa", "gdpr.subprocessors")
        and _DEFINITION.search(sentence)
    ):
        return False  # "A DPA is a legally binding document", "A sub-processor is a vendor that ..."
    if dimension in (
        "soc2_type2",
        "iso_27001",
        "iso_42001",
    ) and _ON_INFRASTRUCTURE.search(sentence):
        after = sentence[sentence.find(m.match) + len(m.match) :]
        if re.match(r"[\s/,\w-]{0,30}?\binfrastructure\b", after, _I):
            return False  # "runs on SOC 2 / ISO 27001 infrastructure": the host's certificate, not the vendor's
    if dimension in (
        "soc2_type2",
        "iso_27001",
        "iso_42001",
        "hipaa_baa",
        "trust_center",
    ):
        if _DEFINITION.search(sentence):
            return False
        if (
            _TOPIC.search(sentence)
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
            r"\b(?:like|such\s+as|e\.g\.,?|for\s+example,?)\s*$", before, _I
        ):
            return (
                False  # "certifications (like SOC 2 reports)" names a kind of document
            )
        if dimension == "trust_center" and _REPORT_PORTAL.search(sentence):
            return False  # a portal named only as where to fetch a report
        if (
            dimension in ("soc2_type2", "iso_27001", "iso_42001")
            and len(sentence.split()) >= 6
            and not _HOLDING.search(sentence)
        ):
            return False  # named in passing ("map to GDPR, HIPAA, SOC 2 and audit-logging needs")
    if (
        dimension == "training_on_customer_data"
        and m.rule == "training.developer_access"
    ):
        return False  # "the model provider never sees your data": a data-sharing claim, not training (LABELS.md)
    if dimension == "training_on_customer_data" and m.rule in (
        "training.use",
        "training.train_on",
    ):
        window = m.clause
        if _MODEL_CORPUS.search(window) and not _CUSTOMER_DATA.search(window):
            return False  # "the data that was used to train the model", "renewable energy used for training"
    if dimension == "retention_zdr" and re.match(
        r"\W*(?:Review|See|Learn|Read|Check|To\s+learn|How\s+long)\b", sentence, _I
    ):
        return False  # a pointer to documentation or a title, not a statement
    if (
        dimension == "retention_zdr"
        and _OPERATIONAL.search(sentence)
        and not _CUSTOMER_DATA.search(sentence)
    ):
        return False  # "Audit log retention 6 years", "telemetry is purged after 30 days": records, not content
    if (
        dimension == "retention_zdr"
        and m.rule == "retention.store_data"
        and re.search(
            r"\bin\s+(?:\w+\s+){0,5}?(?:regions?|data\s+cent(?:er|re)s?)\b",
            sentence,
            _I,
        )
    ):
        return False  # "stores data in separate US and EU regions": where, not how long
    if (
        dimension == "retention_zdr"
        and m.rule == "retention.policy"
        and (
            _RETENTION_TOPIC.search(sentence)
            or not _RETENTION_SUBSTANCE.search(sentence)
        )
    ):
        return False  # "retention policies", "data retention based pricing"
    if dimension == "data_residency" and m.rule in (
        "residency.name",
        "residency.multi_region",
        "residency.location",
        "residency.private_deployment",
    ):
        if re.search(
            r"\bresidency\s+(?:means|refers\s+to|is\s+(?:the|a|about))\b", sentence, _I
        ):
            return False  # what data residency is
        if _RESIDENCY_ASIDE.search(sentence) and not _RESIDENCY_DATA.search(sentence):
            return False
        concrete = _RESIDENCY_CONCRETE.search(sentence)
        if _RESIDENCY_TOPIC.search(sentence) and not concrete:
            return False
        if m.rule == "residency.name" and not (
            _RESIDENCY_OFFER.search(sentence)
            or concrete
            or re.search(r"\b(?:US|EU|EEA|UK)\b", sentence)
        ):
            return False
    if dimension == "art53_summary" and art53_law:
        return False
    # "If a provider decides not to sign the Code, ..." is the law described.
    return not (
        dimension == "gpai_cop"
        and re.search(
            r"\b(?:if|whether)\s+a\s+provider\b|\bdecides?\s+not\b", sentence, _I
        )
    )


# --- labelled_polarity ---------------------------------------------------------------------------------
_PLAN = (
    r"(?:Enterprise|Business|Team|Teams|Pro|Plus|Free|Growth|Edu|Education|paid|premium|qualifying|approved|eligible"
    r"|trusted)"
)
_LIMITED_SCOPE = re.compile(
    rf"\b(?:for|to|on|with|at)\s+(?:our\s+|the\s+|an?\s+|any\s+|their\s+|its\s+)?{_PLAN}\s+(?:\w+\s+)?(?:customers?|plans?|tiers?|users?"
    rf"|accounts?|organi[sz]ations?|editions?|subscribers?)\b"
    rf"|\b{_PLAN}\s+(?:customers?|plans?|tiers?|users?|accounts?|teams?|organi[sz]ations?)\s+(?:can|may|get|have|only|:)"
    rf"|^\W*(?:{_PLAN}(?:\s*(?:,|and|&|/)\s*(?:{_PLAN}))*)\s+(?:plans?|tiers?|data|users?|customers?|accounts?)?\s*[:—–-]?"
    r"|\bnew\s+projects?\b|\bexisting\s+(?:API\s+)?projects?\b|\beligible\s+(?:endpoints?|customers?|organi[sz]ations?)\b"
    r"|\b(?:on|under)\s+(?:a|an|the|our|any)\s+\w+\s+plan\b|\bplans?\s+only\b|\bonly\s+(?:\w+\s+){0,4}?(?:Enterprise|plan)\b"
    r"|\bnegotiat\w+|\bcontact\s+(?:sales|support|us|your\s+account)|\bmust\s+(?:execute|request|sign)"
    r"|\bthrough\s+(?:an?\s+)?Enterprise\b|\brequest\s+(?:a|an|the)\s+BAA\b|\bsubscribed\s+to\b"
    rf"|(?<!your\s)\b{_PLAN}(?:\s*(?:,|and|&)\s*{_PLAN})*\s+(?:data|prompts|content|code|conversations)\b"
    # "our business offerings", "For ChatGPT Team, Enterprise, and API users", "limited by the type of subscription"
    r"|\bbusiness\s+(?:offerings|products|plans|tiers|accounts)\b"
    rf"|\b{_PLAN}(?:\s*(?:,|and|or|&|/)\s*{_PLAN})+\s+(?:plans?|tiers?|accounts?|customers?|users?)\b"
    r"|\b(?:when|if)\s+(?:using|on|you\s+(?:use|are\s+on))\s+(?:the|a|an)\s+(?:\w+\s+)?(?:plan|tier)\b"
    rf"|^\W*{_PLAN}\b(?:\s*(?:,|and|&|/)\s*{_PLAN}\b)*\s*[:|]"
    rf"|\bfor\s+(?:\w+\s+)?{_PLAN}(?:\s*,\s*(?:and\s+)?[\w-]+)+\s+(?:users|customers|plans|accounts)\b"
    r"|\b(?:limited\s+by|depends?\s+on|varies\s+by|based\s+on)\s+(?:the\s+|your\s+)?(?:type\s+of\s+(?:the\s+|your\s+)?)?"
    r"(?:account\s+)?(?:subscription|plan|tier|licen[cs]e)"
    r"|\b(?:free|paid)\s+users\b|\bplanned\b|\bin\s+progress\b|\bundergoing\b|\breadiness\b|\bexpected\s+within\b|\bvia\s+the\s+store",
    _I,
)
_STANDARD_EXCEPTION = re.compile(
    r",?\s*(?:\(?\s*)?(?:unless|except)\s+(?:(?:where|when|as)\s+)?(?:otherwise\s+)?(?:we\s+are\s+)?"
    r"(?:legally\s+)?(?:required|obligated|necessary|needed)\s+(?:by|under|to\s+comply\s+with)\s+(?:the\s+)?"
    r"(?:applicable\s+)?(?:law|legal\s+\w+|court\s+order|regulation)s?\s*\)?"
    r"|\b(?:or\s+)?(?:to\s+)?comply\s+with\s+(?:the\s+)?(?:applicable\s+)?(?:law|legal\s+obligations?)\b"
    r"|\bexcept\s+where\s+the\s+law\s+requires\s+otherwise\b|\bunless\s+(?:otherwise\s+)?required\s+by\s+law\b",
    _I,
)
_OPT_IN_ONLY = re.compile(
    r"\bunless\s+(?:you|they|(?:the|a|an)\s+(?:customer|user|organi[sz]ation)|customers?|organi[sz]ations?|users?)\s+"
    r"(?:\w+\s+){0,2}?(?:opt(?:s|ed)?[- ]?in|gives?\s+(?:affirmative\s+)?(?:opt-in\s+)?consent|agree|instruct|choose|decide"
    r"|enable|share)\w*"
    r"|\bunless\s+you\s+have\s+instructed\b"
    r"|\b(?:not|never|n['’]t)\b[^.;]{0,80}\bwithout\s+(?:your\s+|their\s+)?(?:explicit\s+|prior\s+)?(?:permission|consent|opt-?in)\b"
    r"|\b(?:you|customers?|users?|organi[sz]ations?)\s+can\s+(?:choose\s+to\s+)?opt[- ]?in\b"
    r"|\bexplicit\s+opt-in\s+only\b|\bopt-in\s+only\b|\bonly\s+happens\s+if\b|\bis\s+opt-in,?\s+not\s+opt-out\b"
    r"|\bunless\s+they\s+explicitly\b|\bunless\s+you\s+explicitly\b|\bonly\s+(?:with|after)\s+(?:your\s+)?(?:explicit\s+)?consent\b",
    _I,
)
_OPT_OUT_CHOICE = re.compile(
    r"\bonce\s+(?:it|this|the\s+setting)\s+is\s+(?:off|turned\s+off|disabled)\b|"
    r"\bopt(?:s|ed|ing)?[- ]?out\b|\bturn(?:s|ed)?\s+off\b|\bswitch(?:es|ed)?\s+off\b|\bdisabl\w+\b|\ballow\s+or\s+disable\b"
    r"|\bcan\s+decline\b|\bunless\s+(?:the\s+user|you)\s+(?:turns?|switch)|\bprivacy\s+portal\b|\bGoogle\s+Form\b"
    r"|\bdo\s+not\s+train\s+on\s+my\s+content\b",
    _I,
)
_ONCE_ON = re.compile(
    r"(?:^|[.;]\s+)(?:when|once)\s+(?:it\s+is\s+)?(?:enabled|turned\s+on|active),"
    r"|\bonly\s+to\s+(?:endpoints|providers|routes)\s+that\b",
    _I,
)
_EXAMPLE = re.compile(r"\((?:e\.g\.|for\s+example|such\s+as)[^)]{0,200}\)", _I)
_ON_A_PLAN = re.compile(
    r"\bif\s+you\s+(?:use|are\s+on|have)\s+(?:a|an|the)\s+[^,.;]{0,60}?\b(?:account|plan|tier|subscription)s?\b",
    _I,
)
_INTENT = re.compile(
    r"\b(?:will|would|plans?\s+to|intends?\s+to|expects?\s+to|agreed\s+to|may|is\s+likely\s+to|likely\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:sign|support|follow\s+suit|join)\b|\bintent(?:ion)?\s+to\s+sign|\bcommitted\s+to\s+sign|\bconsider\w*\s+sign|\bwillingness\b|\bindicated\b|\bonce\s+(?:ready|finali[sz]ed)"
    r"|\bonly\s+(?:the\s+)?[\w\s&]{0,40}?chapter\b|\bchapters?\s+only\b|\bchapter\s+on\s+safety\b|\bpartial\w*\b|\bsigned\s+only\b"
    r"|\bSafety\s+and\s+Security\s+chapter\b",
    _I,
)
_REFUSAL = re.compile(
    r"\b(?:refus\w+|reject\w*|declin\w+|won['’]t|will\s+not|not\s+be\s+signing|not\s+(?:to\s+)?sign\w*|has\s+not\s+signed"
    r"|hasn['’]t\s+signed|no\s+\w+\s+(?:company|provider)\b[^.]{0,40}\bsigned)",
    _I,
)
_EVENT = re.compile(
    r"\b(?:if|when|where)\s+(?:you|your|a\s+user|users?|the\s+customer)\s+(?:\w+\s+){0,3}?(?:allow|send|submit|provide"
    r"|opt|choose|flag|report|use|share|give)\w*|\bflagged\b|\bfeedback\b|\bbug\s+reports?\b|\bStored\s+Completions\b"
    r"|\bstore:\s*true\b|\bchat\s+history\s+is\s+disabled\b|\bextended\s+(?:data\s+)?retention\b|\bautomation\s+rule\b"
    r"|\bcertain\s+features\b|\bwebsite\s+or\s+mobile\b|\bCLI\b",
    _I,
)
_ZDR_DENIED = re.compile(
    r"\b(?:does\s+not|doesn['’]t|do\s+not|cannot|can['’]t)\s+(?:apply|enforce)\b|\boutside\s+the\s+scope\b"
    r"|\bnot\s+(?:available|supported|covered|offered)\b|\bindefinitely\b"
    # "stored threads are outside your zero-retention agreement": negation without "not"
    r"|\boutside\s+(?:of\s+)?(?:your|the)\s+(?:[\w-]+\s+){0,2}?(?:agreement|scope|ZDR|zero[- ]retention|commitment)",
    _I,
)
_RESIDENCY_DENIED = re.compile(
    r"\bcannot\s+(?:yet\s+)?mandate\b|\bany\s+region\b|\bto\s+countries\b|\bprocessed\s+in\s+North\s+America\b"
    r"|\bvariety\s+of\s+locations\b|\btransferred\s+to\s+and\s+stored\s+in\s+the\s+United\s+States\b"
    r"|\boutside\s+(?:the\s+)?(?:European\s+Economic\s+Area|EEA)\b|\band\s+other\s+countries\b"
    r"|\bthird\s+countries\b|\btransferred\s+outside\b|\broute\w*\s+(?:[\w-]+\s+){0,6}?outside\s+(?:your|the)\s+region\b",
    _I,
)
# "Azure's attestation, not OpenAI's", "graded on OpenAI, not Microsoft": whose, not whether (a name has a
# lower-case second letter, so "not SOC 2 compliant" stays a denial).
_NOT_WHOSE = re.compile(
    r"(?-i:\bnot\s+(?:by\s+|from\s+)?(?:an?\s+)?[A-Z][a-z][\w-]*(?:['’]s)?)(?=[\s.,;)]|$)"
)
_NOT_KEPT = re.compile(
    r"\b(?:and\s+)?(?:never|not)\s+(?:be\s+)?(?:stored|retained|logged|persisted|kept|saved|used\s+for\s+training)\b",
    _I,
)
_NO_CROSS_BORDER = re.compile(
    r"\bno\s+(?:cross-border|US)\s+(?:data\s+)?(?:flow|transfer|storage|sub-?processors?)",
    _I,
)


def labelled_polarity(
    dimension: str, text: str, polarity: str, mentions: list[Mention] | None = None
) -> str:
    """The guide's polarity for a claim the rules read as ``polarity`` ("unclear" is left alone)."""
    if polarity == "unclear":
        return polarity
    text = _EXAMPLE.sub(
        " ", text
    )  # "(e.g., separate EU shards for enterprise customers)" is an example
    if mentions and len(cues.sentences(text)) > 3:
        # In a long passage, the sentences that hold the claim: a plan named elsewhere limits that
        # sentence's claim, not this one.
        text = " ".join(dict.fromkeys(m.sentence for m in mentions))
    if (
        polarity == "negative"
        and mentions
        and dimension not in ("training_on_customer_data", "gpai_cop")
    ):
        # "this is Azure's SOC 2 attestation, not OpenAI's": the negation says whose it is, not that it lacks.
        said = " ".join(_NOT_WHOSE.sub(" ", m.clause) for m in mentions)
        if said != " ".join(m.clause for m in mentions) and not cues.negated(said):
            polarity = "conditional" if cues.conditional(said) else "positive"
    if dimension == "gpai_cop":
        # "Google will sign the Code, while Meta said it would not": the clause that names the Code decides.
        named = [m for m in mentions or [] if m.rule == "gpai.code"] or mentions or []
        said = " ".join(m.clause for m in named) if named else text
        if _REFUSAL.search(said) or re.search(r"\bno\s+plans?\s+to\b", said, _I):
            return "negative"
        if _INTENT.search(said):
            return "conditional"
        return "negative" if polarity == "negative" else "positive"
    if dimension == "training_on_customer_data":
        return _training_polarity(text, polarity)
    if dimension == "retention_zdr":
        if _ZDR_DENIED.search(text) and re.search(
            r"\bZDR\b|zero[\s-]+(?:data[\s-]+)?retention|retain\w*\s+data", text, _I
        ):
            return (
                "conditional"
                if re.search(r"\bif\s+your\b|\bmay\s+retain\b", text, _I)
                else "negative"
            )
        if _EVENT.search(text) or _LIMITED_SCOPE.search(text):
            return "conditional"
        if (
            polarity == "conditional"
            and _ONCE_ON.search(text)
            and not cues.conditional(_ONCE_ON.sub(" ", text))
        ):
            return "positive"  # "When enabled, requests go only to zero-retention endpoints": what ZDR does once on
        if polarity == "conditional" and _STANDARD_EXCEPTION.search(text):
            rest = _STANDARD_EXCEPTION.sub(" ", text)
            return "conditional" if cues.conditional(rest) else "positive"
        if polarity == "negative" and re.search(
            r"\b(?:not|never)\s+(?:be\s+)?(?:persistently\s+)?(?:written|stored|retained|persist\w*)|\bdoes\s+not\s+persist",
            text,
            _I,
        ):
            return "positive"
        return polarity
    if dimension == "data_residency":
        if _NO_CROSS_BORDER.search(text):
            return "positive"
        if polarity == "negative" and mentions:
            # "served in Frankfurt and never stored": the negation is about keeping data, not where it is.
            said = " ".join(_NOT_KEPT.sub(" ", m.clause) for m in mentions)
            if not cues.negated(said):
                return "positive"
        if _RESIDENCY_DENIED.search(text):
            return "negative"
        if _LIMITED_SCOPE.search(text):
            return "conditional"
        if polarity == "conditional" and re.search(
            r"\b(?:may|can)\s+(?:choose|select|pick)\b", text, _I
        ):
            return "positive"  # choosing a region is the positive claim itself
        return polarity
    if dimension in ("soc2_type2", "iso_27001", "iso_42001"):
        if re.search(
            r"\bself-attest\w*|\bnot\s+a\s+certification\b|\bin\s+progress\b|\bundergoing\b|\breadiness\b"
            r"|\broadmap\b",
            text,
            _I,
        ):
            return "negative"  # an audit under way or planned: not held yet
        if _LIMITED_SCOPE.search(text):
            return "conditional"
        return polarity
    if (
        dimension in ("hipaa_baa", "gdpr_dpa")
        and polarity == "negative"
        and re.search(
            r"\bnot\s+(?:\w+\s+)?(?:available|signed|offered|offer|sign|provide)\b|\bhas\s+not\b|\bwon['’]t\s+sign\b",
            text,
            _I,
        )
    ):
        return "negative"  # "BAAs are not available for ChatGPT Free, Plus or Team": denied, whatever the plan
    if dimension in ("hipaa_baa", "gdpr_dpa"):
        if re.search(
            r"\bnot\s+(?:HIPAA|BAA)[- ]eligible\b|\bNo\s+BAA\b|\bnot\s+HIPAA\s+compliant",
            text,
            _I,
        ):
            return (
                "conditional"
                if re.search(r"\bby\s+default\b", text, _I)
                else "negative"
            )
        if _LIMITED_SCOPE.search(text) or re.search(
            r"\bqualifying\b|\bseparate\b|\bfor\s+customers?\s+on\b", text, _I
        ):
            return "conditional"
        if polarity == "conditional" and re.search(
            r"\bif\s+you\s+would\s+like\b|\breach\s+out\b", text, _I
        ):
            return "positive"
        return polarity
    return polarity


def _training_polarity(text: str, polarity: str) -> str:
    if _OPT_IN_ONLY.search(text):
        return "positive"  # not trained on unless the customer opts in: the guide's positive
    on_plan = _ON_A_PLAN.search(text)
    if (
        on_plan
        and polarity == "conditional"
        and not cues.negated(text)
        and not _OPT_OUT_CHOICE.search(text)
    ):
        rest = text[: on_plan.start()] + text[on_plan.end() :]
        if not cues.conditional(rest):
            return "negative"  # "trains on your chats if you use a Free plan": which offering, no way out
    if _LIMITED_SCOPE.search(text) and polarity in ("positive", "conditional"):
        return "conditional"
    if polarity == "positive" and re.search(
        r"\bexcept\s+(?:where|when|if|for)\b", text, _I
    ):
        return "conditional"  # "not used for training, except where users provide feedback"
    if _OPT_OUT_CHOICE.search(text):
        return "conditional"  # trained on unless you opt out
    if (
        polarity == "conditional"
        and re.search(r"\bby\s+default\b", text, _I)
        and not re.search(r"\bunless\b|\bif\b|\bopt-in\b", text, _I)
        and re.search(r"\b(?:not|never|no)\b|n['’]t\b", text, _I)
    ):
        return "positive"
    if re.search(
        r"\b(?:hasn['’]t|has\s+not|have\s+not|haven['’]t)\s+been\s+trained\s+on\b",
        text,
        _I,
    ):
        return "positive"
    return polarity
