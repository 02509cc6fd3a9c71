from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from trustreg.ingest.evaluation.metrics import GoldPassage, GoldProblem, format_table, read_gold, score
from trustreg.ingest.extractor import extract_claims

DEV = FIXTURES / "eval" / "dev-claims.jsonl"
OWN = Path(__file__).resolve().parents[3] / "data" / "eval" / "labelled-claims.jsonl"


def gold(id, dims, polarity="positive", facts=None):
    return GoldPassage(id=id, text=id, dimensions=tuple(dims), polarity=polarity, facts=facts or {})


def test_perfect_predictions_score_one_everywhere():
    rows = [gold("a", ["soc2_type2"], facts={"x": 1}), gold("b", [], "none")]
    scores = score(
        rows, lambda p: [{"dimension": d, "polarity": p.polarity, "facts": p.facts} for d in p.dimensions]
    )
    assert scores.macro_f1 == scores.micro.f1 == scores.polarity_accuracy == scores.fact_accuracy == 1.0


def test_a_false_positive_and_a_miss_count_against_their_dimensions():
    rows = [gold("a", ["soc2_type2"]), gold("b", [], "none")]
    scores = score(rows, lambda p: [{"dimension": "iso_27001", "polarity": "positive", "facts": {}}])
    assert scores.per_dimension["soc2_type2"].fn == 1
    assert scores.per_dimension["iso_27001"].fp == 2
    assert scores.micro.f1 == 0.0
    assert set(scores.errors) == {"a", "b"}


def test_polarity_is_judged_only_on_matched_claims():
    rows = [gold("a", ["soc2_type2"], "negative")]
    scores = score(rows, lambda p: [{"dimension": "soc2_type2", "polarity": "positive", "facts": {}}])
    assert scores.micro.f1 == 1.0
    assert scores.polarity_accuracy == 0.0


def test_malformed_gold_lines_are_refused_with_the_line_number(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "t", "dimensions": ["nope"], "polarity": "none"}) + "\n")
    with pytest.raises(GoldProblem, match=r"gold.jsonl:1: field 'dimensions'"):
        read_gold(path)
    path.write_text("{not json\n")
    with pytest.raises(GoldProblem, match="gold.jsonl:1: not JSON"):
        read_gold(path)


def test_a_claim_on_a_no_claim_passage_lowers_the_no_claim_rate():
    rows = [gold("a", [], "none"), gold("b", [], "none"), gold("c", ["soc2_type2"])]
    scores = score(
        rows, lambda p: [] if p.id == "a" else [{"dimension": "soc2_type2", "polarity": "positive"}]
    )
    assert (scores.no_claim_kept, scores.no_claim_gold) == (1, 2)
    assert scores.no_claim_rate == 0.5
    assert "no claim on no-claim passages: 0.500 (1/2)" in format_table(scores)


def test_the_table_names_every_measure():
    scores = score([gold("a", ["soc2_type2"])], lambda p: [])
    table = format_table(scores)
    for word in ("micro", "macro", "polarity accuracy", "fact accuracy", "soc2_type2"):
        assert word in table


def _rules(passage):
    return [c.as_dict() for c in extract_claims(passage.text)]


@pytest.mark.parametrize("path", [DEV, OWN], ids=["dev", "own"])
def test_the_rules_reach_the_issue_target_on_labelled_data(path):
    assert score(read_gold(path), _rules).macro_f1 >= 0.85


def test_our_labelled_set_covers_every_dimension_and_polarity():
    rows = read_gold(OWN)
    assert len(rows) >= 120
    dimensions = {d for row in rows for d in row.dimensions}
    assert len(dimensions) == 11
    assert {row.polarity for row in rows} == {"positive", "negative", "conditional", "unclear", "none"}
