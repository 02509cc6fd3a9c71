"""The batch contract evaluation tools depend on, exactly.

Input: JSON lines ``{"id": ..., "text": ...}`` with optional ``url`` and ``published``.
Output: one line per input line, in order, ``{"id": ..., "claims": [{"dimension", "polarity",
"facts", "quote"}]}``; an empty list when the text is about none of the dimensions. A malformed
input line still gets its output line (so line N answers line N), with an ``error`` field saying
why and no claims.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from trustreg.ingest.evaluation.llm import LLMUnavailable
from trustreg.ingest.evaluation.metrics import GoldPassage, Scores, read_gold, score
from trustreg.ingest.extractor import MAX_PASSAGE_CHARS, Claim, extract_claims
from trustreg.ingest.learned.arbiter import Arbiter, ModelProblem
from trustreg.ingest.learned.runtime import EncoderExtractor
from trustreg.ingest.passages import split_passages
from trustreg.ingest.questions import DIMENSIONS

MAX_LINE_CHARS = 1_000_000

Predictor = Callable[[str], list[dict[str, Any]]]


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


EXTRACTORS = ("rules", "rules+arbiter", "rules+encoder", "llm", "rules+llm")


def rule_predictor(text: str) -> list[dict[str, Any]]:
    return [claim.as_dict() for claim in claims_for_text(text)]


def claims_for_text(text: str) -> list[Claim]:
    """One claim per dimension for a text of any length: long texts are read passage by passage."""
    if len(text) <= MAX_PASSAGE_CHARS:
        return extract_claims(text)
    first: dict[str, Claim] = {}
    for passage in split_passages(text):
        for claim in extract_claims(passage.text):
            first.setdefault(claim.dimension, claim)
    return [first[d] for d in DIMENSIONS if d in first]


def make_predictor(
    name: str, *, model: Path | None = None, heads: Path | None = None, encoder_dir: str | None = None
) -> Predictor:
    """The predictor for an extractor name; the LLM ones need TRUSTREG_LLM_URL (off by default); the
    arbiter reads its model file (``model``), the encoder its heads file (``heads``), the optional
    packages and the weights (``encoder_dir``), raising ``ModelProblem`` naming what is unusable."""
    if name == "rules":
        return rule_predictor
    if name not in EXTRACTORS:
        raise ValueError(f"unknown extractor {name!r} (choose from {', '.join(EXTRACTORS)})")
    if name == "rules+arbiter":
        if model is None:
            raise ModelProblem("the arbiter needs a model file (TRUSTREG_EXTRACT_MODEL)")
        arbiter = Arbiter.from_file(model)

        def arbitrated(text: str) -> list[dict[str, Any]]:
            return [claim.as_dict() for claim in arbiter.apply(text, claims_for_text(text))]

        return arbitrated
    if name == "rules+encoder":
        if heads is None:
            raise ModelProblem("the encoder needs a heads file (TRUSTREG_ENCODER_HEADS)")
        extractor = EncoderExtractor.load(heads=heads, directory=encoder_dir)

        def fused(text: str) -> list[dict[str, Any]]:
            return [claim.as_dict() for claim in extractor.claims(text)]

        return fused
    from trustreg.ingest.evaluation.llm import LLMConfig, LLMExtractor, combined

    config = LLMConfig.from_env()
    if config is None:
        raise LLMUnavailable(
            "the LLM extractor is off: set TRUSTREG_LLM_URL (and TRUSTREG_LLM_KEY, TRUSTREG_LLM_MODEL)"
        )
    llm = LLMExtractor(config)

    def predict(text: str) -> list[dict[str, Any]]:
        rules = claims_for_text(text) if name == "rules+llm" else []
        try:
            found = combined(rules, llm.extract(text))
        except LLMUnavailable:
            if name == "llm":
                raise
            found = rules  # the rules still answer when the model does not
        return [claim.as_dict() for claim in found]

    return predict


def answer_line(line: str, number: int, predict: Predictor = rule_predictor) -> dict[str, Any]:
    if len(line) > MAX_LINE_CHARS:
        return {"id": None, "claims": [], "error": f"line {number}: longer than {MAX_LINE_CHARS} characters"}
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "claims": [], "error": f"line {number}: not JSON ({exc.msg})"}
    except RecursionError:
        return {"id": None, "claims": [], "error": f"line {number}: JSON nested too deeply"}
    if not isinstance(data, dict):
        return {"id": None, "claims": [], "error": f"line {number}: expected an object"}
    ident = data.get("id")
    if not isinstance(ident, str | int) or isinstance(ident, bool):
        return {"id": None, "claims": [], "error": f"line {number}: field 'id' must be text or a number"}
    text = data.get("text")
    if not isinstance(text, str):
        return {"id": ident, "claims": [], "error": f"line {number}: field 'text' must be text"}
    for optional in ("url", "published"):
        if data.get(optional) is not None and not isinstance(data[optional], str):
            return {"id": ident, "claims": [], "error": f"line {number}: field {optional!r} must be text"}
    try:
        return {"id": ident, "claims": predict(text)}
    except LLMUnavailable as exc:  # an unreachable optional model: this line fails, the batch goes on
        return {"id": ident, "claims": [], "error": f"line {number}: {exc}"}


def run_jsonl(lines: Iterable[str], out: Writer, predict: Predictor = rule_predictor) -> int:
    """Answer every non-blank line; returns how many lines were answered."""
    count = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        out.write(json.dumps(answer_line(line, number, predict), ensure_ascii=False) + "\n")
        count += 1
    return count


def evaluate_file(path: Any, predict: Predictor = rule_predictor) -> Scores:
    def by_text(passage: GoldPassage) -> list[dict[str, Any]]:
        return predict(passage.text)

    return score(read_gold(path), by_text)
