"""Training and cross-validation of the learned arbiter (``trustreg extract-train``).

The rules read every passage once; each claim they make becomes an example whose answer is the gold
polarity when the gold labels name that question, else ``none``. Designs (training data, feature set,
mode, threshold) are compared by k-fold cross-validation on the tune part only: each fold is scored with
a model trained on the other folds (plus the team-written sets when the design uses them), the folds'
predictions are pooled and scored like ``trustreg extract-eval``. The test part is never read here.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustreg.ingest.evaluation.batch import claims_for_text
from trustreg.ingest.evaluation.metrics import GoldPassage, Scores, read_gold, score
from trustreg.ingest.extractor import Claim
from trustreg.ingest.learned.arbiter import CLASSES, MODES, Arbiter, candidates
from trustreg.ingest.learned.arbiter import Reading as ArbiterReading
from trustreg.ingest.learned.features import FEATURE_SETS, claim_features
from trustreg.ingest.learned.model import Model, TrainOptions, train

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
ADD_THRESHOLDS = (None, 0.6, 0.7, 0.8, 0.9)
DATA_CHOICES = ("tune", "tune+team")
FORBIDDEN_NAME = "real-test"
DEFAULT_OPTIONS = TrainOptions()  # the test part is scored, never trained on


class TrainingProblem(ValueError):
    pass


@dataclass(frozen=True)
class Reading:
    passage: GoldPassage
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Design:
    data: str
    feature_set: str
    mode: str
    threshold: float
    add: float | None = None

    def label(self) -> str:
        add = "-" if self.add is None else f"{self.add:.1f}"
        return f"{self.data:<9} {self.feature_set:<7} {self.mode:<8} {self.threshold:.1f} add {add}"

    @property
    def settings(self) -> dict[str, Any]:
        return {"features": self.feature_set, "mode": self.mode, "threshold": self.threshold, "add": self.add}


@dataclass(frozen=True)
class Outcome:
    design: Design | None  # None: the rules alone
    scores: Scores

    @property
    def objective(self) -> float:
        return objective(self.scores)


def objective(scores: Scores) -> float:
    """What designs are ranked by: the mean of macro F1, polarity accuracy and the no-claim rate."""
    return (scores.macro_f1 + scores.polarity_accuracy + scores.no_claim_rate) / 3


def read_sets(paths: Sequence[Path]) -> list[Reading]:
    readings: list[Reading] = []
    for path in paths:
        if FORBIDDEN_NAME in path.name:
            raise TrainingProblem(f"{path}: the test part is never trained on")
        readings.extend(Reading(p, tuple(claims_for_text(p.text))) for p in read_gold(path))
    return readings


def examples(readings: Sequence[Reading], feature_set: str) -> list[tuple[list[str], str]]:
    found = []
    for reading in readings:
        gold = reading.passage
        claimed = [c.dimension for c in reading.claims]
        for claim in [*reading.claims, *candidates(gold.text, reading.claims)]:
            answer = gold.polarity if claim.dimension in gold.dimensions else "none"
            if answer not in CLASSES:
                continue
            found.append((claim_features(gold.text, claim, claimed, feature_set), answer))
    return found


def fit(readings: Sequence[Reading], design: Design, options: TrainOptions = DEFAULT_OPTIONS) -> Model:
    model = train(examples(readings, design.feature_set), CLASSES, options)
    model.settings = design.settings
    return model


def fold_of(passage_id: str, folds: int) -> int:
    return int(hashlib.sha256(passage_id.encode()).hexdigest(), 16) % folds


def cross_validate(
    tune: Sequence[Reading], team: Sequence[Reading], folds: int, options: TrainOptions = DEFAULT_OPTIONS
) -> tuple[Outcome, list[Outcome]]:
    """The rules alone and every design, each scored on the tune part's folds pooled."""
    if folds < 2:
        raise TrainingProblem("cross-validation needs at least 2 folds")
    by_id = {r.passage.id: r for r in tune}
    baseline = score([r.passage for r in tune], lambda p: [c.as_dict() for c in by_id[p.id].claims])
    outcomes = []
    for data, feature_set in itertools.product(DATA_CHOICES, FEATURE_SETS):
        read: dict[str, ArbiterReading] = {}
        for fold in range(folds):
            train_on = [r for r in tune if fold_of(r.passage.id, folds) != fold]
            if data == "tune+team":
                train_on += list(team)
            reader = Arbiter.from_model(fit(train_on, Design(data, feature_set, "both", 0.5, 0.5), options))
            for r in tune:
                if fold_of(r.passage.id, folds) == fold:
                    read[r.passage.id] = reader.read(r.passage.text, r.claims)
        for mode, threshold, add in itertools.product(MODES, THRESHOLDS, ADD_THRESHOLDS):
            design = Design(data, feature_set, mode, threshold, add)
            arbiter = Arbiter(Model(CLASSES, {}), threshold, mode, feature_set, add)

            def predict(
                passage: GoldPassage, arbiter: Arbiter = arbiter, read: dict[str, ArbiterReading] = read
            ) -> list[dict[str, Any]]:
                return [c.as_dict() for c in arbiter.resolve(read[passage.id])]

            outcomes.append(Outcome(design, score([r.passage for r in tune], predict)))
    return Outcome(None, baseline), outcomes


def best(outcomes: Sequence[Outcome]) -> Outcome:
    """The design with the highest objective; ties go to the simpler one (listed earlier, higher threshold)."""
    return max(outcomes, key=lambda o: (round(o.objective, 6), o.design.threshold if o.design else 0.0))


def summary(outcome: Outcome) -> str:
    s = outcome.scores
    name = outcome.design.label() if outcome.design else "rules alone"
    facts = f"{s.facts_correct_of_gold}/{s.facts_gold}"
    return (
        f"{name:<32} macro {s.macro_f1:.3f}  polarity {s.polarity_accuracy:.3f} ({s.polarity_correct}/"
        f"{s.polarity_matched})  no claim {s.no_claim_rate:.3f} ({s.no_claim_kept}/{s.no_claim_gold})"
        f"  facts {facts}  objective {outcome.objective:.4f}"
    )


def file_digest(paths: Sequence[Path]) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
