"""What every question module is made of: rules, the hits they make, mentions, and the question table.

A question module (``soc2``, ``training``, ``retention``, ...) holds everything the extractor knows
about one question of the catalogue: the rules whose words make a passage speak about it (with the
context checks a regular expression cannot express), the facts it reads, when its words are used
without a claim (``claims``), and how the labelling guide (docs/labels.md) adjusts its polarity
(``polarity``). The engine (``trustreg.ingest.extractor``) runs them all the same way.

Rule modes say what a negation in the rule's clause means:

- ``affirm``: the thing exists ("SOC 2 report available"); negated means negative.
- ``use``: the thing is bad ("used to train"); negated means positive (the commitment not to).
- ``fixed``: the wording itself carries the polarity ("no-training guarantee", "stateless").

Patterns are written for vendor pages, legal terms, forum answers and blogs alike; badges glued
together by text extraction ("HIPAA BAASOC 2 Type II") must still match, so several patterns do
not insist on word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trustreg.ingest import cues
from trustreg.ingest.places import CLOUD_REGION_CODE, DATA_CENTRE_CITIES

Facts = dict[str, Any]
_I = re.IGNORECASE

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
NOT_PRODUCT = r"(?!\s+(?:API|APIs|Platform|platform|[Ss]ervices?|Service|endpoints?|models?))"

REGION_ALT = "|".join(f"(?:{v})" for v in REGIONS.values())

# Places that state residency without being a region name of their own ("in europe-west4", "in Frankfurt").
PLACE = rf"(?:{REGION_ALT}|{CLOUD_REGION_CODE}|{DATA_CENTRE_CITIES})"

DATA_NOUN = (
    r"(?:prompts?|completions?|inputs?|outputs?|data|contents?|responses?|conversations?|requests?|generations?"
    r"|logs?|files?|chats?|messages?|code|uploads?|queries|interactions?|recordings?|transcripts?|threads?"
    r"|history|submissions?)"
)



@dataclass(frozen=True)
class Rule:
    name: str
    dimension: str
    pattern: re.Pattern[str]
    mode: str  # affirm | use | fixed
    # Lower-case words every match contains (one of each group): a passage without them skips the
    # pattern. Speed only; a wrong anchor would lose matches, so tests compare with and without.
    anchors: tuple[tuple[str, ...], ...] = ()
    # A context check a regular expression cannot express: (passage, match) -> keep the match.
    accept: Callable[[str, re.Match[str]], bool] | None = None
    # For a ``fixed`` rule: words before the match in its clause that deny the fixed wording
    # ("there is no option to turn off abuse monitoring").
    denial: re.Pattern[str] | None = None

    def may_match(self, lowered: str) -> bool:
        return all(any(word in lowered for word in group) for group in self.anchors)


def rule(
    name: str,
    dimension: str,
    pattern: str,
    mode: str = "affirm",
    flags: int = re.IGNORECASE,
    *,
    anchors: tuple[tuple[str, ...], ...] = (),
    accept: Callable[[str, re.Match[str]], bool] | None = None,
    denial: re.Pattern[str] | None = None,
) -> Rule:
    return Rule(name, dimension, re.compile(pattern, flags), mode, anchors, accept, denial)


@dataclass(frozen=True)
class Hit:
    """Where one rule matched: the match's offsets, and the sentence and clause that hold it."""

    rule: Rule
    start: int
    end: int
    sentence: cues.Span
    clause: cues.Span


@dataclass(frozen=True)
class Mention:
    """A hit as plain text, for the guide's checks."""

    rule: str  # the rule's name, e.g. "soc2.name"
    sentence: str
    clause: str
    match: str


def _always(mention: Mention) -> bool:
    return True


def _everywhere(text: str) -> bool:
    return True


def _as_read(text: str, polarity: str, mentions: list[Mention] | None) -> str:
    return polarity


def _no_override(facts: Facts) -> str | None:
    return None


def _no_combination(found: list[str], near: str, facts: Facts) -> str | None:
    return None


def _whole_clause(clause: str) -> str:
    return clause


def _no_passage_facts(text: str, hits: list[Hit], facts: Facts) -> None:
    return None


@dataclass(frozen=True)
class Question:
    """One question of the catalogue, as the extractor reads it."""

    id: str
    rules: tuple[Rule, ...]
    # Facts the words state, read from ``scope`` (the passage, or the part ``scope`` picks).
    facts: Callable[[str], Facts]
    # False when a mention is the question's vocabulary used without a claim.
    claims: Callable[[Mention], bool] = _always
    # False when the whole passage speaks of the law or the topic, not of anyone's stance.
    passage_claims: Callable[[str], bool] = _everywhere
    # The guide's polarity once scope is read (text, polarity the rules read, mentions).
    polarity: Callable[[str, str, list[Mention] | None], str] = _as_read
    # A polarity some facts decide on their own ("dpa_covers_service": False is negative).
    fact_polarity: Callable[[Facts], str | None] = _no_override
    # The polarity when the hits' polarities are put together, if the question decides it itself.
    combine: Callable[[list[str], str, Facts], str | None] = _no_combination
    # The part of an ``affirm`` hit's clause whose negation counts.
    negation_scope: Callable[[str], str] = _whole_clause
    # The text facts are read from: the passage (None) or a part the hits pick.
    scope: Callable[[str, list[Hit]], str] | None = None
    # Facts read from the whole passage after the scoped ones.
    passage_facts: Callable[[str, list[Hit], Facts], None] = _no_passage_facts
    # The polarity of a ``use`` hit (wording that is bad when it holds: "used to train").
    use_polarity: Callable[[str, Hit], str] | None = None
    # Certifications and contracts are often listed as bare badges ("SOC 2 Type II", "HIPAA BAA"),
    # so a heading can claim them.
    badge: bool = False
    # Whether "not X's" in a negative claim may say whose the thing is rather than deny it
    # ("Azure's attestation, not OpenAI's").
    negation_says_whose: bool = True


def with_anchors(
    rules: tuple[Rule, ...],
    anchors: dict[str, tuple[tuple[str, ...], ...]],
    checks: dict[str, Callable[[str, re.Match[str]], bool]] | None = None,
) -> tuple[Rule, ...]:
    """The rules with the anchor words and the context check of their name."""
    checks = checks or {}
    return tuple(
        Rule(r.name, r.dimension, r.pattern, r.mode, anchors.get(r.name, r.anchors), checks.get(r.name, r.accept), r.denial)
        for r in rules
    )


def hit_sentences(text: str, hits: list[Hit]) -> str:
    """The sentences where the dimension's rules fired, plus parenthetical follow-ups."""
    start = min(hit.sentence.start for hit in hits)
    end = max(hit.sentence.end for hit in hits)
    # A sentence that continues the point in brackets ("(No prompts are stored if ...)") belongs to it.
    following = text[end : end + 400]
    if following.lstrip().startswith("("):
        close = following.find(")")
        if close >= 0:
            end += close + 1
    return text[start:end]


def sentence_text(text: str, position: int) -> str:
    span = cues.enclosing(cues.sentences(text), position)
    return text[span.start : span.end]


def clause_around(text: str, position: int) -> str:
    sentence_start = max(text.rfind(". ", 0, position) + 1, 0)
    start = max(text.rfind(";", sentence_start, position) + 1, sentence_start)
    ends = [i for i in (text.find(";", position), text.find(". ", position)) if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def sentence_around(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position) + 1, 0)
    end = text.find(". ", position)
    return text[start : end if end >= 0 else len(text)]


# --- the guide's vocabulary shared by several questions ----------------------------------------------
PLAN = (
    r"(?:Enterprise|Business|Team|Teams|Pro|Plus|Free|Growth|Edu|Education|paid|premium|qualifying|approved|eligible"
    r"|trusted)"
)

# Limited scope (plan, tier, eligibility, approval, new projects): the guide's conditional.
LIMITED_SCOPE = re.compile(
    rf"\b(?:for|to|on|with|at)\s+(?:our\s+|the\s+|an?\s+|any\s+|their\s+|its\s+|some\s+|certain\s+|select\s+)?{PLAN}\s+(?:\w+\s+)?(?:customers?|plans?|tiers?|users?"
    rf"|accounts?|organi[sz]ations?|editions?|subscribers?)\b"
    rf"|\b{PLAN}\s+(?:customers?|plans?|tiers?|users?|accounts?|teams?|organi[sz]ations?)\s+(?:can|may|get|have|only|:)"
    rf"|^\W*(?:{PLAN}(?:\s*(?:,|and|&|/)\s*(?:{PLAN}))*)\s+(?:plans?|tiers?|data|users?|customers?|accounts?)?\s*[:—–-]?"
    r"|\bnew\s+(?:[\w-]+\s+)?(?:projects?|workspaces?|tenants?|deployments?)\b|\bcustomers?\s+approved\s+by\b"
    r"|(?:\bbut\s+not\s+(?:for|on|in|with)|,\s*not\s+(?:for|to))\s+(?:the\s+|our\s+|its\s+)?(?!train|model|improv|advertis|market)\w+|\bexisting\s+(?:API\s+)?projects?\b|\beligible\s+(?:endpoints?|customers?|organi[sz]ations?)\b"
    r"|\b(?:on|under)\s+(?:a|an|the|our|any)\s+(?:[\w-]+\s+){1,4}?plans?\b|\bplans?\s+only\b|\bonly\s+(?:\w+\s+){0,4}?(?:Enterprise|plan)\b"
    r"|\bnegotiat\w+|\bcontact\s+(?:sales|support|us|your\s+account)|\bmust\s+(?:execute|request|sign)"
    r"|\bthrough\s+(?:an?\s+|the\s+)?Enterprise\b|\brequest\s+(?:a|an|the)\s+BAA\b|\bsubscribed\s+to\b"
    rf"|(?<!your\s)\b{PLAN}(?:\s*(?:,|and|&)\s*{PLAN})*\s+(?:data|prompts|content|code|conversations)\b"
    # "our business offerings", "For ChatGPT Team, Enterprise, and API users", "limited by the type of subscription"
    r"|\bbusiness\s+(?:offerings|products|plans|tiers|accounts)\b"
    rf"|\b{PLAN}(?:\s*(?:,|and|or|&|/)\s*{PLAN})+\s+(?:plans?|tiers?|accounts?|customers?|users?)\b"
    r"|\b(?:when|if)\s+(?:using|on|you\s+(?:use|are\s+on))\s+(?:the|a|an)\s+(?:\w+\s+)?(?:plan|tier)\b"
    rf"|^\W*{PLAN}\b(?:\s*(?:,|and|&|/)\s*{PLAN}\b)*\s*[:|]"
    rf"|\bfor\s+(?:\w+\s+)?{PLAN}(?:\s*,\s*(?:and\s+)?[\w-]+)+\s+(?:users|customers|plans|accounts)\b"
    r"|\b(?:limited\s+by|depends?\s+on|varies\s+by|based\s+on)\s+(?:the\s+|your\s+)?(?:type\s+of\s+(?:the\s+|your\s+)?)?"
    r"(?:account\s+)?(?:subscription|plan|tier|licen[cs]e)"
    r"|\b(?:free|paid)\s+users\b|\b(?:enterprise|business|paid|premium|pro)-(?:tier|plan|only|level)\b"
    r"|\bapproval[- ](?:gated|based|required|only)\b"
    # "lets enterprise admins choose", "covered by the BAA, but the consumer app is not"
    rf"|\b(?:lets?|allows?|enables?)\s+{PLAN}\s+(?:\w+\s+)?(?:customers?|users?|admins?|administrators?|teams?|organi[sz]ations?"
    r"|accounts?|workspaces?)\b|,?\s+but\s+(?:[\w'’-]+\s+){1,5}?(?:is|are|does|do)\s*(?:n['’]t|\s+not)"
    r"(?:\s+(?:covered|eligible|included))?\s*(?:[.;]|$)|(?-i:\b(?:Enterprise|Business|Team|Teams|Pro|Plus|Growth|Scale)\s+only)\b|\ball\s+paid\s+(?:plans?|tiers?|accounts?|subscriptions?)\b|\b(?:certain|select|specific)\s+(?:[\w-]+\s+)?(?:plans?|tiers?|editions?|customers?)\b|\bplanned\b|\bcoming\s+(?:soon|in|later|this|next)\b|(?-i:\b(?:on|for|with)\s+(?:the\s+)?Enterprise)\b(?![\s-]+grade)|\bin\s+progress\b|\bundergoing\b|\breadiness\b|\bexpected\s+within\b|\bvia\s+the\s+store",
    _I,
)

# A definition of the thing rather than a holding of it ("A DPA is a legally binding document").
DEFINITION = re.compile(
    r"\b(?:is|are)\s+(?:an?|the)\s+(?:\w+[\s,-]+){0,6}?(?:standard|framework|document|contract|stamp|requirement"
    r"|certification\s+for|attestation\s+report|(?:vendor|party|company|entity|provider)\s+(?:that|who|which))\b"
    # "SOC 2 Type II is more rigorous than Type I", "SOC 2 reports are unique to each organization"
    r"|\bmore\s+\w+\s+than\b|\bunique\s+to\s+each\b|\bnot\s+a\s+certification\b"
    r"|\b(?:was|were)\s+published\b|\bpublication\s+of\b|\bdevelopment\s+(?:since|of)\b|\bmeans\s+(?:your|that|the)\b"
    r"|\brefers\s+to\b|\bcertifiable\b|\bcertificate\s+against\b|\bhype\b|\bwhat\s+is\b|\bmarketing\s+asset\b"
    r"|\blegal\s+document\b|\btakes\s+(?:about\s+|around\s+|roughly\s+)?(?:\w+\s+){0,3}?(?:months|weeks|years)\b|\b(?:is|are)\s+not\s+(?:just\s+)?an?\s+(?:checkbox|badge|checklist|stamp)\b|\btypically\s+takes\b|\bisn['’]t\s+a\b|\btypically\s+offer\b|\bdoes\s+it\s+have\b",
    _I,
)

# Words that make a passage about the customer's own content.
CUSTOMER_DATA = re.compile(
    r"\b(?:your|customers?['’]?s?|users?['’]?|clients?['’]?|business|enterprise|API|prompts?|inputs?|outputs?"
    r"|conversations?|chats?|content|code|queries|interactions?|messages?|submissions?|feedback|sessions?"
    r"|Customer\s+Data|snippets?|voice|threads?)\b",
    _I,
)
