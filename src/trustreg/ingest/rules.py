"""Rule families: which words make a passage speak about which dimension.

Each rule has a name (shown on the claim, so a maintainer sees *why* it was proposed), the dimension
it signals and a mode saying what a negation in its clause means:

- ``affirm``: the thing exists ("SOC 2 report available"); negated means negative.
- ``use``: the thing is bad ("used to train"); negated means positive (the commitment not to).
- ``fixed``: the wording itself carries the polarity ("no-training guarantee", "stateless").

Patterns are written for vendor pages, legal terms, forum answers and blogs alike; badges glued
together by text extraction ("HIPAA BAASOC 2 Type II") must still match, so several patterns do
not insist on word boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trustreg.ingest.places import CLOUD_REGION_CODE, DATA_CENTRE_CITIES

DIMENSIONS = (
    "soc2_type2",
    "iso_27001",
    "iso_42001",
    "trust_center",
    "hipaa_baa",
    "gdpr_dpa",
    "training_on_customer_data",
    "retention_zdr",
    "data_residency",
    "gpai_cop",
    "art53_summary",
)

# Model developers whose access to customer data the no-training cell records.
DEVELOPERS = (
    r"OpenAI|Anthropic|Google|Mistral(?:\s+AI)?|Meta|Cohere|xAI|DeepSeek|AI21(?:\s+Labs)?|Stability(?:\s+AI)?"
    r"|model\s+(?:providers?|developers?|vendors?)|(?:third[- ]party\s+)?model\s+providers?"
    r"|providers\s+of\s+(?:the\s+)?models?(?:\s+sold\s+by\s+\w+)?"
)
REGIONS = {
    "EU": r"EU|European\s+Union|EU/EFTA",
    "EEA": r"EEA|European\s+Economic\s+Area",
    "Europe": r"Europe",
    "US": r"US|U\.S\.|USA|United\s+States",
    "UK": r"UK|United\s+Kingdom",
    "Japan": r"Japan",
    "Canada": r"Canada",
    "Australia": r"Australia",
    "India": r"India",
    "Switzerland": r"Switzerland",
    "Germany": r"Germany",
    "France": r"France",
    "Sweden": r"Sweden",
    "Netherlands": r"(?:the\s+)?Netherlands",
    "Ireland": r"Ireland",
    "Singapore": r"Singapore",
    "South Korea": r"(?:South\s+)?Korea",
    "Brazil": r"Brazil",
    "China": r"(?:the\s+People['’]s\s+Republic\s+of\s+)?China|PRC",
    "Asia Pacific": r"Asia(?:\s+Pacific|-Pacific)?|APAC",
}
# "sent to the OpenAI API" names the product, not the company receiving the data.
_NOT_PRODUCT = r"(?!\s+(?:API|APIs|Platform|platform|[Ss]ervices?|Service|endpoints?|models?))"
REGION_ALT = "|".join(f"(?:{v})" for v in REGIONS.values())
# Places that state residency without being a region name of their own ("in europe-west4", "in Frankfurt").
_PLACE = rf"(?:{REGION_ALT}|{CLOUD_REGION_CODE}|{DATA_CENTRE_CITIES})"
# Companies whose stance on the GPAI Code is news: "Microsoft has indicated it may sign".
_CODE_SIGNERS = rf"(?:{DEVELOPERS}|Microsoft|Amazon|IBM|Aleph\s+Alpha|Alibaba|Baidu|providers)"


@dataclass(frozen=True)
class Rule:
    name: str
    dimension: str
    pattern: re.Pattern[str]
    mode: str  # affirm | use | fixed
    # Lower-case words every match contains (one of each group): a passage without them skips the
    # pattern. Speed only; a wrong anchor would lose matches, so tests compare with and without.
    anchors: tuple[tuple[str, ...], ...] = ()

    def may_match(self, lowered: str) -> bool:
        return all(any(word in lowered for word in group) for group in self.anchors)


def _r(
    name: str,
    dimension: str,
    pattern: str,
    mode: str = "affirm",
    flags: int = re.IGNORECASE,
) -> Rule:
    return Rule(name, dimension, re.compile(pattern, flags), mode)


_STORE_VERB = (
    r"(?:retain\w*|stor(?:e|es|ed|ing)|kept|keeps?|log(?:s|ged)?|delet\w*|purg\w*|cach(?:e|es|ed|ing)"
    r"|persist\w*|eras\w*|save[sd]?)"
)
_DATA_NOUN = (
    r"(?:prompts?|completions?|inputs?|outputs?|data|content|responses?|conversations?|requests?|generations?"
    r"|logs?|files?)"
)

# "ISO/IEC 27001, 27017, 27018, and 42001": a standard named later in a list of numbers.
_ISO_LIST = r"(?:\d{5}(?::\d{4})?\s*(?:,\s*(?:and\s+)?|and\s+|&\s*|/\s*))*"

RULES: tuple[Rule, ...] = (
    # --- SOC 2 -----------------------------------------------------------------------------------
    _r(
        "soc2.name",
        "soc2_type2",
        r"SOC\s*-?\s*(?:1\s*(?:,|and|&|/)\s*(?:SOC\s*)?)?2(?![\d])(?:\s*(?:Type\s*(?:II|2)|\+))?",
        flags=0,
    ),
    _r("soc2.name", "soc2_type2", r"\bService\s+Organi[sz]ation\s+Control\s+(?:2|II)\b"),
    _r("soc2.reports", "soc2_type2", r"\b(?:SOC|audit|attestation)\s+reports?\b"),
    # "in scope for ISO, SOC, CSA STAR": SOC named bare in a list of programmes.
    _r(
        "soc2.name",
        "soc2_type2",
        r"\bSOC\b(?=\s*(?:,|and\b|&|compliance\b|audits?\b|attestations?\b))",
        flags=0,
    ),
    # --- ISO -------------------------------------------------------------------------------------
    _r("iso27001.name", "iso_27001", rf"ISO(?:/IEC)?[\s\-]*{_ISO_LIST}27001(?!\d)"),
    _r("iso42001.name", "iso_42001", rf"ISO(?:/IEC)?[\s\-]*{_ISO_LIST}42001(?!\d)"),
    _r(
        "iso42001.aims",
        "iso_42001",
        r"\bcertif\w+[^.;]{0,60}\bAI\s+management\s+system|\bAI\s+management\s+system\s*(?:\(AIMS\)\s*)?(?:\w+\s+){0,3}?certif\w+",
    ),
    # --- trust center ----------------------------------------------------------------------------
    _r(
        "trust.portal",
        "trust_center",
        r"\b(?:service\s+)?trust\s*(?:center|centre|portal|hub|page|site)\b",
    ),
    _r(
        "trust.portal",
        "trust_center",
        r"\b(?:security|compliance|privacy)\s+(?:portal|reports?\s+manager|hub|(?:resource\s+)?cent(?:er|re))\b",
    ),
    _r(
        "trust.portal",
        "trust_center",
        r"\bAWS\s+Artifact\b|\bservicetrust\.microsoft\.com|\btrust\.[a-z0-9-]+\.(?:com|ai|io|org)\b",
    ),
    # --- HIPAA -----------------------------------------------------------------------------------
    _r("hipaa.name", "hipaa_baa", r"\bHIPAA\b"),
    _r("hipaa.baa", "hipaa_baa", r"(?<![A-Za-z])BAAs?(?![a-z])", flags=0),
    _r(
        "hipaa.baa",
        "hipaa_baa",
        r"\bBusiness\s+Associate\s+(?:Agreement|Addendum|Amendment)s?\b",
    ),
    _r(
        "hipaa.phi",
        "hipaa_baa",
        r"\bPHI\b|\bprotected\s+health\s+information\b",
        flags=0,
    ),
    # --- GDPR / DPA ------------------------------------------------------------------------------
    _r(
        "gdpr.name",
        "gdpr_dpa",
        r"\bGDPR\b|\bGeneral\s+Data\s+Protection\s+Regulation\b",
    ),
    _r("gdpr.dpa", "gdpr_dpa", r"\bDPAs?\b", flags=0),
    _r(
        "gdpr.dpa",
        "gdpr_dpa",
        r"\b(?:Data[\s-]+(?:Processing|Protection)|Processor)\s+(?:Addendum|Agreement|Terms|Exhibit)\b",
    ),
    _r(
        "gdpr.scc",
        "gdpr_dpa",
        r"\bStandard\s+Contractual\s+Clauses\b|\bSCCs?\b|\b(?:EU\s+)?Model\s+Clauses\b|\bData\s+Privacy\s+Framework\b",
    ),
    _r("gdpr.scc", "gdpr_dpa", r"(?<![\w-])DPF(?![\w-])", flags=0),
    _r("gdpr.subprocessors", "gdpr_dpa", r"\bsub-?processors?\b"),
    _r(
        "gdpr.role",
        "gdpr_dpa",
        r"\b(?:as|acts?\s+as|role\s+as|is)\s+(?:a|the)?\s*(?:data\s+)?(?:processor|controller)\b",
    ),
    # --- training --------------------------------------------------------------------------------
    _r(
        "training.use",
        "training_on_customer_data",
        r"\b(?:use[sd]?|using|utili[sz]e[sd]?)\b[^.;:]{0,180}?\b(?:to|for)\s+(?:\w+\s+(?:or|and)\s+)?(?:future\s+|further\s+)?"
        r"(?:model\s+|AI\s+)?(?:train(?:ing)?|fine-?tune|retrain\w*)\b",
        "use",
    ),
    _r(
        "training.use",
        "training_on_customer_data",
        # "to provide, improve, and develop our products": the purpose is often one item of a list.
        r"\b(?:use[sd]?|using|utili[sz]e[sd]?|collect\w*|save[sd]?)\b[^.;:]{0,60}?\b(?:to|for)\s+(?:\w+(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){0,3}?"
        r"(?:\w+ly\s+)?(?:improv\w+|develop\w*|enhanc\w+)\b"
        r"[^.;:]{0,50}?\b(?:models?|products?|services?|AI|systems?|offerings?|Claude|Gemini|GPT[\w.-]*|ChatGPT|Llama"
        r"|Copilot|Le\s+Chat)\b",
        "use",
    ),
    _r(
        "training.train_on",
        "training_on_customer_data",
        rf"\btrain(?:s|ed|ing)?\s+(?:[\w-]+\s+){{0,3}}?on\s+[^.;:]{{0,50}}?\b(?:{_DATA_NOUN}|API\s+data)\b"
        r"|\b(?:not\s+)?trained\s+on\s+by\s+default\b"
        # "doesn't train on your stuff": whose data, not which noun, makes it about customers.
        r"|\btrain(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?on\s+(?:any\s+)?(?:your|customers?['’]?|users?['’]?|clients?['’]?)(?=\s)",
        "use",
    ),
    _r(
        "training.improvement",
        "training_on_customer_data",
        # "your chats help improve the assistant", "used for model improvement", "train our models using your
        # data", "not part of any training dataset", "never fed back into model training"
        r"\bhelps?\s+(?:us\s+)?improve\b|\b(?:for|to)\s+(?:model|AI)\s+(?:improvement|development)\b"
        r"|\btrain\w*\s+(?:our\s+|its\s+|their\s+|the\s+)?(?:AI\s+|foundation\s+)?models?\s+(?:using|with)\s+(?:your|customer|user)"
        r"|\b(?:part\s+of|included\s+in|added\s+to)\s+(?:any\s+|our\s+|the\s+)?training\s+(?:data(?:sets?)?|sets?|corpus|corpora)\b"
        r"|\bfe(?:d|eds?|eding)\b[^.;]{0,60}?\binto\s+(?:\w+\s+){0,2}?(?:training|models?)\b"
        # "used as training data", "your code never becomes training data"
        r"|\b(?:used\s+as|becomes?|become)\s+training\s+data\b",
        "use",
    ),
    _r(
        "training.guarantee",
        "training_on_customer_data",
        r"\bno[- ]training\b|\bzero[- ]training\b|\bnot\s+(?:a\s+)?training\s+(?:source|input)\b",
        "fixed",
    ),
    _r(
        "training.off_by_default",
        "training_on_customer_data",
        r"\btraining\s+(?:on\s+\w+\s+)?(?:is|are)\s+(?:turned\s+off|switched\s+off|disabled|off)\s+by\s+default\b"
        r"|\bopted\s+out\s+of\s+(?:model\s+)?training\s+by\s+default\b",
        "fixed",
    ),
    _r(
        "training.excluded",
        "training_on_customer_data",
        r"\bexclude[sd]?\s+from\s+(?:model\s+|AI\s+)?(?:training|model\s+improvement)\b"
        # "exclude your Customer Data from Slack global models"
        r"|\bexclude[sd]?\s+(?:your\s+|their\s+|customer\s+)?(?:[\w-]+\s+){0,2}?from\s+(?:[\w'’-]+\s+){0,3}?models\b",
        "use",
    ),
    _r(
        "training.opt_out",
        "training_on_customer_data",
        r"\bopt(?:[- ]?out|ing\s+out)\s+of\s+(?:\w+\s+){0,2}(?:model\s+)?(?:training|improvement)\b"
        # "Opting out only prevents future queries from being trained on"
        r"|\bopt(?:s|ed|ing)?[- ]?out\b[^.;]{0,60}?\b(?:being\s+)?trained\s+on\b",
        "use",
    ),
    _r(
        "training.developer_access",
        "training_on_customer_data",
        rf"\b(?:shared|sharing|share[sd]?|available|accessible|sent|disclosed|transmitted|passed|provided|exposed|flow)"
        rf"\s+(?:with|to|by)\s+(?:any\s+)?(?:services?\s+operated\s+by\s+)?(?:the\s+)?(?:{DEVELOPERS})(?![\w-]){_NOT_PRODUCT}"
        rf"|\binteract\w*\s+with\s+(?:any\s+)?(?:services?\s+)?(?:operated\s+by\s+)?(?:{DEVELOPERS})(?![\w-])"
        rf"|\b(?:{DEVELOPERS})\s+(?:do(?:es)?\s*n['’]?o?t|never|cannot|can['’]t|can|could|may)\s+(?:have\s+(?:any\s+)?)?"
        rf"(?:access|sees?|view|receives?|gets?)\b"
        rf"|\b(?:{DEVELOPERS})\s+(?:has|have|gets?)\s+(?:no|any)\s+access\b"
        rf"|\b(?:shar|send|sent|disclos|transmit|pass)\w*\s+(?:\w+\s+){{1,4}}?(?:with|to)\s+(?:the\s+)?(?:{DEVELOPERS})(?![\w-])"
        rf"{_NOT_PRODUCT}",
        "use",
    ),
    # --- retention / ZDR -------------------------------------------------------------------------
    _r(
        "retention.zdr",
        "retention_zdr",
        r"\bzero[- ]?(?:data[- ]?)?retention\b|\bZDR\b|\bno[- ]data[- ]retention\b",
    ),
    _r(
        "retention.abuse_monitoring_off",
        "retention_zdr",
        r"\b(?:modif\w*|turn\w*\s+off|opt\w*\s+out\s+of|disabl\w*|configure)\s+(?:the\s+)?[^.;]{0,40}?"
        r"(?:abuse\s+monitoring|content\s+(?:management|logging)|prompt\s+storage|data\s+logging)\b"
        r"|\babuse\s+monitoring\s+off\b|\bmodified\s+abuse\s+monitoring\b",
        "fixed",
    ),
    _r(
        "retention.stateless",
        "retention_zdr",
        r"\b(?:deleted|discarded|purged|erased)\s+(?:immediately|right\s+(?:after|away)|as\s+soon\s+as)\b"
        r"|\bimmediately\s+(?:deleted|discarded|purged|erased)\b|"
        rf"\bstateless\b|\bretains?\s+nothing\b|\bno\s+(?:\w+\s+){{0,3}}?{_DATA_NOUN}\s+(?:(?:or|and)\s+{_DATA_NOUN}\s+)?(?:are|is)\s+"
        r"(?:stored|retained|logged|kept)"
        rf"|\b(?:do(?:es)?\s*n['’]?o?t|never|won['’]t|will\s+not)\s+(?:store|log|retain|persist|keep)\w*\b"
        rf"|\b{_DATA_NOUN}\s+(?:(?:and|or|to|from|of)\s+\w+\s+)?(?:are|is)\s+(?:not|never)\s+"
        rf"(?:stored|retained|logged|persisted|kept)\b",
        "fixed",
    ),
    _r(
        "retention.store_data",
        "retention_zdr",
        r"\b(?:logs?|stores?|retains?|keeps?|persists?|caches)\s+(?:your\s+|customer['’]?s?\s+|all\s+|the\s+|such\s+|any\s+)?"
        r"(?:flagged\s+|submitted\s+|raw\s+|API\s+)?"
        r"(?:prompts?|completions?|inputs?|outputs?|conversations?|responses?|data|content)\b",
        "fixed",
    ),
    _r(
        "retention.policy",
        "retention_zdr",
        r"(?<!organization's )(?<!organisation's )(?<!your )(?<!own )\bretention\b(?!\s+and\s+governance)",
    ),
    # A storage verb counts only with a duration in its sentence (checked in the extractor).
    _r("retention.duration", "retention_zdr", rf"\b{_STORE_VERB}\b", "fixed"),
    _r(
        "retention.controlled",
        "retention_zdr",
        r"\b(?:customi[sz]e|configure|set|choose|control)\s+(?:how\s+long|when|how)\s+(?:\w+\s+){0,4}?"
        r"(?:retained|deleted|stored|kept|auto-?deleted|purged)\b",
        "fixed",
    ),
    # "that conversation is kept for years": a period without a number.
    _r(
        "retention.vague_period",
        "retention_zdr",
        r"\b(?:kept|retained|stored|saved|held)\s+(?:for\s+)?(?:years|months|weeks|ever|a\s+(?:year|month|week)|longer|indefinitely)\b",
        "fixed",
    ),
    # A table row "Business: 14 days", "| Conversations | 90 days |": a plan or kind of content, and a period.
    _r(
        "retention.table_cell",
        "retention_zdr",
        r"^\s*[-•*|]?\s*(?:(?:Enterprise|Business|Team|Teams|Pro|Plus|Free|Standard|Premium|Basic|Starter|Growth|Edu)"
        r"|(?:[\w-]+\s+)?(?:logs?|conversations?|chats?|messages?|prompts?|inputs?|outputs?|files?|history|data|traces?"
        r"|requests?|responses?))\s*[:|]\s*(?:\d+|one|two|three|seven|fourteen|thirty|ninety)\s*(?:days?|hours?|weeks?"
        r"|months?|years?)\b",
        "fixed",
    ),
    _r(
        "retention.until_deleted",
        "retention_zdr",
        r"\b(?:retain\w*|stor(?:e|es|ed)|kept|keeps?|persist\w*)\s+(?:\w+\s+){0,3}?until\s+(?:you|the\s+customer|customers?"
        r"|they\s+are|it\s+is|deleted|deletion|the\s+(?:end|termination))",
        "fixed",
    ),
    _r(
        "retention.how_long",
        "retention_zdr",
        r"\bhow\s+long\s+(?:\w+\s+){0,3}?(?:keep|keeps|retain\w*|store\w*)\b",
        "fixed",
    ),
    _r(
        "retention.logging_default",
        "retention_zdr",
        r"\b(?:invocation\s+|prompt\s+|request\s+|data\s+)?logging\s+is\s+(?:disabled|off|turned\s+off|not\s+enabled)"
        r"\s+by\s+default\b",
        "fixed",
    ),
    # --- residency -------------------------------------------------------------------------------
    _r(
        "residency.name",
        "data_residency",
        r"\b(?:data\s+)?residency\b|\bdata\s+locali[sz]ation\b|\bsovereign\w*\b",
    ),
    _r(
        "residency.boundary",
        "data_residency",
        r"\bdata\s*zones?\b|\bdata\s+boundary\b|\bin-region\b",
    ),
    _r(
        "residency.select_region",
        "data_residency",
        r"\b(?:select|choose|pick|specify|pin)\w*\s+(?:which|the|a|your|an?)?\s*(?:\w+\s+){0,2}?(?:regions?|geograph\w+"
        r"|locations?)\b|\b(?:regions?|locations?|geograph\w+)\s+(?:that\s+)?you(?:['’]ve|\s+have)?\s+(?:(?:select|choose|specify|pick)(?:ed|s)?|chose|chosen)\b"
        r"|\bregion\s+of\s+(?:your|their)\s+choice\b"
        # "created in the customer's chosen region", "the deployment region is fully configurable"
        r"|\b(?:chosen|selected|specified|preferred|home)\s+(?:data\s+)?region\b"
        r"|\b(?:deployment|data|storage|tenant['’]?s?)\s+region\s+(?:is|are)\s+(?:\w+\s+)?(?:configurable|locked|fixed|pinned)\b"
        r"|\bregions?\s+(?:allow|let)s?\s+you\s+(?:to\s+)?(?:specify|choose|select|pick)\b",
    ),
    _r(
        "residency.location",
        "data_residency",
        r"\b(?:stor\w+|process\w*|hosts?|hosted|kept|stays?|remains?|resides?|located|confined|pinned|deployed|occurs?|routed"
        r"|runs?|operated|housed|served|at\s+rest|created|takes\s+place|keeping\s+data|sent|sending)\s+"
        r"(?:\w+\s+){0,8}?(?:in|within|inside|to|outside)\s+(?:the\s+|a\s+|an\s+|your\s+|any\s+|other\s+|that\s+)?"
        rf"(?:{_PLACE}(?![\w-])|(?:[\w'’-]+\s+|\([^)]{{1,30}}\)\s+){{0,2}}?(?:regions?|geograph(?:y|ies)|geos?|member\s+states)\b"
        r"|(?:location|country)\s+(?:that\s+)?you\s+(?:select\w*|chose|choose|chosen|specif\w+))",
    ),
    _r(
        "residency.private_deployment",
        "data_residency",
        r"\b(?:deploy\w*|host\w*|run)\s+(?:\w+\s+){0,3}?(?:in|on|within)\s+(?:your\s+own|customer['’]?s?\s+own|a\s+private|your)"
        r"\s+(?:VPC|cloud|account|tenant|infrastructure|environment|data\s+cent(?:er|re)s?|premises)\b"
        r"|\bon-?prem(?:ise|ises)?\b|\bself-?host\w*|\bprivate\s+deployments?\b"
        r"|\b(?:regional|in-region|local)\s+(?:processing|endpoints?|hosting)\b",
    ),
    _r(
        "residency.data_centre",
        "data_residency",
        rf"\b(?:(?:{REGION_ALT}|European|American)(?![\w-])\s+(?:data\s+cent(?:er|re)s?|hosting|servers?)"
        rf"|data\s+cent(?:er|re)s?\s+(?:located\s+)?in\s+(?:the\s+)?(?:{REGION_ALT})(?![\w-]))",
    ),
    _r(
        "residency.multi_region",
        "data_residency",
        rf"\b(?:{REGION_ALT})[\s-]+(?:\([^)]{{1,30}}\)\s+)?(?:multi-)?regions?\b|\bcross-?region\b",
    ),
    _r(
        "residency.endpoint",
        "data_residency",
        # "the EU endpoint", "EU-hosted infrastructure", "the EU-based LangSmith service", "...eu.assemblyai.com"
        rf"\b(?:{REGION_ALT}|European)[\s-]+(?:(?:data\s+)?(?:residency\s+)?|region\s+|regional\s+)?endpoints?\b"
        rf"|\b(?:{REGION_ALT}|Europe)-(?:hosted|based|only|located)\b(?!\s+(?:companies|compan\w+|users?|customers?|teams?"
        r"|businesses|organi[sz]ations|merchants|startups?))"
        r"|\bhttps?://[\w-]*(?:\.|-)(?:eu|europe)[.-][\w.-]+|\b[\w-]+\.eu\.[\w-]+\.(?:com|ai|io|run)\b"
        # "use the .eu host for European traffic"
        r"|\.eu\s+(?:host|domain|endpoint|URL|base\s+URL)\b"
        r"|\b(?:host|endpoint|URL|domain)\s+for\s+(?:European|EU|EEA|US|UK)\s+(?:traffic|customers|users|data|requests|workloads)\b",
    ),
    _r(
        "residency.leave",
        "data_residency",
        # "never leaves the European Union", "transfer some of your data to third countries"
        rf"\b(?:leave|leaves|leaving)\s+(?:the\s+)?(?:{_PLACE}|(?:selected\s+|chosen\s+)?(?:region|country|geography))\b"
        rf"|\bno\s+(?:{REGION_ALT})\s+(?:data\s+)?(?:storage|hosting|processing|servers?)\b"
        r"|\btransfer\w*\s+(?:\w+\s+){0,8}?(?:to|outside(?:\s+of)?)\s+(?:the\s+)?(?:third\s+countries|other\s+countries"
        rf"|countries\b|the\s+(?:{REGION_ALT})|(?:{REGION_ALT})\b)",
    ),
    # --- GPAI code of practice -------------------------------------------------------------------
    _r(
        "gpai.code",
        "gpai_cop",
        r"\b(?:GPAI|general[- ]purpose\s+AI|AI\s+Act|EU['’]?s?|European)\b[^.;]{0,60}?"
        r"\bCode\s+of\s+Practice\b"
        r"|\bCode\s+of\s+Practice\s+(?:for|on)\s+(?:GPAI|general[- ]purpose)|\bGPAI\s+Code\b"
        r"|\b(?:the|this)\s+Code\s+of\s+Practice\b(?!\s+for\s+(?:cloud|PII|privacy|information))"
        # "a signatory of the Code": the capitalised short name next to signing.
        r"|\b(?:signator(?:y|ies)|sign(?:s|ed|ing)?)\s+(?:(?:of|to|on\s+to)\s+)?(?-i:the\s+Code)\b"
        # "refused to sign the code altogether", "will support the voluntary Code" (AI context is checked).
        r"|\b(?:sign|support|reject\w*)\s+(?:\w+\s+){0,2}?(?:the|this)\s+(?:voluntary\s+|new\s+)?code\b(?!\s+(?:base|review))",
    ),
    # "Microsoft has indicated it may sign", "partial signatures from xAI": news of the Code that names it
    # earlier in the article (other signable things are ruled out in the extractor).
    _r(
        "gpai.signer",
        "gpai_cop",
        rf"\b{_CODE_SIGNERS}\b[^.;]{{0,80}}?\b(?:sign(?:s|ed|ing)?|signator(?:y|ies))\b(?!\s+(?:up|in|on|off|into))"
        rf"|\b(?:signatures?|signatories)\s+(?:from|by)\s+{_CODE_SIGNERS}\b"
        # "signed the safety chapter only": the Code's chapters
        r"|\bsign(?:s|ed|ing)?\s+(?:only\s+)?the\s+(?:[\w&-]+\s+){0,3}?chapters?\b",
    ),
    # --- Art. 53 summary -------------------------------------------------------------------------
    _r("art53.article", "art53_summary", r"\bArt(?:icle|\.)?\s*53\b"),
    _r(
        "art53.summary",
        "art53_summary",
        r"\b(?:training[- ](?:data|content)|content\s+used\s+for\s+training)\s+summar(?:y|ies)\b"
        r"|\bsummar(?:y|ies)\s+(?:\w+\s+){0,3}?(?:of|about|on)\s+(?:the\s+)?(?:training\s+(?:data|content)"
        r"|(?:content|data)\s+used\s+(?:for|to|in)\s+(?:the\s+)?train\w*)",
    ),
)


_STORING = (
    "retain",
    "stor",
    "kept",
    "keep",
    "log",
    "delet",
    "purg",
    "cach",
    "persist",
    "eras",
    "save",
)
ANCHORS: dict[str, tuple[tuple[str, ...], ...]] = {
    "soc2.name": (("soc", "service organi"),),
    "soc2.reports": (("report",),),
    "iso27001.name": (("27001",),),
    "iso42001.name": (("42001",),),
    "iso42001.aims": (("management",),),
    "trust.portal": (("trust", "portal", "hub", "cent", "artifact", "manager"),),
    "hipaa.name": (("hipaa",),),
    "hipaa.baa": (("baa", "business"),),
    "hipaa.phi": (("phi", "health"),),
    "gdpr.name": (("gdpr", "general"),),
    "gdpr.dpa": (("dpa", "data", "processor"),),
    "gdpr.scc": (("standard", "scc", "model", "framework", "dpf"),),
    "gdpr.subprocessors": (("processor",),),
    "gdpr.role": (("processor", "controller"),),
    "training.use": (
        ("use", "using", "utili"),
        ("train", "tun", "improv", "develop", "enhanc"),
    ),
    "training.train_on": (("train",),),
    "training.guarantee": (("training",),),
    "training.improvement": (("improv", "train", "develop", "fed ", "feed"),),
    "retention.controlled": (("customi", "configur", "set", "choos", "control"),),
    "retention.vague_period": (("kept", "retained", "stored", "saved", "held"),),
    "retention.table_cell": (("day", "hour", "week", "month", "year"),),
    "training.off_by_default": (("default",),),
    "training.excluded": (("exclude",),),
    "training.opt_out": (("opt",),),
    "training.developer_access": (
        (
            "openai",
            "anthropic",
            "google",
            "mistral",
            "meta",
            "cohere",
            "xai",
            "deepseek",
            "ai21",
            "stability",
            "provider",
            "developer",
            "vendor",
        ),
    ),
    "retention.zdr": (("zero", "zdr", "no", "data"),),
    "retention.abuse_monitoring_off": (("abuse", "content", "prompt", "logging"),),
    "retention.stateless": (("delet", "discard", "purg", "eras", "stateless", "nothing", *_STORING),),
    "retention.store_data": (("log", "stor", "retain", "keep", "persist", "cach"),),
    "retention.policy": (("retention",),),
    "retention.duration": (_STORING,),
    "retention.until_deleted": (("until",),),
    "retention.how_long": (("long",),),
    "retention.logging_default": (("default",),),
    "residency.name": (("residen", "locali", "sovereign"),),
    "residency.boundary": (("zone", "boundary", "region"),),
    "residency.select_region": (
        (
            "select",
            "choos",
            "pick",
            "specif",
            "pin",
            "chose",
            "choice",
            "preferred",
            "home",
            "region",
        ),
    ),
    "residency.location": (
        (
            "stor",
            "process",
            "host",
            "kept",
            "stay",
            "remain",
            "resid",
            "locat",
            "confin",
            "pinned",
            "deploy",
            "occur",
            "rout",
            "run",
            "operat",
            "hous",
            "served",
            "rest",
            "created",
            "takes place",
            "keeping",
            "sent",
            "sending",
        ),
    ),
    "residency.private_deployment": (
        ("deploy", "host", "run", "prem", "private", "regional", "region", "local"),
    ),
    "residency.data_centre": (("cent", "hosting", "server"),),
    "residency.multi_region": (("region",),),
    "residency.endpoint": (
        (
            "endpoint",
            "-hosted",
            "-based",
            "-only",
            "-located",
            "http",
            ".eu",
            "host for",
            "url for",
            "domain for",
        ),
    ),
    "residency.leave": (("leav", "transfer", "no "),),
    "gpai.signer": (("sign",),),
    "gpai.code": (("code",),),
    "art53.article": (("53",),),
    "art53.summary": (("summar",),),
}
RULES = tuple(
    Rule(rule.name, rule.dimension, rule.pattern, rule.mode, ANCHORS.get(rule.name, ())) for rule in RULES
)


ANCHOR_WORDS = frozenset(word for rule in RULES for group in rule.anchors for word in group)


def anchor_words_in(lowered: str) -> frozenset[str]:
    """The anchor words a lower-cased sentence holds: each word is looked for once per sentence, not once
    per rule (the extractor then tests each rule's groups against this set)."""
    return frozenset(word for word in ANCHOR_WORDS if word in lowered)

