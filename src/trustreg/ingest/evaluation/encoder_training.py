"""Training of the encoder heads (``trustreg extract-train-encoder``); needs numpy.

Each head is an L2-regularised logistic regression fitted by Newton's method from zero weights for a
fixed number of steps (no randomness), its weights rounded to four decimals: the same embeddings write
the same file byte for byte. Question heads learn "the passage claims something about this question"
from every passage; polarity heads (one-vs-rest) learn from the passages that claim something. The test
parts are never read (any file named ``real-test*`` is refused).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from trustreg.ingest.evaluation.metrics import GoldPassage
from trustreg.ingest.learned.heads import POLARITIES, Heads
from trustreg.ingest.questions import DIMENSIONS

FORBIDDEN_NAME = "real-test"
DECIMALS = 4
STEPS = 25


class TrainingProblem(ValueError):
    pass


def check_names(paths: Sequence[Path]) -> None:
    for path in paths:
        if FORBIDDEN_NAME in path.name:
            raise TrainingProblem(f"{path}: the test parts are scored, never trained on")


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, steps: int = STEPS) -> np.ndarray:
    """Weights then bias of a logistic regression of ``y`` (0/1) on the rows of ``x``; the bias is not
    shrunk. Newton steps from zero, each solving the regularised Hessian."""
    rows, size = x.shape
    a = np.hstack([x.astype(np.float64), np.ones((rows, 1))])
    w = np.zeros(size + 1)
    shrink = np.eye(size + 1) * l2
    shrink[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ w, -40.0, 40.0)))
        gradient = a.T @ (p - y) + shrink @ w
        hessian = (a * (p * (1.0 - p))[:, None]).T @ a + shrink + 1e-9 * np.eye(size + 1)
        w = w - np.linalg.solve(hessian, gradient)
    return w


def fit_heads(
    vectors: np.ndarray,
    passages: Sequence[GoldPassage],
    *,
    l2_claim: float,
    l2_polarity: float,
    settings: Mapping[str, float | None],
    about: Mapping[str, Any] | None = None,
) -> Heads:
    if len(vectors) != len(passages) or not len(passages):
        raise TrainingProblem("one embedding per passage, and at least one passage, are needed")
    claim = {}
    for dimension in DIMENSIONS:
        y = np.array([dimension in p.dimensions for p in passages], dtype=np.float64)
        if y.any():
            claim[dimension] = _rounded(fit_logistic(vectors, y, l2_claim))
    claimed = np.array([bool(p.dimensions) and p.polarity in POLARITIES for p in passages])
    if not claimed.any():
        raise TrainingProblem("no passage claims anything: the polarity heads cannot be trained")
    polarity = {}
    for name in POLARITIES:
        y = np.array([p.polarity == name for p in passages], dtype=np.float64)[claimed]
        polarity[name] = _rounded(fit_logistic(vectors[claimed], y, l2_polarity))
    record = {"l2_claim": l2_claim, "l2_polarity": l2_polarity, "steps": STEPS, "passages": len(passages)}
    return Heads(int(vectors.shape[1]), claim, polarity, dict(settings), {**record, **(about or {})})


def _rounded(weights: np.ndarray) -> tuple[float, ...]:
    return tuple(round(float(w), DECIMALS) + 0.0 for w in weights)


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embed_all(
    texts: Sequence[str], embed: Callable[[str], np.ndarray], cache: Path | None = None
) -> np.ndarray:
    """One row per text; with ``cache``, each vector is kept as ``<sha256 of the text>.npy`` there."""
    rows = []
    for text in texts:
        where = cache / f"{text_key(text)}.npy" if cache else None
        if where is not None and where.is_file():
            rows.append(np.load(where))
            continue
        vector = np.asarray(embed(text), dtype=np.float32)
        if where is not None:
            where.parent.mkdir(parents=True, exist_ok=True)
            np.save(where, vector)
        rows.append(vector)
    return np.stack(rows).astype(np.float64)


__all__ = ["TrainingProblem", "check_names", "embed_all", "fit_heads", "fit_logistic", "text_key"]
