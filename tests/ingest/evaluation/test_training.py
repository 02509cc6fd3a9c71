"""Cross-validation and training of the arbiter: deterministic, and never on the test part."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from trustreg.ingest.evaluation.batch import evaluate_file
from trustreg.ingest.evaluation.training import (
    ADD_THRESHOLDS,
    DATA_CHOICES,
    THRESHOLDS,
    Design,
    TrainingProblem,
    best,
    cross_validate,
    fit,
    fold_of,
    read_sets,
)
from trustreg.ingest.learned.arbiter import MODES
from trustreg.ingest.learned.features import FEATURE_SETS
from trustreg.ingest.learned.model import TrainOptions

EVAL = Path(__file__).resolve().parents[3] / "data" / "eval"
QUICK = TrainOptions(epochs=3)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("sets") / "tune.jsonl"
    path.write_text("".join((EVAL / "real-tune.jsonl").read_text().splitlines(keepends=True)[:40]))
    return path


@pytest.mark.parametrize("name", ["real-test.jsonl", "real-test2.jsonl"])
def test_the_test_parts_are_refused_as_training_data(tmp_path, name):
    path = tmp_path / name
    path.write_text("")
    with pytest.raises(TrainingProblem, match="never trained on"):
        read_sets([path])


def test_folds_are_fixed_by_the_passage_id():
    assert fold_of("real-0001", 5) == fold_of("real-0001", 5)
    assert {fold_of(f"real-{n:04d}", 5) for n in range(50)} == set(range(5))


def test_cross_validation_scores_the_rules_alone_and_every_design_on_the_tune_part(small):
    tune = read_sets([small])
    baseline, outcomes = cross_validate(tune, read_sets([EVAL / "heldout-claims.jsonl"]), 2, QUICK)
    rules = evaluate_file(small)
    assert (baseline.scores.macro_f1, baseline.scores.polarity_correct) == (
        rules.macro_f1,
        rules.polarity_correct,
    )
    expected = itertools.product(DATA_CHOICES, FEATURE_SETS, MODES, THRESHOLDS, ADD_THRESHOLDS)
    assert [o.design for o in outcomes] == [Design(*values) for values in expected]
    assert all(o.scores.passages == len(tune) for o in outcomes)
    assert best(outcomes).objective == max(o.objective for o in outcomes)


def test_the_same_readings_and_design_fit_the_same_model(small):
    tune = read_sets([small])
    design = Design("tune", "base", "drop", 0.9)
    assert fit(tune, design, QUICK).to_json() == fit(read_sets([small]), design, QUICK).to_json()
    assert fit(tune, design, QUICK).settings == {
        "features": "base",
        "mode": "drop",
        "threshold": 0.9,
        "add": None,
    }
