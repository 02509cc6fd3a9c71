"""The pure-Python logistic regression: deterministic training, a model file that round-trips, and
clear errors naming a bad file."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trustreg.ingest.learned.model import Model, ModelProblem, TrainOptions, load, parse, train

EXAMPLES = [
    (["bias", "w=never", "w=train"], "positive"),
    (["bias", "w=we", "w=train"], "negative"),
    (["bias", "w=unless", "w=train"], "conditional"),
    (["bias", "w=price"], "none"),
] * 3
CLASSES = ("none", "positive", "negative", "conditional")


def test_the_same_examples_and_options_train_the_same_model_byte_for_byte():
    first = train(EXAMPLES, CLASSES, TrainOptions(epochs=10))
    again = train(list(EXAMPLES), CLASSES, TrainOptions(epochs=10))
    assert first.to_json() == again.to_json()
    assert first.to_json() != train(EXAMPLES, CLASSES, TrainOptions(epochs=10, seed=2)).to_json()


def test_training_learns_the_words_that_tell_the_classes_apart():
    model = train(EXAMPLES, CLASSES, TrainOptions(epochs=30))
    probs = model.probabilities(["bias", "w=unless", "w=train"])
    assert CLASSES[probs.index(max(probs))] == "conditional"
    assert abs(sum(probs) - 1.0) < 1e-9


def test_features_seen_fewer_times_than_the_minimum_are_left_out():
    model = train([*EXAMPLES, (["bias", "w=rare"], "none")], CLASSES, TrainOptions(epochs=5, min_count=2))
    assert "w=rare" not in model.weights
    assert model.probabilities(["w=unknown"]) == pytest.approx([0.25] * 4)


weights = st.dictionaries(
    st.text(min_size=1, max_size=12),
    st.lists(st.floats(-50, 50, allow_nan=False).map(lambda w: round(w, 4)), min_size=4, max_size=4),
    max_size=20,
)


@given(weights=weights, threshold=st.floats(0, 1), note=st.text(max_size=20))
def test_a_model_written_to_json_reads_back_the_same(weights, threshold, note):
    model = Model(CLASSES, weights, {"threshold": threshold, "mode": "drop"}, {"note": note})
    back = parse(model.to_json(), where="m.json")
    assert back == model
    assert back.to_json() == model.to_json()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "not JSON"),
        ("[]", "not a trustreg-extract-arbiter model file"),
        (json.dumps({"format": "trustreg-extract-arbiter", "version": 9}), "model version 9"),
        (
            json.dumps(
                {
                    "format": "trustreg-extract-arbiter",
                    "version": 1,
                    "classes": ["a", "b"],
                    "weights": {"x": [1]},
                }
            ),
            "weights of feature 'x' must be 2 finite numbers",
        ),
        (
            json.dumps({"format": "trustreg-extract-arbiter", "version": 1, "classes": [], "weights": {}}),
            "'classes' must be a non-empty list",
        ),
    ],
)
def test_a_corrupt_model_file_gives_an_error_naming_the_file(tmp_path, content, says):
    path = tmp_path / "broken-model.json"
    path.write_text(content)
    with pytest.raises(ModelProblem) as caught:
        load(path)
    assert str(path) in str(caught.value)
    assert says in str(caught.value)


def test_a_missing_or_binary_model_file_gives_an_error_naming_the_file(tmp_path):
    with pytest.raises(ModelProblem, match="model file not found"):
        load(tmp_path / "absent.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ModelProblem, match=f"{binary}: model file is not UTF-8"):
        load(binary)
