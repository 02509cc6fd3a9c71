"""Small logistic-regression heads over a sentence embedding, and their JSON file.

One binary head per question ("does this passage make a claim about it?") and one head per polarity
(one-vs-rest, normalised), each a weight per embedding dimension plus a bias. Pure Python: a head reads a
list of floats, so loading and applying the file needs no optional package; only computing the
embedding does (``trustreg.ingest.learned.encoder``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trustreg.ingest.learned.model import ModelProblem, decode, read_file
from trustreg.ingest.questions import DIMENSIONS

FORMAT = "trustreg-extract-encoder"
VERSION = 1
POLARITIES = ("positive", "negative", "conditional")
MAX_HEADS_BYTES = 5_000_000
SETTINGS = ("veto", "add", "polarity")  # thresholds of the fusion with the rules; null: off


@dataclass(frozen=True)
class Heads:
    size: int  # the embedding's dimension
    claim: Mapping[str, tuple[float, ...]]  # question -> weights then bias
    polarity: Mapping[str, tuple[float, ...]]  # polarity -> weights then bias
    settings: Mapping[str, float | None] = field(default_factory=dict)
    about: Mapping[str, Any] = field(default_factory=dict)

    def claim_probabilities(self, vector: Sequence[float]) -> dict[str, float]:
        """The probability that the passage claims something about each question the file has a head for."""
        return {d: _sigmoid(_affine(self.claim[d], vector)) for d in DIMENSIONS if d in self.claim}

    def polarity_probabilities(self, vector: Sequence[float]) -> dict[str, float]:
        raw = {p: _sigmoid(_affine(self.polarity[p], vector)) for p in POLARITIES}
        total = sum(raw.values()) or 1.0
        return {p: value / total for p, value in raw.items()}

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "size": self.size,
            "settings": dict(self.settings),
            "about": dict(self.about),
            "claim": {d: list(self.claim[d]) for d in DIMENSIONS if d in self.claim},
            "polarity": {p: list(self.polarity[p]) for p in POLARITIES},
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(), encoding="utf-8")


def _affine(row: Sequence[float], vector: Sequence[float]) -> float:
    return math.fsum(w * x for w, x in zip(row, vector, strict=False)) + row[-1]


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    e = math.exp(value)
    return e / (1.0 + e)


def load(path: Path) -> Heads:
    """The heads in ``path``; a clear ``ModelProblem`` naming the file when it cannot be used."""
    raw = read_file(path, kind="heads", limit=MAX_HEADS_BYTES, train="extract-train-encoder")
    return parse(raw, where=str(path))


def parse(raw: str, *, where: str) -> Heads:
    data = decode(raw, kind="heads", where=where)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelProblem(f"{where}: not a {FORMAT} file")
    if data.get("version") != VERSION:
        raise ModelProblem(f"{where}: heads version {data.get('version')!r}, this code reads {VERSION}")
    size = data.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= 4096:
        raise ModelProblem(f"{where}: 'size' must be a whole number from 1 to 4096")
    claim, polarity = data.get("claim"), data.get("polarity")
    if not isinstance(claim, dict) or not isinstance(polarity, dict):
        raise ModelProblem(f"{where}: 'claim' and 'polarity' must be objects")
    unknown = [d for d in claim if d not in DIMENSIONS]
    if unknown:
        raise ModelProblem(f"{where}: 'claim' names unknown question {unknown[0]!r}")
    if sorted(polarity) != sorted(POLARITIES):
        raise ModelProblem(f"{where}: 'polarity' must have heads for {', '.join(POLARITIES)}")
    rows = {}
    for part, heads in (("claim", claim), ("polarity", polarity)):
        for name, row in heads.items():
            rows[(part, name)] = _row(row, size + 1, f"{where}: {part} head {name!r}")
    settings = data.get("settings", {})
    if not isinstance(settings, dict) or any(k not in SETTINGS for k in settings):
        raise ModelProblem(f"{where}: 'settings' may only hold {', '.join(SETTINGS)}")
    for name, value in settings.items():
        if value is not None and (
            not isinstance(value, int | float) or isinstance(value, bool) or not 0.0 <= value <= 1.0
        ):
            raise ModelProblem(f"{where}: settings.{name} must be null or a number from 0 to 1")
    about = data.get("about", {})
    if not isinstance(about, dict):
        raise ModelProblem(f"{where}: 'about' must be an object")
    return Heads(
        size,
        {d: rows[("claim", d)] for d in DIMENSIONS if d in claim},
        {p: rows[("polarity", p)] for p in POLARITIES},
        {k: None if v is None else float(v) for k, v in settings.items()},
        about,
    )


def _row(row: Any, length: int, where: str) -> tuple[float, ...]:
    if (
        not isinstance(row, list)
        or len(row) != length
        or not all(isinstance(w, int | float) and not isinstance(w, bool) and math.isfinite(w) for w in row)
    ):
        raise ModelProblem(f"{where} must be {length} finite numbers (weights, then the bias)")
    return tuple(float(w) for w in row)


__all__ = ["FORMAT", "POLARITIES", "Heads", "load", "parse"]
