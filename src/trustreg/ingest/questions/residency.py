"""Data residency: where data is stored or processed, choosing or pinning a region, EU processing, or
the absence of any location guarantee (LABELS.md); who may use the service from where does not count.
Residency that depends on the deployment type or plan is conditional; processing that may leave the
region is negative.
"""

from __future__ import annotations

import re

from trustreg.ingest import cues
from trustreg.ingest.places import CLOUD_REGION_CODE, DATA_CENTRE_CITIES
from trustreg.ingest.questions import residency_claims
from trustreg.ingest.questions.base import (
    DEVELOPERS,
    LIMITED_SCOPE,
    PLACE,
    REGION_ALT,
    REGIONS,
    Facts,
    Mention,
    Question,
    hit_sentences,
    rule,
    sentence_text,
    with_anchors,
)

_I = re.IGNORECASE

# Choosing a region is about residency only when the sentence speaks of data ("... to reduce latency" is not).
_DATA_WORDS = re.compile(
    r"\b(?:data|stor\w*|process\w*|host\w*|residen\w*|keep|kept|content|prompts?|completions?|at\s+rest|reside"
    r"|workspaces?|projects?|tenants?)\b",
    re.IGNORECASE,
)

_TRANSFER_MECHANISM = re.compile(
    r"\b(?:Standard\s+Contractual\s+Clauses|SCCs?|adequacy|Data\s+Privacy\s+Framework|DPF|safeguards?|Binding\s+Corporate)\b",
    re.IGNORECASE,
)


def _about_data(text: str, match: re.Match[str]) -> bool:
    """Choosing a region is about residency only when the sentence speaks of data ("... to reduce latency" is not)."""
    if re.match(r"(?i)select|choos|pick|specif|pin", match.group(0)):
        return bool(_DATA_WORDS.search(sentence_text(text, match.start())))
    return True


def _not_a_transfer_mechanism(text: str, match: re.Match[str]) -> bool:
    """ "transfers outside the EEA rely on the SCCs": the transfer mechanism, a gdpr_dpa matter."""
    if match.group(0).lower().startswith(("transfer", "leav")):
        return not _TRANSFER_MECHANISM.search(sentence_text(text, match.start()))
    return True


# "a German data center": a country named by its adjective
_NATIONAL = r"German|French|Irish|Dutch|Swedish|Finnish|Swiss|British|Canadian|Australian|Japanese|Indian|Spanish|Italian"

RULES = with_anchors(
    (
        rule(
            "residency.name",
            "data_residency",
            r"\b(?:data\s+)?residency\b|\bdata\s+locali[sz]ation\b|\bsovereign\w*\b|\bdata\s+locality\b"
            r"|\bdata\s+cent(?:er|re)\s+location\b",
        ),
        rule(
            "residency.boundary",
            "data_residency",
            r"\bdata\s*zones?\b|\bdata\s+boundary\b|\bin-region\b",
        ),
        rule(
            "residency.select_region",
            "data_residency",
            r"\b(?:select|choose|pick|specify|pin)\w*\s+(?:which|the|a|your|their|an?)?\s*(?:\w+\s+){0,4}?(?:regions?|geograph\w+"
            r"|locations?)\b|\b(?:regions?|locations?|geograph\w+)\s+(?:that\s+)?you(?:['’]ve|\s+have)?\s+(?:(?:select|choose|specify|pick)(?:ed|s)?|chose|chosen)\b"
            r"|\bregion\s+of\s+(?:your|their)\s+choice\b"
            # "created in the customer's chosen region", "the deployment region is fully configurable"
            r"|\b(?:chosen|selected|specified|preferred|home)\s+(?:data\s+)?region\b"
            r"|\b(?:deployment|data|storage|tenant['’]?s?)\s+region\s+(?:is|are)\s+(?:\w+\s+)?(?:configurable|locked|fixed|pinned)\b"
            r"|\bregions?\s+(?:allow|let)s?\s+you\s+(?:to\s+)?(?:specify|choose|select|pick)\b",
        ),
        rule(
            "residency.location",
            "data_residency",
            r"\b(?:stor\w+|process\w*|hosts?|hosted|kept|stays?|remains?|resides?|located|confined|pinned|deployed|occurs?|routed"
            r"|runs?|operated|housed|served|at\s+rest|created|takes\s+place|keeping\s+data|sent|sending|keeps?|lives?"
            r"|travels?|flows?|divert\w*|redirect\w*)\s+"
            r"(?:[\w'’()-]+\s+){0,8}?(?:in|within|inside|to|outside)\s+(?:the\s+|a\s+|an\s+|your\s+|any\s+|other\s+|that\s+)?"
            # "lives in AWS eu-central-1": the cloud's name before its region
            r"(?:(?:AWS|Azure|GCP|Google\s+Cloud|Amazon|Microsoft)['’]?s?\s+)?(?:(?:West|Western|North|Northern|East|Eastern"
            r"|South|Southern|Central)\s+)?"
            rf"(?:{PLACE}(?![\w-])|(?:{REGION_ALT})-(?:domiciled|based|hosted|located)\b|(?:[\w'’-]+\s+|\([^)]{{1,30}}\)\s+){{0,3}}?(?:regions?|geograph(?:y|ies)|geos?|member\s+states"
            r"|data\s+cent(?:er|re)s)\b"
            # "stored in third countries", "processed in any country"
            r"|(?:third\s+|other\s+|several\s+|various\s+|multiple\s+)?(?:countr(?:y|ies)|jurisdictions?)\b"
            r"|(?:location|country)\s+(?:that\s+)?you\s+(?:select\w*|chose|choose|chosen|specif\w+))",
        ),
        # "Its servers are in France", "Our default processing region is eu-west-1"
        rule(
            "residency.place_is",
            "data_residency",
            rf"\b(?:servers?|data\s+cent(?:er|re)s?|infrastructure)\s+(?:is|are)\s+(?:\w+\s+){{0,2}}?(?:in|within|inside)\s+"
            rf"(?:the\s+)?{PLACE}(?![\w-])"
            r"|\b(?:processing|storage|hosting|default|primary|home)\s+regions?\s+(?:is|are)\b",
            anchors=(("server", "cent", "infrastructure", "region"),),
        ),
        rule(
            "residency.private_deployment",
            "data_residency",
            r"\b(?:deploy\w*|host\w*|run)\s+(?:\w+\s+){0,3}?(?:in|on|within)\s+(?:your\s+own|their\s+own|customer['’]?s?\s+own|a\s+private|your)"
            r"\s+(?:VPC|cloud|account|tenant|infrastructure|environment|data\s+cent(?:er|re)s?|premises)\b"
            r"|\bon-?prem(?:ise|ises)?\b|\bself-?host\w*|\bprivate\s+deployments?\b"
            r"|\b(?:regional|in-region|local)\s+(?:processing|endpoints?|hosting)\b"
            r"|\bregional(?:ly)?\s+(?:data\s+)?host(?:ing|ed)\b|\bVPC(?:[- ]based)?\s+deployments?\b",
        ),
        rule(
            "residency.data_centre",
            "data_residency",
            rf"\b(?:(?:{REGION_ALT}|European|American|{_NATIONAL})(?![\w-])\s+(?:data\s+cent(?:er|re)s?|hosting|servers?"
            r"|deployments?|routing|infrastructure|instances?"
            # "EU storage", "European data processing" (not "data processing terms", a DPA)
            r"|(?:data\s+)?(?:storage|processing)(?!\s+(?:agreements?|addend\w+|terms|exhibits?)))"
            rf"|data\s+cent(?:er|re)s?\s+(?:located\s+)?in\s+(?:the\s+)?(?:{REGION_ALT})(?![\w-])"
            # "our Frankfurt data center", "the eu-west-1 servers"
            rf"|(?:{DATA_CENTRE_CITIES}|{CLOUD_REGION_CODE})\s+(?:data\s+cent(?:er|re)s?|servers?))",
        ),
        rule(
            "residency.multi_region",
            "data_residency",
            rf"\b(?:{REGION_ALT})[\s-]+(?:\([^)]{{1,30}}\)\s+)?(?:multi-)?regions?\b|\bcross-?region\b",
        ),
        rule(
            "residency.endpoint",
            "data_residency",
            # "the EU endpoint", "EU-hosted infrastructure", "the EU-based LangSmith service", "...eu.assemblyai.com"
            rf"\b(?:{REGION_ALT}|European)[\s-]+(?:(?:data\s+)?(?:residency\s+)?|region\s+|regional\s+)?endpoints?\b"
            rf"|\b(?:{REGION_ALT}|Europe)-(?:hosted|based|only|located)\b(?!\s+(?:companies|compan\w+|users?|customers?|teams?"
            rf"|businesses|organi[sz]ations|merchants|startups?|firms?|labs?|providers?|vendors?|suppliers?|{DEVELOPERS}|Microsoft"
            r"|Amazon|IBM)\b)"
            r"|\bhttps?://[\w-]*(?:\.|-)(?:eu|europe)[.-][\w.-]+|\b[\w-]+\.eu\.[\w-]+\.(?:com|ai|io|run)\b"
            # "use the .eu host for European traffic"
            r"|\.eu\s+(?:host|domain|endpoint|URL|base\s+URL)\b"
            r"|\b(?:host|endpoint|URL|domain)\s+for\s+(?:European|EU|EEA|US|UK)\s+(?:traffic|customers|users|data|requests|workloads)\b",
        ),
        # "we cannot guarantee where your data is processed": the absence of any location guarantee
        rule(
            "residency.no_guarantee",
            "data_residency",
            r"\b(?:process|stor|transferr?|handl)\w*\s+anywhere\b"
            r"|\b(?:process|stor|transferr?|handl|host)\w*\s+(?:[\w,]+\s+){0,8}?(?:(?:around|across|throughout)\s+the\s+(?:world|globe)"
            r"|worldwide|globally)\b"
            r"|\b(?:cannot|can['’]t|can\s+not|do(?:es)?\s*n['’]?o?t|no)\s+(?:guarantee|promise|commit\w*(?:\s+(?:to|on|about|regarding|as\s+to))?"
            r"|control)\s+(?:\w+\s+){0,2}?(?:where|the\s+(?:\w+\s+)?(?:location|region|country)|which\s+(?:region|country|location))\b",
        ),
        rule(
            "residency.leave",
            "data_residency",
            # "never leaves the European Union", "transfer some of your data to third countries"
            rf"\b(?:leave|leaves|leaving)\s+(?:the\s+)?(?:{PLACE}|(?:selected\s+|chosen\s+)?(?:region|country|geography))\b"
            rf"|\bno\s+(?:{REGION_ALT})\s+(?:data\s+)?(?:storage|hosting|processing|servers?)\b"
            r"|\b(?:transfer|mov(?=e|ed|es|ing))\w*\s+(?:\w+\s+){0,8}?(?:to|outside(?:\s+of)?)\s+(?:the\s+)?(?:third\s+countries|other\s+countries"
            rf"|countries\b|the\s+(?:{REGION_ALT})|(?:{REGION_ALT})\b)",
        ),
    ),
    {
        "residency.name": (("residen", "locali", "sovereign", "data cent"),),
        "residency.boundary": (("zone", "boundary", "region"),),
        "residency.select_region": (("select", "choos", "pick", "specif", "pin", "chose", "choice", "preferred", "home", "region"),),
        "residency.location": (("stor", "process", "travel", "flow", "divert", "redirect", "host", "kept", "stay", "remain", "resid", "locat", "confin", "pinned", "deploy", "occur", "rout", "run", "operat", "hous", "served", "rest", "created", "takes place", "keeping", "sent", "sending", "keep", "live"),),
        "residency.private_deployment": (("deploy", "host", "run", "prem", "private", "regional", "region", "local"),),
        "residency.data_centre": (("cent", "hosting", "server", "storage", "processing", "deploy", "routing", "infrastructure", "instance"),),
        "residency.multi_region": (("region",),),
        "residency.place_is": (("server", "cent", "infrastructure", "region"),),
        "residency.endpoint": (("endpoint", "-hosted", "-based", "-only", "-located", "http", ".eu", "host for", "url for", "domain for"),),
        "residency.leave": (("leav", "transfer", "mov", "no "),),
        "residency.no_guarantee": (("guarantee", "promise", "commit", "control", "anywhere", "world", "globe", "global"),),
    },
    {"residency.select_region": _about_data, "residency.leave": _not_a_transfer_mechanism},
)

_DEPLOYMENT_TYPES = (
    ("Regional", r"\bRegional\b"),
    ("Data Zone", r"\bData\s?Zone\b"),
    ("Global", r"\bGlobal\b|\bglobal\s+(?:deployments?|endpoints?)"),
    ("Standard", r"\bStandard\b(?=\s+deployments?)"),
    ("Provisioned", r"\bProvisioned\b"),
    ("Cross-Region", r"(?i:\bcross-?region\b)"),
    ("Multi-region", r"(?i:\bmulti-?regions?\b)"),
)

_DEPLOYMENT_WORD = re.compile(r"\bdeploy\w*|\bendpoints?\b|\binference\b", re.IGNORECASE)

_REVIEWERS_EEA = re.compile(
    r"\b(?:reviewers?|employees|personnel|staff|engineers?|operators?)\b[^.]{0,100}?\blocated\s+in\s+the\s+"
    r"(?:EEA|European\s+Economic\s+Area|EU|European\s+Union)\b",
    re.IGNORECASE,
)

# A verb of keeping data somewhere, before the place.
_PLACE_STATED = re.compile(
    r"\b(?:stor\w+|process\w*|hosted|hosts?|hosting|housed|deployed|served|runs?|kept|stays?|remains?|resides?|confined"
    r"|pinned|at\s+rest|data\s+residency"
    r"|located|available)\b"
    r"[^.;]{0,60}?\b(?:in|within|inside)\b",
    re.IGNORECASE,
)

# "EU data residency", "US multi-region", "EU Regions", "European data centers".
_REGION_BEFORE_NOUN = re.compile(
    rf"(?<![\w-])((?:{REGION_ALT}|European))(?![\w-])\s+(?:\([^)]{{1,30}}\)\s+)?(?i:data\s+(?:residency|boundary|cent(?:er|re)s?)|(?:multi-?)?regions?"
    rf"|hosting|endpoints?)\b"
)

# "Data residency: US only", "Hosting location - EU": a table row naming the place.
_PLACE_LABEL = re.compile(r"\b(?:data\s+)?(?:residency|location|region|hosting)\s*[:–—]", re.IGNORECASE)

_REGION_SELECT = next(r.pattern for r in RULES if r.name == "residency.select_region")


def _region_names(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for name, pattern in REGIONS.items():
        match = re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", text)
        if match and not (name == "Europe" and re.search(r"European", text[match.start() : match.end() + 4])):
            found.append((match.start(), name))
    return [name for _, name in sorted(found)]


def residency_facts(text: str) -> Facts:
    facts: Facts = {}
    if _DEPLOYMENT_WORD.search(text):
        types = []
        for name, pattern in _DEPLOYMENT_TYPES:
            match = re.search(pattern, text)
            if match:
                types.append((match.start(), name))
        if types:
            facts["deployment_types"] = [name for _, name in sorted(types)]
    if _REGION_SELECT.search(text):
        facts["region_selectable"] = True
    reviewers = _REVIEWERS_EEA.search(text)
    if reviewers:
        facts["reviewers_located_in_eea"] = True
    place = _PLACE_STATED.search(text) or _PLACE_LABEL.search(text)
    if place and not reviewers:
        regions = _region_names(text[place.start() :])
        if regions:
            facts["regions"] = regions
    if "regions" not in facts and not reviewers:
        named = " ".join(match.group(1) for match in _REGION_BEFORE_NOUN.finditer(text)).replace(
            "European", "Europe"
        )
        if named:
            facts["regions"] = _region_names(named)
    return facts


_RESIDENCY_DENIED = re.compile(
    r"\bcannot\s+(?:yet\s+)?mandate\b|(?<!never\s)(?<!not\s)\b(?:occur|happen)s?\s+outside\b|\b(?:processed|stored|transferred|handled)\s+anywhere\b|\bany\s+of\s+(?:our|its|their|the)\s+(?:\w+\s+)?(?:regions|data\s+cent(?:er|re)s|locations)\b|\bregardless\s+of\s+(?:where|your\s+(?:location|region|country))\b|\bany\s+(?:region|countr(?:y|ies)|jurisdiction|location)\b|\bto\s+countries\b"
    r"|\bprocessed\s+in\s+North\s+America\b|\bother\s+countries\b|\bcountries\s+outside\b"
    r"|\bvariety\s+of\s+locations\b|\btransferred\s+to\s+and\s+stored\s+in\s+the\s+United\s+States\b"
    r"|\boutside\s+(?:the\s+)?(?:European\s+Economic\s+Area|EEA)\b|\band\s+other\s+countries\b"
    r"|\bthird\s+countries\b|\btransferred\s+outside\b"
    r"|\b(?:in|to)\s+(?:the\s+)?(?:People['’]s\s+Republic\s+of\s+China|PRC|China)\b"
    r"|\bcross-?region\s+(?:inference|processing|routing)\s+(?:occurs|happens|is\s+used|takes\s+place|may|can|will)\b"
    r"|\b(?:divert|redirect)\w*\s+(?:[\w()-]+\s+){0,8}?to\b|\bno\s+commitments?\s+(?:on|about|regarding|as\s+to)\b"
    r"|\bnot\s+(?:a|an)\s+(?:data\s+)?residency\s+(?:solution|option|offering|product|guarantee)\b"
    # "may leave the EU", "not limited to the EU", "processed by our affiliates around the world"
    r"|(?<!\bnever\s)(?<!\bnot\s)(?<!n['’]t\s)(?<!\bcannot\s)\b(?:leaves?|leaving)\s+(?:the\s+)?(?:EU|EEA|European|Europe|UK|US|region"
    r"|country|geography)\b|\bnot\s+(?:limited|restricted|confined)\s+to\s+(?:the\s+)?(?:EU|EEA|Europe|European|UK|US|your"
    r"|a\s+single|one|the\s+selected)\b|\b(?:around|across|throughout)\s+the\s+(?:world|globe)\b"
    r"|\b(?:processed|stored|transferred|hosted|handled)\s+(?:\w+\s+){0,3}?(?:worldwide|globally)\b"
    r"|(?<!never\s)(?<!not\s)\b(?:travels?|goes|flows?|moves?)\s+outside\s+(?:of\s+)?(?:the\s+)?(?:EU|European\s+Union|EEA|Europe)\b|\broute\w*\s+(?:[\w-]+\s+){0,6}?outside\s+(?:your|the)\s+region\b",
    _I,
)

_NOT_KEPT = re.compile(
    r"\b(?:and\s+)?(?:never|not)\s+(?:be\s+)?(?:stored|retained|logged|persisted|kept|saved|used\s+for\s+training"
    r"|written\s+to\s+disk)\b"
    # "stored in an EU server and therefore not subject to US jurisdiction": whose law, not where
    r"|\b(?:is\s+)?(?:therefore\s+)?not\s+subject\s+to\b",
    _I,
)

_NO_CROSS_BORDER = re.compile(
    r"\bno\s+(?:cross-border|US)\s+(?:data\s+)?(?:flow|transfer|storage|sub-?processors?)",
    _I,
)



# "applies only to data at rest", "processed transiently in the US": residency for part of the data.
_PART_OF_THE_DATA = re.compile(
    r"\bonly\s+(?:to\s+)?(?:data\s+)?at\s+rest\b|\bat\s+rest\s+only\b|\btransient(?:ly)?\b"
    r"|\bnot\s+(?:while|when)\s+(?:it\s+)?(?:moves|is\s+in\s+transit|(?:is\s+)?used\s+for\s+inference)",
    _I,
)
# "the Data Locality add-on", "Professional or higher plans": bought or plan-limited.
_ADD_ON = re.compile(r"\badd-?ons?\b|\b(?:or|and)\s+(?:higher|above)\b|\bhigher\s+(?:plans?|tiers?)\b", _I)


def _polarity(text: str, polarity: str, mentions: list[Mention] | None = None) -> str:
    if _NO_CROSS_BORDER.search(text):
        return "positive"
    if polarity == "negative" and mentions:
        # "served in Frankfurt and never stored": the negation is about keeping data, not where it is.
        said = " ".join(_NOT_KEPT.sub(" ", m.clause) for m in mentions)
        if not cues.negated(said):
            polarity = "positive"  # (a limited scope below still makes it conditional)
    if _RESIDENCY_DENIED.search(text):
        return "negative"
    if _PART_OF_THE_DATA.search(text) or LIMITED_SCOPE.search(text) or _ADD_ON.search(text):
        return "conditional"
    if polarity == "conditional" and re.search(
        r"\b(?:may|can)\s+(?:choose|select|pick)\b|\b(?:if|when|once)\s+you\s+(?:choose|select|pick|opt\s+for)\b", text, _I
    ):
        return "positive"  # choosing a region is the positive claim itself
    return polarity


QUESTION = Question(
    "data_residency",
    RULES,
    residency_facts,
    claims=residency_claims.claims,
    polarity=_polarity,
    scope=hit_sentences,
)
