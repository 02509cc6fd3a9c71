"""The arbiter keeps, changes, drops or adds the rules' claims only when its model is confident."""

from __future__ import annotations

import pytest

from trustreg.ingest.extractor import extract_claims
from trustreg.ingest.learned.arbiter import ADDED_RULE, ARBITER_NAME, CLASSES, Arbiter, ModelProblem
from trustreg.ingest.learned.model import Model

TEXT = "We do not train on your data."


def arbiter(weights, *, mode="both", threshold=0.5, add=None, features="base"):
    model = Model(CLASSES, weights, {"mode": mode, "threshold": threshold, "add": add, "features": features})
    return Arbiter.from_model(model)


def test_a_confident_none_drops_the_claim_unless_the_mode_only_changes_polarity():
    claims = extract_claims(TEXT)
    assert [c.dimension for c in claims] == ["training_on_customer_data"]
    sure_none = {"bias": [9.0, 0.0, 0.0, 0.0]}
    assert arbiter(sure_none, mode="drop").apply(TEXT, claims) == []
    assert arbiter(sure_none, mode="polarity").apply(TEXT, claims) == claims


def test_a_confident_other_polarity_replaces_the_rules_polarity_and_names_the_arbiter():
    claims = extract_claims(TEXT)
    changed = arbiter({"bias": [0.0, 0.0, 0.0, 9.0]}).apply(TEXT, claims)
    assert [(c.polarity, c.extractor, c.quote) for c in changed] == [
        ("conditional", ARBITER_NAME, claims[0].quote)
    ]
    assert arbiter({"bias": [0.0, 0.0, 0.0, 9.0]}, mode="drop").apply(TEXT, claims) == claims


def test_below_the_threshold_the_rules_claim_stands():
    claims = extract_claims(TEXT)
    unsure = {"bias": [0.0, 0.0, 0.0, 0.5]}  # conditional at about 0.39
    assert arbiter(unsure, threshold=0.9).apply(TEXT, claims) == claims


def test_adding_reads_only_questions_whose_words_the_passage_uses():
    text = "Prompts are deleted after thirty days and never used to improve anything."
    rules = extract_claims(text)
    sure_positive = {"p=none": [0.0, 9.0, 0.0, 0.0]}
    added = [c for c in arbiter(sure_positive, add=0.8).apply(text, rules) if ADDED_RULE in c.rules]
    assert added, "a question the rules left out is added when the model is sure"
    assert all(c.dimension not in {r.dimension for r in rules} for c in added)
    assert "gpai_cop" not in {c.dimension for c in added}  # the passage never names the Code
    assert arbiter(sure_positive).apply(text, rules) == rules  # no add threshold: nothing added


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"mode": "sometimes", "threshold": 0.5}, "settings.mode"),
        ({"mode": "drop", "threshold": 2}, "settings.threshold"),
        ({"mode": "drop", "threshold": 0.5, "add": "yes"}, "settings.add"),
        ({"mode": "drop", "threshold": 0.5, "features": "all"}, "settings.features"),
    ],
)
def test_settings_a_model_cannot_be_applied_with_are_refused(given, says):
    with pytest.raises(ModelProblem, match=says):
        Arbiter.from_model(Model(CLASSES, {}, given), where="m.json")


def test_a_model_of_other_classes_is_refused():
    with pytest.raises(ModelProblem, match="classes must be"):
        Arbiter.from_model(Model(("yes", "no"), {}, {"mode": "drop", "threshold": 0.5}))
