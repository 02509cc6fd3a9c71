from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from trustreg.ingest.evaluation.batch import run_jsonl


def run(lines):
    out = io.StringIO()
    run_jsonl(lines, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_input_line_gets_one_output_line_with_the_contract_keys():
    lines = [
        json.dumps(
            {
                "id": "a",
                "text": "We do not train on your data.",
                "url": "https://x.example",
                "published": "2024",
            }
        ),
        json.dumps({"id": 7, "text": "Rate limits apply."}),
    ]
    answers = run(lines)
    assert [a["id"] for a in answers] == ["a", 7]
    (claim,) = answers[0]["claims"]
    assert set(claim) == {"dimension", "polarity", "facts", "quote"}
    assert claim["quote"] in "We do not train on your data."
    assert answers[1]["claims"] == []


def test_one_claim_per_dimension():
    (answer,) = run(
        [json.dumps({"id": "x", "text": "SOC 2 report. SOC 2 bridge letter. ISO 27001 certificate."})]
    )
    dimensions = [c["dimension"] for c in answer["claims"]]
    assert len(dimensions) == len(set(dimensions)) == 2


def test_malformed_lines_still_get_their_line_with_an_error():
    answers = run(
        ["{broken", json.dumps({"id": "b"}), json.dumps(["x"]), json.dumps({"id": "c", "text": "ok"})]
    )
    assert len(answers) == 4
    assert all(a["claims"] == [] for a in answers)
    assert "line 1" in answers[0]["error"]
    assert answers[1]["id"] == "b" and "text" in answers[1]["error"]
    assert "error" not in answers[3]


def test_blank_lines_are_skipped():
    assert run(["", "  ", json.dumps({"id": 1, "text": "x"})]) == [{"id": 1, "claims": []}]


@given(st.lists(st.text(max_size=200), max_size=10))
def test_the_output_is_always_one_json_line_per_input(texts):
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)]
    answers = run(lines)
    assert [a["id"] for a in answers] == list(range(len(texts)))
    for answer, text in zip(answers, texts, strict=True):
        assert all(claim["quote"] in text for claim in answer["claims"])


def test_deeply_nested_json_is_an_error_line_not_a_crash():
    (answer,) = run(["[" * 100_000 + "]" * 100_000])
    assert answer["claims"] == [] and "line 1" in answer["error"]


def test_a_long_text_is_read_to_its_end():
    text = "Filler sentence about nothing in particular.\n" * 400 + "Our SOC 2 Type II report is available."
    (answer,) = run([json.dumps({"id": "long", "text": text})])
    (claim,) = answer["claims"]
    assert claim["dimension"] == "soc2_type2" and claim["quote"] in text
