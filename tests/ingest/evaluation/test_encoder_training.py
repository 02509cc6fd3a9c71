"""Training the encoder heads: deterministic, byte for byte, and never on a test part."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from trustreg.ingest.evaluation.encoder_training import (
    TrainingProblem,
    check_names,
    embed_all,
    fit_heads,
    fit_logistic,
    text_key,
)
from trustreg.ingest.evaluation.metrics import GoldPassage
from trustreg.ingest.learned.heads import parse


def passages_and_vectors() -> tuple[list[GoldPassage], np.ndarray]:
    rng = np.random.default_rng(14)
    passages, rows = [], []
    for i in range(60):
        kind = i % 3
        dims = () if kind == 0 else ("training_on_customer_data",)
        polarity = ("none", "positive", "negative")[kind]
        passages.append(GoldPassage(f"p{i}", f"text {i}", dims, polarity, {}))
        centre = np.eye(8)[kind] * 3
        rows.append(centre + rng.normal(0, 0.5, 8))
    return passages, np.array(rows)


def test_the_same_data_writes_the_same_file_byte_for_byte():
    passages, vectors = passages_and_vectors()
    settings = {"veto": 0.1, "polarity": None, "add": None}
    first = fit_heads(vectors, passages, l2_claim=0.1, l2_polarity=0.3, settings=settings).to_json()
    second = fit_heads(
        vectors.copy(), list(passages), l2_claim=0.1, l2_polarity=0.3, settings=settings
    ).to_json()
    assert first == second
    assert parse(first, where="trained").to_json() == first


def test_trained_heads_separate_what_they_were_shown():
    passages, vectors = passages_and_vectors()
    heads = fit_heads(vectors, passages, l2_claim=0.1, l2_polarity=0.3, settings={})
    assert list(heads.claim) == ["training_on_customer_data"]  # no head for a question never claimed
    claiming = heads.claim_probabilities(list(np.eye(8)[1] * 3))["training_on_customer_data"]
    silent = heads.claim_probabilities(list(np.eye(8)[0] * 3))["training_on_customer_data"]
    assert claiming > 0.9 > 0.1 > silent
    polarity = heads.polarity_probabilities(list(np.eye(8)[2] * 3))
    assert max(polarity, key=polarity.__getitem__) == "negative"
    assert heads.about["passages"] == 60


def test_a_logistic_regression_fits_a_line():
    x = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    w = fit_logistic(x, np.array([0.0, 0.0, 1.0, 1.0]), l2=0.01)
    assert w[0] > 1 and abs(w[1]) < 1e-6


def test_the_test_parts_are_never_trained_on():
    with pytest.raises(TrainingProblem, match="never trained on"):
        check_names([Path("data/eval/real-tune.jsonl"), Path("data/eval/real-test2.jsonl")])
    check_names([Path("data/eval/real-tune.jsonl")])


def test_training_needs_passages_that_claim():
    passages, vectors = passages_and_vectors()
    silent = [p for p in passages if not p.dimensions]
    with pytest.raises(TrainingProblem, match="polarity"):
        fit_heads(vectors[: len(silent)], silent, l2_claim=1, l2_polarity=1, settings={})
    with pytest.raises(TrainingProblem, match="one embedding per passage"):
        fit_heads(vectors[:3], passages, l2_claim=1, l2_polarity=1, settings={})


def test_embeddings_are_kept_by_text_hash_and_read_back(tmp_path):
    calls = []

    def embed(text: str) -> np.ndarray:
        calls.append(text)
        return np.full(3, len(text), dtype=np.float32)

    first = embed_all(["ab", "abc"], embed, tmp_path)
    again = embed_all(["abc", "ab"], embed, tmp_path)
    assert calls == ["ab", "abc"]
    assert (tmp_path / f"{text_key('ab')}.npy").is_file()
    assert np.array_equal(first[::-1], again)
