"""A multinomial logistic regression in pure Python: deterministic training and a JSON model file.

Training is stochastic gradient descent over the examples in an order fixed by a seeded generator,
with L2 shrinkage of the weights each step touches; the weights are rounded to three decimals, so the
same examples and options always write the same file, byte for byte.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "trustreg-extract-arbiter"
VERSION = 1
MAX_MODEL_BYTES = 20_000_000
DECIMALS = 3


class ModelProblem(ValueError):
    """The model file is missing, unreadable or malformed; the message names the file."""


def read_file(path: Path, *, kind: str, limit: int, train: str) -> str:
    """The text of the ``kind`` file (\"model\", \"heads\") at ``path``, at most ``limit`` bytes;
    ``train`` names the command that writes one."""
    try:
        if path.stat().st_size > limit:
            raise ModelProblem(f"{path}: {kind} file larger than {limit} bytes")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelProblem(f"{path}: {kind} file not found (train one with `trustreg {train}`)") from None
    except OSError as exc:
        raise ModelProblem(f"{path}: cannot read the {kind} file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ModelProblem(f"{path}: {kind} file is not UTF-8 text") from None


def decode(raw: str, *, kind: str, where: str) -> Any:
    """The JSON of a ``kind`` file; a ``ModelProblem`` naming ``where`` when it is not JSON."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ModelProblem(f"{where}: {kind} file is not JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise ModelProblem(f"{where}: {kind} file nests too deeply") from None


@dataclass(frozen=True)
class TrainOptions:
    epochs: int = 25
    rate: float = 0.2
    l2: float = 1e-4
    min_count: int = 3
    seed: int = 14

    def as_dict(self) -> dict[str, Any]:
        return {
            "epochs": self.epochs,
            "rate": self.rate,
            "l2": self.l2,
            "min_count": self.min_count,
            "seed": self.seed,
        }


@dataclass
class Model:
    classes: tuple[str, ...]
    weights: dict[str, list[float]]
    settings: dict[str, Any] = field(default_factory=dict)  # how to apply it (threshold, mode, features)
    about: dict[str, Any] = field(default_factory=dict)  # what it was trained on, for the record

    def probabilities(self, features: Sequence[str]) -> list[float]:
        scores = [0.0] * len(self.classes)
        weights = self.weights
        for name in features:
            row = weights.get(name)
            if row is not None:
                for index, weight in enumerate(row):
                    scores[index] += weight
        return _softmax(scores)

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "classes": list(self.classes),
            "settings": self.settings,
            "about": self.about,
            "weights": {name: self.weights[name] for name in sorted(self.weights)},
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(), encoding="utf-8")


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def train(
    examples: Sequence[tuple[Sequence[str], str]],
    classes: Sequence[str],
    options: TrainOptions | None = None,
) -> Model:
    """Fit weights to (features, class) pairs; features seen in fewer than ``min_count`` examples are left out."""
    options = options or TrainOptions()
    index = {name: i for i, name in enumerate(classes)}
    seen: Counter[str] = Counter()
    for features, _ in examples:
        seen.update(set(features))
    kept = sorted(name for name, count in seen.items() if count >= options.min_count)
    weights: dict[str, list[float]] = {name: [0.0] * len(classes) for name in kept}
    rows = [
        ([weights[f] for f in dict.fromkeys(features) if f in weights], index[label])
        for features, label in examples
    ]
    order = list(range(len(rows)))
    shuffle = random.Random(options.seed)
    shrink = 1.0 - options.l2
    for epoch in range(options.epochs):
        shuffle.shuffle(order)
        rate = options.rate / (1.0 + epoch * 0.2)
        for position in order:
            active, target = rows[position]
            scores = [0.0] * len(classes)
            for row in active:
                for c, weight in enumerate(row):
                    scores[c] += weight
            probs = _softmax(scores)
            gradient = [rate * ((1.0 if c == target else 0.0) - p) for c, p in enumerate(probs)]
            for row in active:
                for c in range(len(row)):
                    row[c] = row[c] * shrink + gradient[c]
    rounded = {
        name: [round(w, DECIMALS) + 0.0 for w in row]
        for name, row in weights.items()
        if any(round(w, DECIMALS) for w in row)
    }
    return Model(tuple(classes), rounded, about={"options": options.as_dict(), "examples": len(examples)})


def load(path: Path) -> Model:
    """The model in ``path``; a clear ``ModelProblem`` naming the file when it cannot be used."""
    return parse(read_file(path, kind="model", limit=MAX_MODEL_BYTES, train="extract-train"), where=str(path))


def parse(raw: str, *, where: str) -> Model:
    data = decode(raw, kind="model", where=where)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelProblem(f"{where}: not a {FORMAT} model file")
    if data.get("version") != VERSION:
        raise ModelProblem(f"{where}: model version {data.get('version')!r}, this code reads {VERSION}")
    classes = data.get("classes")
    if not isinstance(classes, list) or not classes or not all(isinstance(c, str) for c in classes):
        raise ModelProblem(f"{where}: 'classes' must be a non-empty list of names")
    weights = data.get("weights")
    if not isinstance(weights, dict):
        raise ModelProblem(f"{where}: 'weights' must be an object")
    for name, row in weights.items():
        if (
            not isinstance(row, list)
            or len(row) != len(classes)
            or not all(
                isinstance(w, int | float) and not isinstance(w, bool) and math.isfinite(w) for w in row
            )
        ):
            raise ModelProblem(f"{where}: weights of feature {name!r} must be {len(classes)} finite numbers")
    settings, about = data.get("settings", {}), data.get("about", {})
    if not isinstance(settings, dict) or not isinstance(about, dict):
        raise ModelProblem(f"{where}: 'settings' and 'about' must be objects")
    return Model(tuple(classes), {k: [float(w) for w in v] for k, v in weights.items()}, settings, about)
