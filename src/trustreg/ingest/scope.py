"""What LABELS.md (docs/labels.md) says a claim is, applied after the rules fired.

Two steps, both on plain strings so they stay independent of the rule machinery:

- ``is_claim``: a dimension's words used without a claim ("SOC 2 is an auditing framework", "GDPR
  compliance", "data residency requirements", "what is ZDR?") are dropped. Questions, generalisations
  and sentences asking whether are checked here; each question's own checks sit in its module.
- ``labelled_polarity``: the polarity the guide gives once scope is read. Examples in brackets and
  "not X's" (whose, not whether) are read here; limited scope, standard exceptions, opt-in and opt-out,
  intent to sign and event-tied retention are read by each question's module.
"""

from __future__ import annotations

import re
from functools import lru_cache

from trustreg.ingest import cues, generic
from trustreg.ingest.questions import QUESTIONS, Mention

_I = re.IGNORECASE

# --- is_claim -----------------------------------------------------------------------------------------
_GENERALISATION = re.compile(
    r"\btypically\s+offer|^\W*Assumptions?\b|\bHIPAA\s+requires\b|\bdatasets?\s+used\s+to\s+train"
    # advice to buyers: "something every enterprise should ask for"
    r"|\b(?:should|must|need\s+to)\s+(?:always\s+)?(?:ask|look|check|insist|push)\s+(?:for|about|whether|if)\b"
    # advice on what anyone should keep: "Raw conversation logs should be kept for 30 to 90 days"
    r"|\bshould\s+be\s+(?:kept|retained|stored|deleted)\s+for\b"
    # two things compared, neither held: "a DPA is not the same thing as a ZDR agreement"
    r"|\bnot\s+the\s+same\s+(?:thing\s+)?as\b|\bdoes\s+not\s+equal\b"
    # trends and what the law or a document form asks for: "ZDR is becoming a standard request",
    # "a DPA must list ...", "DPAs are required under Article 28", "vendors differ in how long they keep chats"
    r"|\bcosts?\s+(?:the\s+same|more|less|extra)\b|\bincreasingly\b|\b(?:is|are)\s+becoming\b|\b(?:must|shall)\s+(?:list|include|contain|specify|describe|set\s+out)\b"
    r"|(?<!unless\s)(?<!retention\s)\b(?:is|are)\s+required\s+under\b|\b(?:differ|vary)\s+(?:\w+\s+)?(?:in|on)\s+how\b",
    _I,
)

_QUESTION = re.compile(r"\?\s*[\"'”’)]*\s*$")

# (a request after the question, as in a questionnaire, is no answer: "Do you hold SOC 2? Attach the report.")
_STATEMENT_AFTER = re.compile(
    r"\?\s+(?!(?:Provide|Attach|Upload|Share|Send|List|Describe|Explain|Include|Link|Specify|Indicate|Give|Asking|Thanks"
    r"|Thank|Just\s+curious|Curious|Wondering|Any\s+(?:help|ideas|advice)|Cheers|TIA)\b)"
    r"[^?]*[A-Za-z]{3,}[^?]*[.!]?\s*$"
)

_ANSWERED = re.compile(r"\?\s*(?:yes|no|nope|yep|correct|right)\b", _I)

_ASKS_WHETHER = re.compile(
    r"\b(?:know|knowing|ask|asks|asked|asking|wonder\w*|check|find\s+out|question\w*|unsure|confirm|tell|show)\s+"
    r"(?:\w+\s+){0,2}?(?:whether|if|where|how\s+long)\b",
    _I,
)



def is_claim(dimension: str, text: str, mentions: list[Mention]) -> bool:
    """False when every mention of the dimension is vocabulary without a claim."""
    question = QUESTIONS[dimension]
    if not question.passage_claims(text):
        return False
    answered = bool(_ANSWERED.search(text) or _STATEMENT_AFTER.search(text))
    # A sentence defining the term says nothing about its other mentions either ("... is your portal").
    defined = {
        m.sentence
        for m in mentions
        if _defines(m.sentence.strip(), m.match)
        or generic.describes_term(m.sentence.strip(), m.match)
        or generic.topic_of_a_guide(m.sentence, m.match)
        or generic.defines_a_standard(m.sentence.strip(), m.match)
    }
    return any(_mention_claims(dimension, answered, m) for m in dict.fromkeys(mentions) if m.sentence not in defined)


# "ZDR is a contractual commitment, not ...", "The Trust Center is your organization's portal", "EU data
# residency for LLMs means that ...": the question's own term as the subject of a definition.
_DEFINES = re.compile(
    r"^\W*(?:(?:A|An|The)\s+)?(?P<subject>[^,;:]{1,60}?)\s+(?:(?:is|are)\s+(?:an?|any|your)\s+(?P<rest>[^.]*)"
    r"|means\b|refers\s+to\b)",
    _I,
)
_OURS = re.compile(r"\b(?:our|we|us)\b", _I)
_OWNED = re.compile(r"['’]s\b|\b(?:their|its|my|your)\b", _I)
_NOT_A_DEFINITION = re.compile(
    r"\b(?:our|we|us)\b|\b(?:available|offered|included|supported|enabled|default|certified"
    r"|signed|published|stored|processed|kept|retained|deleted|held|live|option|add-?on|upgrade)\b",
    _I,
)


def _defines(sentence: str, match: str) -> bool:
    found = _DEFINES.match(sentence)
    if not found:
        return False
    at = sentence.find(match)
    subject = found.group("subject")
    if at < 0 or at + len(match) > found.end("subject") or len(subject.split()) > 6 or _OWNED.search(subject):
        return False
    if _NOT_A_DEFINITION.search(subject):
        return False
    if found.group("rest") is None:  # "... means ...": a definition unless it says what we do
        return not _OURS.search(sentence, found.end("subject"))
    return not _NOT_A_DEFINITION.search(found.group("rest"))


# "The DPA template below can be adapted", "how to request a SOC 2 report from a vendor": a document form or
# advice about someone else's vendor; a vendor speaking of its own ("our template BAA") still claims.
_FORM_OR_ADVICE = re.compile(
    r"\b(?:DPA|BAA|agreement|addendum|trust\s+cent(?:er|re)|portal)\)?\s+templates?\b"
    r"|\btemplates?\s+(?:for\s+(?:a|an|the)\s+)?(?:DPA|BAA|Business\s+Associate|Data\s+Processing|trust\s+cent)"
    r"|\bhow\s+to\b[^.]{0,80}\b(?:from|with|of)\s+(?:a|an|your|any)\s+(?:vendor|provider|supplier)s?\b", _I
)
# "reviews every vendor's SOC 2 report": the thing belongs to any vendor, not this one
_ANY_VENDORS = re.compile(
    r"\b(?:every|each|any|an?|your|their)\s+(?:AI\s+|LLM\s+|cloud\s+|SaaS\s+)?(?:vendor|provider|supplier)['’]s\b", _I
)
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")


@lru_cache(maxsize=8192)
def _mention_claims(dimension: str, answered: bool, m: Mention) -> bool:
    sentence = m.sentence.strip()
    if _FORM_OR_ADVICE.search(sentence) and not _FIRST_PERSON.search(sentence) or _ANY_VENDORS.search(sentence):
        return False
    if _GENERALISATION.search(sentence) or generic.is_generic(sentence) or generic.enforcement(sentence):
        return False
    if generic.maxim(sentence) or generic.lists_topics(sentence) or generic.a_title(sentence):
        return False  # "Enterprise plans typically offer ...", a cost model's "Assumptions: ..."
    if _QUESTION.search(sentence) and not answered:
        return False  # "Is my code used for training?" asks; it does not claim
    asked = _ASKS_WHETHER.search(sentence)
    if asked and asked.end() <= max(0, sentence.find(m.match)) and not re.search(r"\banyone|\banybody", sentence, _I):
        return False  # "users need to know whether their prompts remain in the EU": a question in the sentence
    return QUESTIONS[dimension].claims(m)


_EXAMPLE = re.compile(r"\((?:e\.g\.|for\s+example|such\s+as)[^)]{0,200}\)", _I)

# "Azure's attestation, not OpenAI's", "graded on OpenAI, not Microsoft": whose, not whether (a name has a
# lower-case second letter, so "not SOC 2 compliant" stays a denial).
_NOT_WHOSE = re.compile(
    r"(?-i:\bnot\s+(?:by\s+|from\s+)?(?:an?\s+)?[A-Z][a-z][\w-]*(?:['’]s)?)(?=[\s.,;)]|$)"
)


def labelled_polarity(dimension: str, text: str, polarity: str, mentions: list[Mention] | None = None) -> str:
    """The guide's polarity for a claim the rules read as ``polarity`` ("unclear" is left alone)."""
    if polarity == "unclear":
        return polarity
    text = _EXAMPLE.sub(" ", text)  # "(e.g., separate EU shards for enterprise customers)" is an example
    if mentions and len(cues.sentences(text)) > 3:
        # In a long passage, the sentences that hold the claim: a plan named elsewhere limits that
        # sentence's claim, not this one.
        text = " ".join(dict.fromkeys(m.sentence for m in mentions))
    question = QUESTIONS[dimension]
    if polarity == "negative" and mentions and question.negation_says_whose:
        # "this is Azure's SOC 2 attestation, not OpenAI's": the negation says whose it is, not that it lacks.
        said = " ".join(_NOT_WHOSE.sub(" ", m.clause) for m in mentions)
        if said != " ".join(m.clause for m in mentions) and not cues.negated(said):
            polarity = "conditional" if cues.conditional(said) else "positive"
    return question.polarity(text, polarity, mentions)
