"""When a training passage's words claim nothing about customers' data (docs/labels.md): the model's own corpus,
a customer's own fine-tuning, product analytics, pointers, the topic in general, and who sees the data."""

from __future__ import annotations

import re

from trustreg.ingest.questions.base import CUSTOMER_DATA, Mention

_I = re.IGNORECASE

_MODEL_CORPUS = re.compile(
    r"\b(?:datasets?|tokens?|vocabulary|renewable|energy|multilingual|corpus|the\s+model(?!s)|metadata\s+section"
    r"|model\s+card)\b",
    _I,
)

# The customer training a model of its own (a fine-tuning feature), not the vendor training on its data.
_CUSTOMER_TRAINS = re.compile(
    r"\b(?:lets?|allows?|enables?|helps?)\s+(?:you|customers|users|developers|teams|organi[sz]ations)\s+(?:to\s+)?"
    r"(?:train|fine-?tune|retrain|customi[sz]e)\b"
    r"|\b(?:you|developers|customers)\s+(?:can|could|may)\s+(?:also\s+|now\s+|easily\s+)?(?:train|fine-?tune|retrain)\b"
    r"|\b(?:train|fine-?tune)\s+(?:your\s+own|a\s+custom)\b|\bfine-?tuning\s+jobs?\b"
    r"|\b(?:you|developers|customers|users|teams)\s+(?:can\s+)?use\s+(?:\w+\s+){0,3}?to\s+(?:train|fine-?tune|build)\b"
    r"|\b(?:on|with)\s+(?:their|your)\s+own\s+(?:[\w-]+\s+)?(?:data|datasets?|examples)\b",
    _I,
)


_RAISES_QUESTIONS = re.compile(r"\b(?:raises?|poses?|creates?)\s+(?:\w+\s+){0,2}?(?:questions?|concerns?|risks?)\b", _I)


# Improving a product from analytics, cookies or diagnostics, with no model or customer content named, is
# product analytics, not training ("We use cookies and usage data to improve our website").
_IMPROVE_ONLY = re.compile(r"\btrain|\btun|\bteach|\blearn", _I)
_AI_WORD = re.compile(
    r"\b(?:models?|AI|LLMs?|assistant|algorithms?|machine\s+learning|ML|Claude|Gemini|GPT[\w.-]*|ChatGPT|Copilot|Llama|neural)\b"
)
_CONTENT_SAID = re.compile(
    r"\b(?:prompts?|conversations?|chats?|content|inputs?|outputs?|code|messages?|files?|documents?|queries|completions?"
    r"|recordings?|transcripts?|uploads?|submissions?)\b|\b(?:you|customers?|users?)\s+(?:type|write|say|send|upload|share|submit)\b",
    _I,
)
_ELIDED_SUBJECT = re.compile(r"[\W\s]*(?:(?:never|not|are|is|be|been|may|will|can|also|always|only)\s+)*", _I)
_POINTER = re.compile(r"\W*(?:Learn|See|Read|Review|Check|Visit|Find\s+out|To\s+learn|More\s+on|Click)\b", _I)


def claims(m: Mention) -> bool:
    """False when the mention is training vocabulary used without a claim about customers' data."""
    if m.rule == "training.developer_access":
        return False  # "the model provider never sees your data": a data-sharing claim, not training (LABELS.md)
    if _CUSTOMER_TRAINS.search(m.clause):
        return False  # "Fine-tuning lets you train a model on your own examples": a feature
    if _POINTER.match(m.sentence):
        return False  # "Learn how we use your data ...", "See our FAQ on ...": a pointer, not a statement
    if (
        m.rule in ("training.use", "training.improvement")
        and not _IMPROVE_ONLY.search(m.match)
        and not _AI_WORD.search(m.sentence)
        and not _CONTENT_SAID.search(m.sentence)
        and not _ELIDED_SUBJECT.fullmatch(m.sentence[: max(0, m.sentence.find(m.match))])  # "• Never used to improve ..."
    ):
        return False
    if _RAISES_QUESTIONS.search(m.sentence):
        return False  # "Training AI on customer data raises hard questions about consent": the topic
    if m.rule in ("training.use", "training.train_on"):
        window = m.clause
        if _MODEL_CORPUS.search(window) and not CUSTOMER_DATA.search(window):
            return False  # "the data that was used to train the model", "renewable energy used for training"
    return True
