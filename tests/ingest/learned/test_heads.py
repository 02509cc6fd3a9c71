"""The committed encoder heads file: how it loads, what it answers on real embeddings, how it is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR
from trustreg.ingest.extractor import extract_claims
from trustreg.ingest.learned.heads import POLARITIES, load, parse
from trustreg.ingest.learned.model import ModelProblem
from trustreg.ingest.learned.runtime import EncoderExtractor
from trustreg.ingest.questions import DIMENSIONS

HEADS = DATA_DIR.parent / "models" / "extract-encoder.json"
VECTORS = {
    p["id"]: p
    for p in json.loads((Path(__file__).parent / "fixtures" / "encoder-vectors.json").read_text())["passages"]
}
SURVEY = VECTORS["dev4-b034"]  # a survey about data sovereignty: no residency claim
NO_TRAINING = VECTORS["real-1038"]  # "No Training: We do not use your data ... to train"


def test_the_committed_heads_file_loads_and_writes_back_byte_for_byte():
    heads = load(HEADS)
    assert heads.size == 384
    assert set(heads.claim) <= set(DIMENSIONS) and "training_on_customer_data" in heads.claim
    assert dict(heads.settings) == {"veto": 0.03, "polarity": 0.8, "add": 0.9}
    assert heads.to_json() == HEADS.read_text(encoding="utf-8")
    assert not any("real-test" in name for name in heads.about["trained_on"])


def test_on_real_embeddings_the_heads_tell_a_claim_from_vocabulary_without_one():
    heads = load(HEADS)
    assert heads.claim_probabilities(SURVEY["vector"])["data_residency"] < 0.03
    assert heads.claim_probabilities(NO_TRAINING["vector"])["training_on_customer_data"] > 0.9
    polarity = heads.polarity_probabilities(NO_TRAINING["vector"])
    assert set(polarity) == set(POLARITIES) and abs(sum(polarity.values()) - 1.0) < 1e-9
    assert max(polarity, key=polarity.__getitem__) == "positive"


def test_the_fused_extractor_vetoes_the_rules_false_claim_and_keeps_the_true_one():
    extractor = EncoderExtractor(
        load(HEADS), lambda text: {p["text"]: p["vector"] for p in VECTORS.values()}[text]
    )
    assert [c.dimension for c in extract_claims(SURVEY["text"])] == ["data_residency"]
    assert extractor.claims(SURVEY["text"]) == []
    assert extractor.claims(NO_TRAINING["text"]) == extract_claims(NO_TRAINING["text"])


def good() -> dict:
    return json.loads(HEADS.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(format="other"), "not a trustreg-extract-encoder file"),
        (lambda d: d.update(version=2), "heads version 2"),
        (lambda d: d.update(size=0), "'size' must be a whole number"),
        (lambda d: d["claim"].update(weather=[0.0] * 385), "unknown question 'weather'"),
        (lambda d: d["polarity"].pop("negative"), "'polarity' must have heads"),
        (lambda d: d["claim"]["gdpr_dpa"].pop(), "claim head 'gdpr_dpa' must be 385 finite numbers"),
        (lambda d: d["polarity"]["positive"].__setitem__(0, True), "polarity head 'positive' must be 385"),
        (lambda d: d["settings"].update(veto=2), "settings.veto must be null or a number from 0 to 1"),
        (lambda d: d["settings"].update(speed=1), "'settings' may only hold"),
        (lambda d: d.update(about=[]), "'about' must be an object"),
    ],
)
def test_a_malformed_heads_file_is_refused_naming_what_is_wrong(change, message):
    data = good()
    change(data)
    with pytest.raises(ModelProblem, match=message):
        parse(json.dumps(data), where="heads.json")


def test_an_unreadable_heads_file_is_named(tmp_path):
    with pytest.raises(ModelProblem, match="heads file not found"):
        load(tmp_path / "missing.json")
    path = tmp_path / "broken.json"
    path.write_text('{"format": ')
    with pytest.raises(ModelProblem, match=f"{path}: heads file is not JSON"):
        load(path)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(ModelProblem, match="not UTF-8"):
        load(path)
