"""Scores of an extractor against labelled passages (the format of ``dev-claims.jsonl``).

A gold line names the passage's dimensions (``[]`` and polarity ``"none"`` when it makes no
claim), one polarity and the facts it states. A prediction is a list of claims, one per dimension.

- Detection: per dimension, a (passage, dimension) pair is a true positive when both sides have it.
  Precision, recall and F1 per dimension; micro (pooled counts) and macro (mean over dimensions
  present in gold or predictions) averages.
- Polarity accuracy: over true-positive pairs, the claim's polarity equals the gold polarity.
- No-claim rate: over passages labelled with no claim, the share where the extractor claims nothing.
- Fact accuracy: over every gold fact, the passage's predicted facts (merged over its claims)
  hold the same value (text compared case- and space-insensitively, lists as sets).
  Fact precision: over every predicted fact on a passage with gold facts, the same comparison.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trustreg.ingest.compare import same_fact
from trustreg.ingest.questions import DIMENSIONS

MAX_GOLD_LINES = 100_000


class GoldProblem(ValueError):
    """A gold file line is malformed; the message names the line and field."""


@dataclass(frozen=True)
class GoldPassage:
    id: str
    text: str
    dimensions: tuple[str, ...]
    polarity: str
    facts: dict[str, Any]
    url: str | None = None
    published: str | None = None


def read_gold(path: Path) -> list[GoldPassage]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if number > MAX_GOLD_LINES:
                raise GoldProblem(f"{path}: more than {MAX_GOLD_LINES} lines")
            if not line.strip():
                continue
            rows.append(parse_gold_line(line, where=f"{path}:{number}"))
    return rows


def parse_gold_line(line: str, *, where: str) -> GoldPassage:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GoldProblem(f"{where}: not JSON ({exc.msg})") from None
    except RecursionError:
        raise GoldProblem(f"{where}: JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise GoldProblem(f"{where}: expected an object")
    for key, kind in (("id", str), ("text", str), ("dimensions", list), ("polarity", str)):
        if not isinstance(data.get(key), kind):
            raise GoldProblem(f"{where}: field {key!r} must be {kind.__name__}")
    unknown = [d for d in data["dimensions"] if d not in DIMENSIONS]
    if unknown:
        raise GoldProblem(f"{where}: field 'dimensions': unknown dimension {unknown[0]!r}")
    facts = data.get("facts") or {}
    if not isinstance(facts, dict):
        raise GoldProblem(f"{where}: field 'facts' must be an object")
    return GoldPassage(
        id=data["id"],
        text=data["text"],
        dimensions=tuple(data["dimensions"]),
        polarity=data["polarity"],
        facts=facts,
        url=data.get("url"),
        published=data.get("published_or_seen") or data.get("published"),
    )


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass
class Scores:
    per_dimension: dict[str, Counts] = field(default_factory=dict)
    polarity_matched: int = 0
    polarity_correct: int = 0
    facts_gold: int = 0
    facts_predicted: int = 0
    facts_correct_of_gold: int = 0
    facts_correct_of_predicted: int = 0
    passages: int = 0
    no_claim_gold: int = 0  # passages labelled with no claim
    no_claim_kept: int = 0  # ... of which the extractor also claimed nothing
    errors: list[str] = field(default_factory=list)  # ids of passages with any detection mistake

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.per_dimension.values():
            total.tp += counts.tp
            total.fp += counts.fp
            total.fn += counts.fn
        return total

    def _active(self) -> list[Counts]:
        return [c for c in self.per_dimension.values() if c.tp + c.fp + c.fn]

    @property
    def macro_precision(self) -> float:
        active = self._active()
        return sum(c.precision for c in active) / len(active) if active else 0.0

    @property
    def macro_recall(self) -> float:
        active = self._active()
        return sum(c.recall for c in active) / len(active) if active else 0.0

    @property
    def macro_f1(self) -> float:
        active = self._active()
        return sum(c.f1 for c in active) / len(active) if active else 0.0

    @property
    def polarity_accuracy(self) -> float:
        return self.polarity_correct / self.polarity_matched if self.polarity_matched else 0.0

    @property
    def fact_accuracy(self) -> float:
        return self.facts_correct_of_gold / self.facts_gold if self.facts_gold else 0.0

    @property
    def no_claim_rate(self) -> float:
        return self.no_claim_kept / self.no_claim_gold if self.no_claim_gold else 0.0

    @property
    def fact_precision(self) -> float:
        return self.facts_correct_of_predicted / self.facts_predicted if self.facts_predicted else 0.0


def score(gold: Iterable[GoldPassage], predict: Callable[[GoldPassage], list[dict[str, Any]]]) -> Scores:
    scores = Scores(per_dimension={d: Counts() for d in DIMENSIONS})
    for passage in gold:
        scores.passages += 1
        claims = predict(passage)
        predicted = {c["dimension"]: c for c in claims}
        if not passage.dimensions:
            scores.no_claim_gold += 1
            scores.no_claim_kept += not predicted
        wrong = False
        for dimension in DIMENSIONS:
            in_gold = dimension in passage.dimensions
            in_pred = dimension in predicted
            counts = scores.per_dimension[dimension]
            if in_gold and in_pred:
                counts.tp += 1
                scores.polarity_matched += 1
                scores.polarity_correct += predicted[dimension]["polarity"] == passage.polarity
            elif in_pred:
                counts.fp += 1
                wrong = True
            elif in_gold:
                counts.fn += 1
                wrong = True
        if wrong:
            scores.errors.append(passage.id)
        merged: dict[str, Any] = {}
        for claim in claims:
            for key, value in (claim.get("facts") or {}).items():
                merged.setdefault(key, value)
        for key, value in passage.facts.items():
            scores.facts_gold += 1
            scores.facts_correct_of_gold += key in merged and same_fact(value, merged[key])
        if passage.facts:
            for key, value in merged.items():
                scores.facts_predicted += 1
                scores.facts_correct_of_predicted += key in passage.facts and same_fact(
                    passage.facts[key], value
                )
    return scores


def format_table(scores: Scores, *, title: str = "") -> str:
    lines = []
    if title:
        lines.append(title)
    lines.append(f"{'dimension':<28} {'prec':>6} {'recall':>6} {'f1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for dimension, c in scores.per_dimension.items():
        if not (c.tp or c.fp or c.fn):
            continue
        lines.append(
            f"{dimension:<28} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} {c.tp:>4} {c.fp:>4} {c.fn:>4}"
        )
    micro = scores.micro
    lines.append(
        f"{'micro':<28} {micro.precision:>6.3f} {micro.recall:>6.3f} {micro.f1:>6.3f}"
        f" {micro.tp:>4} {micro.fp:>4} {micro.fn:>4}"
    )
    lines.append(
        f"{'macro':<28} {scores.macro_precision:>6.3f} {scores.macro_recall:>6.3f} {scores.macro_f1:>6.3f}"
    )
    lines.append(
        f"polarity accuracy on matched claims: {scores.polarity_accuracy:.3f}"
        f" ({scores.polarity_correct}/{scores.polarity_matched})"
    )
    lines.append(
        f"fact accuracy: {scores.fact_accuracy:.3f} ({scores.facts_correct_of_gold}/{scores.facts_gold})"
        f"  fact precision: {scores.fact_precision:.3f}"
        f" ({scores.facts_correct_of_predicted}/{scores.facts_predicted})"
    )
    lines.append(
        f"no claim on no-claim passages: {scores.no_claim_rate:.3f} ({scores.no_claim_kept}/{scores.no_claim_gold})"
    )
    lines.append(f"passages: {scores.passages}")
    return "\n".join(lines)
