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
from typing import Any, TextIO

from trustreg.ingest.extractor import extract_claims
from trustreg.ingest.metrics import GoldPassage, Scores, read_gold, score

MAX_LINE_CHARS = 1_000_000

Predictor = Callable[[str], list[dict[str, Any]]]


def rule_predictor(text: str) -> list[dict[str, Any]]:
    return [claim.as_dict() for claim in extract_claims(text)]


def answer_line(line: str, number: int, predict: Predictor = rule_predictor) -> dict[str, Any]:
    if len(line) > MAX_LINE_CHARS:
        return {"id": None, "claims": [], "error": f"line {number}: longer than {MAX_LINE_CHARS} characters"}
    try:
        data = json.loads(line)
    except ValueError as exc:
        return {"id": None, "claims": [], "error": f"line {number}: not JSON ({exc.msg})"}
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
    return {"id": ident, "claims": predict(text)}


def run_jsonl(lines: Iterable[str], out: TextIO, predict: Predictor = rule_predictor) -> int:
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
