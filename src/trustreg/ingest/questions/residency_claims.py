"""When data residency's words are used without a claim (LABELS.md): the law described, what residency is, a
region named about limits or prices, a topic, a purpose, a case put, or where a company or a person is."""

from __future__ import annotations

import re

from trustreg.ingest.questions.base import PLACE, Mention

_I = re.IGNORECASE

# "The limits above are the same in the US and EU regions": a region named about quotas or prices.
_RESIDENCY_ASIDE = re.compile(
    r"\b(?:limits?|quotas?|rate\s+limits?|pric\w+|latency)\b", _I
)

_RESIDENCY_DATA = re.compile(
    r"\b(?:stor\w*|process\w*|host\w*|resid\w*|kept|keeps?|stays?|remains?|data)\b", _I
)

_RESIDENCY_TOPIC = re.compile(
    r"\b(?:requirements?|regulations?|mandates?|means|refers\s+to|discover\w*|checkbox|ideal\s+for|need\s+to\s+know"
    r"|concerns?|survey\w*|questions|priorit\w+"
    r"|crucial|latency|performance|faster|speeds?|pric\w+|terms\s+are\s+the\s+same|limits?\s+above|hardware"
    r"|Private\s+Service\s+Connect|often\s+require|does\s+not\s+mean|the\s+same\s+(?:for|in)|whether|hard\s+way"
    r"|governed\s+by\s+(?:\w+\s+)?law|CLOUD\s+Act)\b",
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
    r"|offered|apply|only|residency\s+solution|add-?on|supports?\s+(?:[\w-]+\s+){0,4}?(?:deployments?|hosting|regions?))\b",
    _I,
)


# "a startup located in Paris", "the personal data of people in the EU": where a company or a person is,
# not where data is kept.
_COMPANY_BEFORE = re.compile(
    r"\b(?:startup|company|firm|lab|team|office|offices|headquarters|HQ|vendor|provider|business|subsidiary|entity"
    r"|employees|staff)\s+(?:(?:is|are|that\s+is|which\s+is|that\s+are|who\s+are)\s+)?$",
    _I,
)
_PEOPLE_THERE = re.compile(
    r"\b(?:people|individuals|persons|residents|citizens|consumers|subjects|patients)\s+(?:who\s+(?:are|live)\s+)?"
    r"(?:located\s+)?(?:in|within|from)\s+\S+\s*$",
    _I,
)


def claims(m: Mention) -> bool:
    """False when a residency mention is vocabulary without a claim."""
    if m.rule == "residency.data_centre" and re.search(
        r"\b(?:build|building|built|open|opening|opened|invest\w*|construct\w*|expand\w*)\s+(?:\w+\s+){0,3}$",
        m.sentence[: max(0, m.sentence.find(m.match))],
        _I,
    ):
        return False  # "raised money to build new data centers in France": infrastructure news
    if m.rule == "residency.location":
        before = m.sentence[: max(0, m.sentence.find(m.match))]
        if re.match(r"(?i)located|based", m.match) and _COMPANY_BEFORE.search(before) or _PEOPLE_THERE.search(m.match):
            return False
    before = m.sentence[: max(0, m.sentence.find(m.match))]
    if re.search(r"\bwhether\s+(?:[\w-]+\s+){0,5}$", before, _I):
        return False  # "depends on whether you have a regionally hosted workspace": a case, not a statement
    if m.rule == "residency.name" and re.search(r"\bfor\s+(?:data\s+)?$", before, _I) and not re.search(
        rf"\b(?:in|within)\s+(?:the\s+)?{PLACE}(?![\w-])|\b(?:choose|select|region)", m.sentence, _I
    ):
        return False  # "Built for data residency and compliance": a purpose, no place or choice
    if m.rule not in (
        "residency.name",
        "residency.multi_region",
        "residency.location",
        "residency.private_deployment",
        "residency.data_centre",
    ):
        return True
    sentence = m.sentence.strip()
    if re.search(r"\b(?:laws?|legislation|regulations?|rules)\s+(?:in\s+[\w\s]{1,20}?)?(?:require|mandate|demand)s?\b", sentence, _I):
        return False  # "Data residency laws in India require payment data to stay in the country": the law described
    if re.search(r"\bresidency\s+(?:means|refers\s+to|is\s+(?:the|a|about))\b", sentence, _I) and not re.search(
        r"\b(?:available|offered|included|supported)\s+(?:on|in|for|with|to)\b|\b(?:option|add-?on|feature|setting|upgrade)\b",
        sentence,
        _I,
    ):
        return False  # what data residency is
    if _RESIDENCY_ASIDE.search(sentence) and not _RESIDENCY_DATA.search(sentence):
        return False
    concrete = _RESIDENCY_CONCRETE.search(sentence)
    if _RESIDENCY_TOPIC.search(sentence) and not concrete:
        return False
    return not (
        m.rule == "residency.name"
        and not (_RESIDENCY_OFFER.search(sentence) or concrete or re.search(r"\b(?:US|EU|EEA|UK)\b", sentence))
    )
