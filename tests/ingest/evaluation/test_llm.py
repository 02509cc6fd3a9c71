"""The optional LLM extractor against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from trustreg.ingest.evaluation.llm import LLMConfig, LLMExtractor, LLMUnavailable, combined, validated_claims
from trustreg.ingest.extractor import extract_claims

PASSAGE = "Customer prompts are retained for thirty (30) days. Our SOC 2 report is public."


class FakeModel(BaseHTTPRequestHandler):
    answers: dict[str, object] = {}
    seen: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeModel.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        text = body["messages"][-1]["content"]
        answer = FakeModel.answers.get(text, {"claims": []})
        if answer == "500":
            self.send_response(500)
            self.end_headers()
            return
        content = answer if isinstance(answer, str) else json.dumps(answer)
        payload = json.dumps({"choices": [{"message": {"content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_model():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeModel.answers, FakeModel.seen = {}, []
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def extractor(url):
    return LLMExtractor(LLMConfig(url=url, key="secret-key", model="fake", timeout=5))


def test_a_verbatim_quote_is_kept_with_exact_offsets(fake_model):
    FakeModel.answers[PASSAGE] = {
        "claims": [
            {
                "dimension": "retention_zdr",
                "polarity": "positive",
                "facts": {"retention_days": 30},
                "quote": "retained for thirty (30) days",
            }
        ]
    }
    (claim,) = extractor(fake_model).extract(PASSAGE)
    assert PASSAGE[claim.start : claim.end] == claim.quote
    assert claim.extractor == "llm/fake"
    assert FakeModel.seen[0]["path"] == "/v1/chat/completions"
    assert FakeModel.seen[0]["auth"] == "Bearer secret-key"


def test_an_invented_quote_drops_the_claim(fake_model):
    FakeModel.answers[PASSAGE] = {
        "claims": [
            {
                "dimension": "retention_zdr",
                "polarity": "positive",
                "facts": {},
                "quote": "retained for 30 days",
            },
            {
                "dimension": "soc2_type2",
                "polarity": "positive",
                "facts": {},
                "quote": "Our SOC 2 report is public.",
            },
        ]
    }
    assert [c.dimension for c in extractor(fake_model).extract(PASSAGE)] == ["soc2_type2"]


def test_unknown_dimensions_bad_polarities_and_odd_facts_are_refused():
    answer = {
        "claims": [
            {"dimension": "world_peace", "polarity": "positive", "quote": "SOC 2"},
            {"dimension": "soc2_type2", "polarity": "maybe", "quote": "SOC 2"},
            {
                "dimension": "retention_zdr",
                "polarity": "positive",
                "quote": "thirty",
                "facts": {"x": {"nested": 1}},
            },
        ]
    }
    claims = validated_claims(answer, PASSAGE, extractor="llm/x")
    assert [(c.dimension, c.facts) for c in claims] == [("retention_zdr", {})]
    assert validated_claims(["not", "a", "mapping"], PASSAGE, extractor="llm/x") == []


@pytest.mark.parametrize("answer", ["500", "this is not json"])
def test_a_failing_or_rambling_endpoint_is_unavailable(fake_model, answer):
    FakeModel.answers[PASSAGE] = answer
    with pytest.raises(LLMUnavailable):
        extractor(fake_model).extract(PASSAGE)


def test_an_unreachable_endpoint_is_unavailable():
    with pytest.raises(LLMUnavailable, match="unreachable"):
        extractor("http://127.0.0.1:9/v1").extract(PASSAGE)


def test_rules_come_first_and_the_model_only_adds():
    rules = extract_claims(PASSAGE)
    model = validated_claims(
        {
            "claims": [
                {"dimension": "retention_zdr", "polarity": "negative", "quote": "thirty"},
                {"dimension": "trust_center", "polarity": "positive", "quote": "public"},
            ]
        },
        PASSAGE,
        extractor="llm/x",
    )
    merged = {c.dimension: c for c in combined(rules, model)}
    assert merged["retention_zdr"].extractor.startswith("rules/")
    assert merged["trust_center"].extractor == "llm/x"


def test_the_llm_extractor_is_off_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("TRUSTREG_LLM_URL", raising=False)
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 1, "text": PASSAGE}) + "\n")
    with pytest.raises(CommandError, match="off"):
        call_command("extract", "--jsonl", str(path), "--extractor", "llm", stdout=io.StringIO())


def test_the_batch_contract_works_with_the_model(fake_model, monkeypatch, tmp_path):
    monkeypatch.setenv("TRUSTREG_LLM_URL", fake_model)
    FakeModel.answers[PASSAGE] = {
        "claims": [{"dimension": "trust_center", "polarity": "positive", "facts": {}, "quote": "public"}]
    }
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 1, "text": PASSAGE}) + "\n")
    out = io.StringIO()
    call_command("extract", "--jsonl", str(path), "--extractor", "rules+llm", stdout=out)
    (line,) = [json.loads(x) for x in out.getvalue().splitlines()]
    assert {c["dimension"] for c in line["claims"]} >= {"retention_zdr", "soc2_type2", "trust_center"}
