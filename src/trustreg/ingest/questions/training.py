"""Training on customer data: whether customer prompts, outputs or data train models (LABELS.md).

Not trained on, *including* by default or unless you opt in, is positive; trained on unless you opt
out is conditional; trained on with no way out stated is negative. "The model provider never sees your
data" is a data-sharing claim, not a training one.
"""

from __future__ import annotations

import re

from trustreg.ingest import cues, lines
from trustreg.ingest.cues import negated
from trustreg.ingest.questions.base import (
    DATA_NOUN,
    DEVELOPERS,
    LIMITED_SCOPE,
    NOT_PRODUCT,
    Facts,
    Hit,
    Mention,
    Question,
    hit_sentences,
    rule,
    sentence_around,
    with_anchors,
)
from trustreg.ingest.questions.training_claims import claims
from trustreg.ingest.questions.training_cues import (
    CONSENT_EXCEPTION,
    IMPROVE_ANY,
    IMPROVE_DEV_MODELS,
    NO_WAY_OUT,
    OPT_IN,
    OPT_IN_ONLY,
    OPT_OUT,
    OPT_OUT_CHOICE,
    TRAIN_VERB,
    denied,
)

_I = re.IGNORECASE

_DATA_SUBJECT = re.compile(
    r"\b(?:data|prompts?|inputs?|outputs?|content|conversations?|completions?|embeddings?|feedback|files?"
    r"|requests?|generations?|information|interactions?|chats?|sessions?|messages?|queries|usage|code|documents?"
    r"|uploads?)\b"
    # "nothing you type is used to ...": what the customer writes, said with a verb
    r"|\b(?:you|customers?|users?)\s+(?:type|write|say|send|upload|share|submit|enter)\b",
    re.IGNORECASE,
)

_PUBLIC_CORPUS = re.compile(
    r"\b(?:public\w*|web|internet|licensed|synthetic|open[- ]source|datasets?|crawl\w*|books?)\b",
    re.IGNORECASE,
)

_CUSTOMER_SAID = re.compile(
    r"\b(?:your|customers?['’]?s?|users?['’]?s?|business|API|enterprise|clients?|prompts?|conversations?|chats?)\b",
    re.IGNORECASE,
)


def _use_has_customer_subject(text: str, match: re.Match[str]) -> bool:
    if re.search(r"train|tun", match.group(0), re.IGNORECASE):
        return True
    # "use ... to improve" needs the customer's data as subject, stated or elided in a fragment
    # ("are NOT used to improve OpenAI models", a bullet under "Your prompts ...:").
    window = text[max(0, match.start() - 120) : match.end()]
    fragment = len(lines.WORD.findall(text[: match.start()])) <= 3
    return fragment or bool(_DATA_SUBJECT.search(window))


def _trained_on_customer_data(text: str, match: re.Match[str]) -> bool:
    # "trained on public web data and licensed datasets" describes the model, not customers' data.
    said = match.group(0)
    return not (_PUBLIC_CORPUS.search(said) and not _CUSTOMER_SAID.search(said))


def _it_is_customer_data(text: str, match: re.Match[str]) -> bool:
    """ "we won't train on it": the pronoun stands for the customer's data named just before."""
    return bool(_CUSTOMER_SAID.search(text[max(0, match.start() - 80) : match.start()]))


RULES = with_anchors(
    (
        rule(
            "training.use",
            "training_on_customer_data",
            r"\b(?:use[sd]?|using|utili[sz]e[sd]?)\b[^.;:]{0,180}?\b(?:to|for)\s+(?:(?:\w+\s+){0,2}?purposes?,?\s+(?:such\s+as|like|including)\s+)?"
            r"(?:[\w-]+\s+(?:or|and)\s+)?(?:future\s+|further\s+)?"
            r"(?:model\s+|AI\s+)?(?:(?:pre-?)?train(?:ing)?|fine-?tune|retrain\w*)\b",
            "use",
        ),
        rule(
            "training.use",
            "training_on_customer_data",
            # "to provide, improve, and develop our products": the purpose is often one item of a list.
            r"\b(?:use[sd]?|using|utili[sz]e[sd]?|collect\w*|save[sd]?)\b[^.;:]{0,60}?\b(?:to|for)\s+(?:\w+(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)){0,3}?"
            r"(?:\w+ly\s+)?(?:improv\w+|develop\w*|enhanc\w+|refin\w+|build)\b"
            r"[^.;:]{0,50}?\b(?:models?|products?|services?|AI|systems?|offerings?|Claude|Gemini|GPT[\w.-]*|ChatGPT|Llama"
            r"|Copilot|Le\s+Chat)\b"
            # "to use their organization's content for product improvement"
            r"|\b(?:use[sd]?|using|utili[sz]e[sd]?)\b[^.;:]{0,60}?\bfor\s+(?:product|model|service|AI)\s+improvements?\b",
            "use",
        ),
        rule(
            "training.train_on",
            "training_on_customer_data",
            rf"\btrain(?:s|ed|ing)?\s+(?:[\w-]+\s+){{0,3}}?on\s+[^.;:]{{0,50}}?\b(?:{DATA_NOUN}|API\s+data)\b"
            r"|\b(?:not\s+)?trained\s+on\s+by\s+default\b"
            # "doesn't train on your stuff": whose data, not which noun, makes it about customers.
            r"|\btrain(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?on\s+(?:any\s+)?(?:your|customers?['’]?|users?['’]?|clients?['’]?)(?=\s)"
            # "doesn't train on what you write", "trains on anything users upload"
            r"|\btrain(?:s|ed|ing)?\s+(?:[\w-]+\s+){0,3}?on\s+(?:what|anything|everything|whatever)\s+(?:you|customers?|users?)\b",
            "use",
        ),
        rule(
            "training.train_on_it",
            "training_on_customer_data",
            r"\btrain(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?on\s+(?:it|them)\b",
            "use",
            anchors=(("train",),),
            accept=_it_is_customer_data,
        ),
        rule(
            "training.improvement",
            "training_on_customer_data",
            # "your chats help improve the assistant", "used for model improvement", "train our models using your
            # data", "not part of any training dataset", "never fed back into model training"
            r"\bhelps?\s+(?:us\s+)?(?:to\s+)?(?:improve|train|refine)\b|\b(?:for|to)\s+(?:model|AI)\s+(?:improvement|development)\b"
            r"|\btrain\w*\s+(?:our\s+|its\s+|their\s+|the\s+)?(?:AI\s+|foundation\s+)?models?\s+(?:using|with)\s+(?:your|customer|user)"
            r"|\b(?:part\s+of|included\s+in|added\s+to)\s+(?:any\s+|our\s+|the\s+)?training\s+(?:data(?:sets?)?|sets?|corpus|corpora)\b"
            r"|\bfe(?:d|eds?|eding)\b[^.;]{0,60}?\binto\s+(?:\w+\s+){0,2}?(?:training|models?)\b"
            # "their prompts feed the next model", "your chats fuel future models"
            r"|\b(?:feeds?|fuels?|feeding|fuelling|fueling)\s+(?:the\s+|our\s+|its\s+|their\s+)?(?:next|future|new)\s+(?:AI\s+)?models?\b"
            # "used as training data", "your code never becomes training data"
            r"|\b(?:used\s+as|becomes?|become)\s+training\s+data\b"
        # "to teach our AI", "to make our models smarter", "learns from your conversations"
        r"|\bteach\s+(?:our|its|their|the)\s+(?:AI|models?|assistant)\b"
        r"|\bmake\s+(?:our|its|their|the)\s+(?:AI|models?|assistant)\s+(?:smarter|better)\b"
        r"|\blearn(?:s|ing)?\s+from\s+(?:the\s+)?(?:your|customer|user|conversations|chats|prompts|interactions)"
        # "Free accounts contribute to model training"
        r"|\bcontribut\w*\s+to\s+(?:model\s+|AI\s+)?training\b",
            "use",
        ),
        rule(
            "training.for_training",
            "training_on_customer_data",
            # "Data sharing for training other models is opt-in"
            r"\b(?:data\s+)?(?:sharing|collection)\s+(?:of\s+)?(?:\w+\s+){0,2}?for\s+(?:\w+\s+){0,2}?(?:model\s+|AI\s+)?training\b"
            # "Retained for training purposes unless opted out", "snippets are collected for model training"
            r"|\b(?:retained|stored|kept|collected|saved|processed|gathered)\s+(?:\w+\s+){0,2}?for\s+(?:model\s+|AI\s+)?training\b",
            "use",
            anchors=(("sharing", "collection", "retained", "stored", "kept", "collected", "saved", "processed", "gathered"), ("training",)),
        ),
        rule(
            "training.guarantee",
            "training_on_customer_data",
            r"\bno[- ]training\b|\bzero[- ]training\b|\bnot\s+(?:a\s+)?training\s+(?:source|input)\b",
            "fixed",
        ),
        rule(
            "training.off_by_default",
            "training_on_customer_data",
            r"\btraining\s+(?:on\s+\w+\s+)?(?:is|are)\s+(?:turned\s+off|switched\s+off|disabled|off)\s+(?:for\s+(?:\w+\s+){0,3}?)?by\s+default\b"
            r"|\bopted\s+out\s+of\s+(?:model\s+)?training\s+by\s+default\b",
            "fixed",
        ),
        rule(
            "training.on_by_default",
            "training_on_customer_data",
            # "Training is on by default for free and Plus users": trains unless the default is changed
            r"\btraining\s+(?:on\s+\w+\s+)?(?:is|are)\s+(?:turned\s+on|switched\s+on|enabled|on|active)\s+(?:for\s+(?:\w+\s+){0,3}?)?by\s+default\b",
            "use",
        ),
        rule(
            "training.excluded",
            "training_on_customer_data",
            r"\bexclude[sd]?\s+from\s+(?:model\s+|AI\s+)?(?:training|model\s+improvement)\b"
            # "exclude your Customer Data from Slack global models"
            r"|\bexclude[sd]?\s+(?:your\s+|their\s+|customer\s+)?(?:[\w-]+\s+){0,2}?from\s+(?:[\w'’-]+\s+){0,3}?models\b",
            "use",
        ),
        rule(
            "training.kept_out",
            "training_on_customer_data",
            # negation without "not": "off-limits for training", "keeps your files out of its training pipeline"
            r"\b(?:off[- ]limits|exempt)\s+(?:for|from)\s+(?:\w+\s+){0,2}?(?:model\s+|AI\s+)?training\b"
            r"|\b(?:keeps?|kept|stays?|remains?|left)\s+(?:\w+\s+){0,4}?out\s+of\s+(?:\w+\s+){0,2}?(?:training|models?)\b",
            "fixed",
            anchors=(("limits", "exempt", "out of"),),
            denial=re.compile(r"\b(?:not|never|n['’]t)\s+(?:\w+\s+)?$", re.IGNORECASE),
        ),
        rule(
            "training.opt_out",
            "training_on_customer_data",
            r"\bopt(?:s|ed)?(?:[- ]?out|ing\s+out)\s+of\s+(?:\w+\s+){0,2}(?:model\s+)?(?:training|improvement)\b"
            # "you can switch training off", "disable model training in settings"
            r"|\b(?:turn|switch)(?:s|ed|ing)?\s+(?:model\s+|AI\s+)?training\s+off\b"
            r"|\b(?:disabl\w+|turn\w*\s+off|switch\w*\s+off)\s+(?:model\s+|AI\s+)?training\b"
            # "Opting out only prevents future queries from being trained on"
            r"|\bopt(?:s|ed|ing)?[- ]?out\b[^.;]{0,60}?\b(?:being\s+)?trained\s+on\b",
            "use",
        ),
        rule(
            "training.developer_access",
            "training_on_customer_data",
            rf"\b(?:shared|sharing|share[sd]?|available|accessible|sent|disclosed|transmitted|passed|provided|exposed|flow)"
            rf"\s+(?:with|to|by)\s+(?:any\s+)?(?:services?\s+operated\s+by\s+)?(?:the\s+)?(?:{DEVELOPERS})(?![\w-]){NOT_PRODUCT}"
            rf"|\binteract\w*\s+with\s+(?:any\s+)?(?:services?\s+)?(?:operated\s+by\s+)?(?:{DEVELOPERS})(?![\w-])"
            rf"|\b(?:{DEVELOPERS})\s+(?:do(?:es)?\s*n['’]?o?t|never|cannot|can['’]t|can|could|may)\s+(?:have\s+(?:any\s+)?)?"
            rf"(?:access|sees?|view|receives?|gets?)\b"
            rf"|\b(?:{DEVELOPERS})\s+(?:has|have|gets?)\s+(?:no|any)\s+access\b"
            rf"|\b(?:shar|send|sent|disclos|transmit|pass)\w*\s+(?:\w+\s+){{1,4}}?(?:with|to)\s+(?:the\s+)?(?:{DEVELOPERS})(?![\w-])"
            rf"{NOT_PRODUCT}",
            "use",
        ),
    ),
    {
        "training.use": (("use", "using", "utili"), ("train", "tun", "improv", "develop", "enhanc", "refin", "build")),
        "training.train_on": (("train",),),
        "training.guarantee": (("training",),),
        "training.improvement": (("improv", "train", "develop", "fed ", "feed", "teach", "make", "learn", "contribut", "fuel"),),
        "training.off_by_default": (("default",),),
        "training.on_by_default": (("default",),),
        "training.excluded": (("exclude",),),
        "training.opt_out": (("opt", "off", "disabl"),),
        "training.developer_access": (("openai", "anthropic", "google", "mistral", "meta", "cohere", "xai", "deepseek", "ai21", "stability", "provider", "developer", "vendor"),),
    },
    {"training.use": _use_has_customer_subject, "training.train_on": _trained_on_customer_data},
)

_DEVELOPER_ACCESS = next(r.pattern for r in RULES if r.name == "training.developer_access")

def training_facts(text: str) -> Facts:
    facts: Facts = {}
    access = _DEVELOPER_ACCESS.search(text)
    if access and negated(sentence_around(text, access.start())):
        facts["not_available_to_developer"] = True
    opt_in = OPT_IN.search(text)
    train = TRAIN_VERB.search(text)
    if train and not opt_in and not OPT_OUT.search(text):
        sentence = sentence_around(text, train.start())
        if negated(sentence) or re.search(r"\bno[- ]training\b", sentence, re.I):
            facts["no_training"] = True
    elif not train and IMPROVE_DEV_MODELS.search(text) and negated(text):
        facts["not_used_to_improve_developer_models"] = True
    if opt_in and (train or IMPROVE_ANY.search(text)):
        facts["opt_in_required"] = True
    if OPT_OUT.search(text):
        facts["opt_out_available"] = True
    exception = CONSENT_EXCEPTION.search(text)
    if exception:
        facts["exception"] = " ".join(exception.group(1).lower().split())
    return facts


_ON_A_PLAN = re.compile(
    r"\bif\s+you\s+(?:use|are\s+on|have)\s+(?:a|an|the)\s+[^,.;]{0,60}?\b(?:account|plan|tier|subscription)s?\b",
    _I,
)

_NOT_FOR_TRAINING = re.compile(
    r"\bnot\s+(?:to|for)\s+(?:\w+\s+){0,2}?(?:train\w*|fine-?tun\w*|retrain\w*|improv\w+|develop\w*)\b",
    re.IGNORECASE,
)

_TRAINING_CONDITION = re.compile(
    r"\b(?:unless|if|only\s+(?:if|when|with)|opt(?:s|ed|ing)?[- ]?in"
    r"|explicitly\s+(?:agree|opt|consent|choose|report)\w*|(?:choose|chooses|elect|elects|decide)\s+to\s+(?:allow|let|share)"
    r"|when\s+(?:\w+\s+){0,4}(?:is|are)\s+(?:enabled|configured|turned\s+on|approved)|provided\s+that)\b",
    re.IGNORECASE,
)


def _training_condition(sentence: str) -> bool:
    return _TRAINING_CONDITION.search(sentence) is not None or OPT_IN.search(sentence) is not None


def _use_polarity(text: str, hit: Hit) -> str:
    """Wording that is bad when it holds ("used to train"): denied is the commitment not to."""
    clause = text[hit.clause.start : hit.clause.end]
    sentence = text[hit.sentence.start : hit.sentence.end]
    # "used to provide the Services, but not to train our models": the denial sits inside the match.
    # "there is no way to opt out" denies the way out, not the use
    denied_ = denied(NO_WAY_OUT.sub(" ", clause)) or _NOT_FOR_TRAINING.search(text, hit.start, hit.end) is not None
    opt_out = OPT_OUT.search(text) is not None
    if opt_out and (not denied_ or hit.rule.name == "training.opt_out"):
        return "negative"  # used unless you opt out: training is the default
    if denied_:
        return "conditional" if _training_condition(sentence) else "positive"
    return "conditional" if _training_condition(sentence) else "negative"


def _combine(found: list[str], near: str, facts: Facts) -> str | None:
    if {"positive", "negative"} <= set(found):
        # "Consumer queries are used for training by default. Enterprise accounts are excluded.": partly
        return "conditional"
    return None


def _opt_out_nearby(text: str, hits: list[Hit], facts: Facts) -> None:
    if OPT_OUT.search(text):
        # "... may be used to improve our models. You can switch this off in settings.": the opt-out
        # often sits in the next sentence, outside the sentences that fired.
        facts.setdefault("opt_out_available", True)


# "Free users' chats are used for training; Enterprise data never is.": a clause that denies it for
# another kind of customer makes a training claim hold only for part of the offer.
_CONTRAST = re.compile(r";\s*|(?<=[.!])\s+|,?\s+(?=(?:but|while|whereas|however|although)\b)", _I)
_SEGMENT = re.compile(
    r"\b(?:Enterprise|Business|Team|Teams|Edu|API|paid|free|consumer|commercial|individual|personal|org\w*)\b", _I
)


def _denied_for_others(text: str) -> bool:
    parts = [p for p in _CONTRAST.split(text) if p and p.strip()]
    return len(parts) > 1 and any(
        denied(p) and _SEGMENT.search(p) and not OPT_OUT_CHOICE.search(p) for p in parts[1:]
    ) and bool(_SEGMENT.search(parts[0]))


def _polarity(text: str, polarity: str, mentions: list[Mention] | None = None) -> str:
    if OPT_IN_ONLY.search(text):
        # not trained on unless the customer opts in: the guide's positive, unless limited to some plans
        return "conditional" if LIMITED_SCOPE.search(text) else "positive"
    by_default = re.search(r"\bby\s+default\b", text, _I) is not None
    if polarity == "negative" and (_denied_for_others(text) or by_default):
        # "trains on your conversations by default": a default can be changed, so an opt-out is implied
        return "conditional"
    on_plan = _ON_A_PLAN.search(text)
    if (
        on_plan
        and polarity == "conditional"
        and not by_default
        and not cues.negated(text)
        and not OPT_OUT_CHOICE.search(text)
    ):
        rest = text[: on_plan.start()] + text[on_plan.end() :]
        if not cues.conditional(rest):
            return "negative"  # "trains on your chats if you use a Free plan": which offering, no way out
    if LIMITED_SCOPE.search(text) and polarity in ("positive", "conditional"):
        return "conditional"
    if polarity == "positive" and re.search(
        r"\bexcept(?:ions?)?\b(?![^.;]{0,60}\b(?:law|legal\w*|court|regulat\w+)\b)", text, _I
    ):
        return "conditional"  # "not used for training, except where users provide feedback"
    if polarity == "negative" and NO_WAY_OUT.search(text):
        return "negative"  # "... and there is no way to opt out"
    if OPT_OUT_CHOICE.search(text) or OPT_OUT.search(text):
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


QUESTION = Question(
    "training_on_customer_data",
    RULES,
    training_facts,
    claims=claims,
    polarity=_polarity,
    combine=_combine,
    scope=hit_sentences,
    passage_facts=_opt_out_nearby,
    use_polarity=_use_polarity,
    negation_says_whose=False,
)
