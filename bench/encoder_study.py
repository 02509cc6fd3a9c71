"""How the rules+encoder design was chosen (docs/real-text-set.md, "A pretrained sentence encoder").

    make model
    git worktree add --detach /tmp/rules-dev3 930c3df^    # the rules before dev3 joined
    git worktree add --detach /tmp/rules-dev4 7f6c92b^    # ... and before dev4 joined
    PYTHONPATH=/tmp/rules-dev3/src .venv/bin/python bench/encoder_study.py first dev3- /tmp/first-dev3.jsonl
    PYTHONPATH=/tmp/rules-dev4/src .venv/bin/python bench/encoder_study.py first dev4- /tmp/first-dev4.jsonl
    .venv/bin/python bench/encoder_study.py cv --cache /tmp/emb
    .venv/bin/python bench/encoder_study.py fusion --cache /tmp/emb /tmp/first-dev3.jsonl /tmp/first-dev4.jsonl

`first` writes the claims of the rules on PYTHONPATH for the tune passages whose id has the prefix (their
first-sight errors). `cv` scores the encoder heads alone by 5-fold cross-validation on the tune part,
folds by source URL. `fusion` fuses the first-sight claims of each batch with heads trained without that
batch and prints the designs ranked by the mean of macro F1, micro F1, polarity accuracy and no-claim
rate. Never reads a test part. Prints; writes only the embeddings cache and the `first` output.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "data" / "eval"


def embeddings(rows: list[dict[str, Any]], cache: Path) -> np.ndarray:
    from trustreg.ingest.evaluation.encoder_training import embed_all
    from trustreg.ingest.learned.encoder import SentenceEncoder
    from trustreg.ingest.learned.runtime import model_directory

    encoder: list[SentenceEncoder] = []

    def embed(text: str) -> np.ndarray:
        if not encoder:
            encoder.append(SentenceEncoder(model_directory(os.environ.get("TRUSTREG_ENCODER_DIR"))))
        return encoder[0].embed(text)

    return embed_all([r["text"] for r in rows], embed, cache)


def read(names: list[str]) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        assert "real-test" not in name, "the test parts are never read here"
        rows += [json.loads(line) for line in (EVAL / name).open(encoding="utf-8") if line.strip()]
    return rows


def heads_for(x: np.ndarray, rows: list[dict[str, Any]], l2_claim: float, l2_polarity: float) -> Any:
    from trustreg.ingest.evaluation.encoder_training import fit_heads
    from trustreg.ingest.evaluation.metrics import parse_gold_line

    gold = [parse_gold_line(json.dumps(r), where="study") for r in rows]
    return fit_heads(x, gold, l2_claim=l2_claim, l2_polarity=l2_polarity, settings={})


def summary(s: Any) -> str:
    return (
        f"macro {s.macro_f1:.3f} micro {s.micro.f1:.3f} polarity {s.polarity_accuracy:.3f} "
        f"({s.polarity_correct}/{s.polarity_matched}) days {s.facts_correct_of_gold}/{s.facts_gold} "
        f"no-claim {s.no_claim_rate:.3f} ({s.no_claim_kept}/{s.no_claim_gold})"
    )


def objective(s: Any) -> float:
    return float((s.macro_f1 + s.micro.f1 + s.polarity_accuracy + s.no_claim_rate) / 4)


def first(prefix: str, out: Path) -> None:
    from trustreg.ingest.evaluation.batch import claims_for_text

    with out.open("w", encoding="utf-8") as handle:
        for row in read(["real-tune.jsonl"]):
            if row["id"].startswith(prefix):
                claims = [c.as_dict() for c in claims_for_text(row["text"])]
                handle.write(json.dumps({"id": row["id"], "claims": claims}) + "\n")


def cross_validate(cache: Path, team: list[str]) -> None:
    from trustreg.ingest.evaluation.metrics import parse_gold_line, score
    from trustreg.ingest.questions import QUESTIONS

    tune, extra = read(["real-tune.jsonl"]), read(team)
    x, tx = embeddings(tune, cache), embeddings(extra, cache)
    fold = np.array([int(hashlib.sha256(r["source"].encode()).hexdigest(), 16) % 5 for r in tune])
    gold = [parse_gold_line(json.dumps(r), where="tune") for r in tune]
    for data, l2 in itertools.product(("tune", "tune+team"), (0.01, 0.03, 0.1)):
        read_as: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
        for f in range(5):
            train = [r for r, k in zip(tune, fold, strict=True) if k != f]
            xa = x[fold != f]
            if data == "tune+team":
                train, xa = train + extra, np.vstack([xa, tx])
            heads = heads_for(xa, train, l2, 0.3)
            for i in np.where(fold == f)[0]:
                v = list(x[i])
                read_as[tune[i]["id"]] = (heads.claim_probabilities(v), heads.polarity_probabilities(v))
        for threshold in (0.3, 0.5):

            def alone(g: Any, threshold: float = threshold, read_as: dict = read_as) -> list[dict[str, Any]]:
                claims, polarity = read_as[g.id]
                best = max(polarity, key=polarity.__getitem__)
                return [
                    {"dimension": d, "polarity": best, "facts": QUESTIONS[d].facts(g.text), "quote": g.text}
                    for d, p in claims.items()
                    if p >= threshold
                ]

            print(f"{data:<9} l2 {l2:<5} threshold {threshold}: {summary(score(gold, alone))}", flush=True)


def fusion(cache: Path, team: list[str], firsts: list[Path]) -> None:
    from trustreg.ingest.evaluation.metrics import parse_gold_line, score
    from trustreg.ingest.extractor import Claim
    from trustreg.ingest.learned.fusion import fuse

    tune, extra = read(["real-tune.jsonl"]), read(team)
    x, tx = embeddings(tune, cache), embeddings(extra, cache)
    seen = {}
    for path in firsts:
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            seen[row["id"]] = [
                Claim(c["dimension"], c["polarity"], c["facts"], c["quote"], 0, 0) for c in row["claims"]
            ]
    batches = sorted({i.split("-")[0] for i in seen})
    grid = list(
        itertools.product((None, 0.02, 0.03, 0.05, 0.1), (None, 0.7, 0.8, 0.9), (None, 0.8, 0.9, 0.95))
    )
    results: dict[tuple[Any, ...], list[Any]] = {}
    for l2 in (0.01, 0.03, 0.1):
        read_as = {}
        for batch in batches:
            keep = [not r["id"].startswith(batch + "-") for r in tune]
            train = [r for r, k in zip(tune, keep, strict=True) if k] + extra
            heads = heads_for(np.vstack([x[np.array(keep)], tx]), train, l2, 0.3)
            for i, r in enumerate(tune):
                if r["id"] in seen and r["id"].startswith(batch + "-"):
                    v = list(x[i])
                    read_as[r["id"]] = (heads.claim_probabilities(v), heads.polarity_probabilities(v))
        gold = [parse_gold_line(json.dumps(r), where="tune") for r in tune if r["id"] in seen]
        for veto, flip, add in grid:
            settings = {"veto": veto, "polarity": flip, "add": add}

            def fused(g: Any, settings: dict = settings, read_as: dict = read_as) -> list[dict[str, Any]]:
                return [c.as_dict() for c in fuse(g.text, seen[g.id], *read_as[g.id], settings)]

            results[(l2, veto, flip, add)] = [score(gold, fused)]
        print(f"l2 {l2} done", flush=True)
    rules = results[(0.03, None, None, None)][0]
    print(f"rules at first sight: {summary(rules)} objective {objective(rules):.4f}")
    ranked = sorted(results.items(), key=lambda item: -objective(item[1][0]))
    for (l2, veto, flip, add), (scores,) in ranked[:20]:
        print(f"l2 {l2} veto {veto} polarity {flip} add {add}: {objective(scores):.4f} {summary(scores)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("first", "cv", "fusion"))
    parser.add_argument("args", nargs="*")
    parser.add_argument("--cache", default="/tmp/trustreg-embeddings")
    options = parser.parse_intermixed_args()
    if options.step == "first":  # with the old rules on PYTHONPATH: nothing of this code base beyond them
        first(options.args[0], Path(options.args[1]))
        return
    from trustreg.ingest.management.commands.extract_train_encoder import TRAINING_SETS

    team = [name for name in TRAINING_SETS if name != "real-tune.jsonl"]
    if options.step == "cv":
        cross_validate(Path(options.cache), team)
    else:
        fusion(Path(options.cache), team, [Path(p) for p in options.args])


if __name__ == "__main__":
    sys.exit(main())
