"""Apply a trained arbiter to the rules' claims of one passage.

For each claim the model gives a probability to each answer (``none`` and the three polarities). When
its best answer differs from the rules' and reaches the model's threshold, the arbiter takes it: a new
polarity (mode ``polarity`` or ``both``) or no claim for that question (mode ``drop`` or ``both``).
Otherwise the rules' claim stands; the arbiter never changes a claim's facts or quote. With an ``add``
threshold it also reads each question the rules left out whose vocabulary the passage uses (the rules'
anchor words), and adds a claim (the whole passage as its quote, the question's facts) when its best
answer is a polarity that reaches that threshold.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from trustreg.ingest.extractor import EXTRACTOR_NAME, Claim
from trustreg.ingest.learned.features import FEATURE_SETS, claim_features
from trustreg.ingest.learned.model import Model, ModelProblem, load
from trustreg.ingest.questions import DIMENSIONS, QUESTIONS

CLASSES = ("none", "positive", "negative", "conditional")
MODES = ("polarity", "drop", "both")
ARBITER_NAME = f"{EXTRACTOR_NAME}+arbiter"
ADDED_RULE = "learned.add"
# The words that make a question a candidate: any word of any rule's first anchor group.
VOCABULARY = {
    dimension: frozenset(
        word for rule in QUESTIONS[dimension].rules if rule.anchors for word in rule.anchors[0]
    )
    for dimension in DIMENSIONS
}


def candidates(text: str, claims: Sequence[Claim]) -> list[Claim]:
    """The questions the rules did not claim but whose vocabulary ``text`` uses, as claims of polarity
    ``none`` for the model to read."""
    lowered = text.lower()
    taken = {c.dimension for c in claims}
    found = []
    for dimension in DIMENSIONS:
        if dimension in taken or not any(word in lowered for word in VOCABULARY[dimension]):
            continue
        found.append(Claim(dimension, "none", {}, text, 0, len(text), rules=(), extractor=ARBITER_NAME))
    return found


@dataclasses.dataclass(frozen=True)
class Arbiter:
    model: Model
    threshold: float
    mode: str
    feature_set: str
    add: float | None = None  # threshold for adding a claim the rules missed; None: never add

    @classmethod
    def from_model(cls, model: Model, *, where: str = "model") -> Arbiter:
        settings = model.settings
        threshold, mode = settings.get("threshold"), settings.get("mode")
        feature_set = settings.get("features", "crossed")
        if tuple(model.classes) != CLASSES:
            raise ModelProblem(f"{where}: classes must be {list(CLASSES)}, found {list(model.classes)}")
        if (
            not isinstance(threshold, int | float)
            or isinstance(threshold, bool)
            or not 0.0 <= threshold <= 1.0
        ):
            raise ModelProblem(f"{where}: settings.threshold must be a number from 0 to 1")
        if mode not in MODES:
            raise ModelProblem(f"{where}: settings.mode must be one of {', '.join(MODES)}")
        if feature_set not in FEATURE_SETS:
            raise ModelProblem(f"{where}: settings.features must be one of {', '.join(FEATURE_SETS)}")
        add = settings.get("add")
        if add is not None and (
            not isinstance(add, int | float) or isinstance(add, bool) or not 0.0 <= add <= 1.0
        ):
            raise ModelProblem(f"{where}: settings.add must be null or a number from 0 to 1")
        return cls(model, float(threshold), mode, feature_set, None if add is None else float(add))

    @classmethod
    def from_file(cls, path: Path) -> Arbiter:
        return cls.from_model(load(path), where=str(path))

    def read(self, text: str, claims: Sequence[Claim]) -> Reading:
        """The model's probabilities for each rule claim and, when adding, each candidate question."""
        claimed = [c.dimension for c in claims]

        def probs(claim: Claim) -> tuple[float, ...]:
            return tuple(self.model.probabilities(claim_features(text, claim, claimed, self.feature_set)))

        found = tuple((claim, probs(claim)) for claim in claims)
        extra = tuple((c, probs(c)) for c in candidates(text, claims)) if self.add is not None else ()
        return Reading(text, found, extra)

    def resolve(self, reading: Reading) -> list[Claim]:
        """The claims this arbiter's settings keep, change and add, given the model's reading."""
        kept = []
        for claim, probs in reading.claims:
            answer = self._answer(claim.polarity, probs)
            if answer == "none":
                continue
            if answer != claim.polarity:
                claim = dataclasses.replace(claim, polarity=answer, extractor=ARBITER_NAME)
            kept.append(claim)
        if self.add is not None:
            kept.extend(self._added(reading.text, reading.candidates, self.add))
            kept.sort(key=lambda c: DIMENSIONS.index(c.dimension))
        return kept

    def apply(self, text: str, claims: Sequence[Claim]) -> list[Claim]:
        return self.resolve(self.read(text, claims))

    def _answer(self, polarity: str, probs: Sequence[float]) -> str:
        best = max(range(len(CLASSES)), key=lambda i: (probs[i], -i))
        answer = CLASSES[best]
        if answer == polarity or probs[best] < self.threshold:
            return polarity
        if answer == "none" and self.mode == "polarity":
            return polarity
        if answer != "none" and self.mode == "drop":
            return polarity
        return answer

    @staticmethod
    def _added(text: str, found: Sequence[tuple[Claim, Sequence[float]]], threshold: float) -> list[Claim]:
        added = []
        for candidate, probs in found:
            best = max(range(len(CLASSES)), key=lambda i: (probs[i], -i))
            if CLASSES[best] != "none" and probs[best] >= threshold:
                start, end = passage_span(text)
                added.append(
                    dataclasses.replace(
                        candidate,
                        polarity=CLASSES[best],
                        facts=QUESTIONS[candidate.dimension].facts(text),
                        quote=text[start:end],
                        start=start,
                        end=end,
                        rules=(ADDED_RULE,),
                    )
                )
        return added


@dataclasses.dataclass(frozen=True)
class Reading:
    text: str
    claims: tuple[tuple[Claim, tuple[float, ...]], ...]
    candidates: tuple[tuple[Claim, tuple[float, ...]], ...]


def passage_span(text: str) -> tuple[int, int]:
    """Where ``text`` starts and ends without its surrounding white space (a claim's quote span)."""
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


__all__ = ["ARBITER_NAME", "CLASSES", "MODES", "Arbiter", "ModelProblem", "Reading"]
