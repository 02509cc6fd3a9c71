"""Fusion: the heads veto, re-read or add the rules' claims only past their thresholds."""

from __future__ import annotations

from trustreg.ingest.extractor import extract_claims
from trustreg.ingest.learned.fusion import ADDED_RULE, ENCODER_NAME, fuse

TEXT = "We do not train on your data."
TRAINING = "training_on_customer_data"
SURE_NEGATIVE = {"positive": 0.05, "negative": 0.9, "conditional": 0.05}
SURE_CONDITIONAL = {"positive": 0.05, "negative": 0.05, "conditional": 0.9}
OFF = {"veto": None, "polarity": None, "add": None}


def test_without_thresholds_the_rules_claims_pass_unchanged():
    claims = extract_claims(TEXT)
    assert fuse(TEXT, claims, {TRAINING: 0.0}, SURE_CONDITIONAL, OFF) == claims
    assert fuse(TEXT, claims, {TRAINING: 0.0}, SURE_CONDITIONAL, {}) == claims


def test_a_claim_whose_question_the_head_finds_unlikely_is_vetoed():
    claims = extract_claims(TEXT)
    assert [c.dimension for c in claims] == [TRAINING]
    assert fuse(TEXT, claims, {TRAINING: 0.01}, SURE_NEGATIVE, {**OFF, "veto": 0.02}) == []
    assert fuse(TEXT, claims, {TRAINING: 0.03}, SURE_NEGATIVE, {**OFF, "veto": 0.02}) == claims
    # a question without a head is never vetoed
    assert fuse(TEXT, claims, {}, SURE_NEGATIVE, {**OFF, "veto": 0.5}) == claims


def test_a_confident_polarity_head_re_reads_a_kept_claim_and_names_the_encoder():
    claims = extract_claims(TEXT)
    assert claims[0].polarity == "positive"  # no training is the good answer
    changed = fuse(TEXT, claims, {TRAINING: 0.9}, SURE_CONDITIONAL, {**OFF, "polarity": 0.8})
    assert [(c.polarity, c.extractor, c.quote, c.facts) for c in changed] == [
        ("conditional", ENCODER_NAME, claims[0].quote, claims[0].facts)
    ]
    assert fuse(TEXT, claims, {TRAINING: 0.9}, SURE_CONDITIONAL, {**OFF, "polarity": 0.95}) == claims


def test_a_question_the_rules_missed_is_added_with_the_passages_facts_when_the_head_is_sure():
    text = "  Conversations are removed from our servers 30 days after you close them.  "
    claims = extract_claims(text)
    probabilities = {c.dimension: 0.5 for c in claims} | {"retention_zdr": 0.97}
    fused = fuse(
        text,
        [c for c in claims if c.dimension != "retention_zdr"],
        probabilities,
        SURE_CONDITIONAL,
        {**OFF, "add": 0.9},
    )
    added = [c for c in fused if c.rules == (ADDED_RULE,)]
    assert [(c.dimension, c.polarity, c.quote, c.extractor) for c in added] == [
        ("retention_zdr", "conditional", text.strip(), ENCODER_NAME)
    ]
    assert added[0].facts.get("retention_days") == 30
    assert text[added[0].start : added[0].end] == added[0].quote
    assert fuse(text, [], {"retention_zdr": 0.85}, SURE_CONDITIONAL, {**OFF, "add": 0.9}) == []
