"""Score the fine-tuned encoder (bench/lora_train.py's held-out readings) against the frozen design.

    .venv/bin/python bench/lora_study.py cv /tmp/lora --epochs 1,2,3,4
    .venv/bin/python bench/lora_study.py fusion /tmp/lora --epochs 2

`cv` scores the encoder alone on the five cross-validation folds (cv0..cv4.e<epoch>.json: each passage read
by adapters and heads trained without its fold, after each epoch), fine-tuned and frozen (the starting
heads of the same run); the number of epochs is chosen here.
`fusion` fuses the rules' first-sight claims of dev3, dev4 and dev5 (first-dev3.jsonl ..., written by
bench/encoder_study.py `first`) with the readings of runs trained without that batch (dev3.e<epoch>.json):
two designs fixed in advance (the frozen design's thresholds, and its veto alone) and one chosen on dev3
and dev4 pooled from a 64-design grid, then scored once on dev5. Never reads a test part.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trustreg.settings")

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import django  # noqa: E402

django.setup()

ROOT = Path(__file__).resolve().parents[1]
TUNE = ROOT / "data" / "eval" / "real-tune.jsonl"
READERS = ("tuned", "frozen")
FIXED = ((0.03, 0.8, 0.9), (0.03, None, None))
GRID = list(itertools.product((None, 0.03, 0.1, 0.3), (None, 0.7, 0.8, 0.9), (None, 0.8, 0.9, 0.95)))


def gold() -> dict[str, Any]:
    from trustreg.ingest.evaluation.metrics import parse_gold_line

    rows = [line for line in TUNE.open(encoding="utf-8") if line.strip()]
    passages = [parse_gold_line(line, where="tune") for line in rows]
    return {g.id: g for g in passages}


def readings(path: Path, reader: str) -> dict[str, tuple[dict[str, float], dict[str, float]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for pid, row in data.items():
        source = row if reader == "tuned" else row["frozen"]
        out[pid] = (source["claim"], source["polarity"])
    return out


def summary(s: Any) -> str:
    return (
        f"macro {s.macro_f1:.3f} micro {s.micro.f1:.3f} polarity {s.polarity_accuracy:.3f} "
        f"({s.polarity_correct}/{s.polarity_matched}) days {s.facts_correct_of_gold}/{s.facts_gold} "
        f"no-claim {s.no_claim_rate:.3f} ({s.no_claim_kept}/{s.no_claim_gold})"
    )


def objective(s: Any) -> float:
    return float((s.macro_f1 + s.micro.f1 + s.polarity_accuracy + s.no_claim_rate) / 4)


def cross_validate(work: Path, epochs: list[int]) -> None:
    from trustreg.ingest.evaluation.metrics import score
    from trustreg.ingest.questions import QUESTIONS

    passages = gold()
    for reader, epoch in [("frozen", epochs[0])] + [("tuned", e) for e in epochs]:
        read_as: dict[str, Any] = {}
        for fold in range(5):
            read_as.update(readings(work / f"cv{fold}.e{epoch}.json", reader))
        assert set(read_as) == set(passages), "every tune passage is read once"
        for threshold in (0.3, 0.5):

            def alone(g: Any, threshold: float = threshold, read_as: dict = read_as) -> list[dict[str, Any]]:
                claims, polarity = read_as[g.id]
                best = max(polarity, key=polarity.__getitem__)
                return [
                    {"dimension": d, "polarity": best, "facts": QUESTIONS[d].facts(g.text), "quote": g.text}
                    for d, p in claims.items()
                    if p >= threshold
                ]

            result = score(list(passages.values()), alone)
            label = reader if reader == "frozen" else f"tuned, {epoch} epochs"
            print(f"{label:<16} threshold {threshold}: {summary(result)}", flush=True)


def fusion(work: Path, epoch: int) -> None:
    from trustreg.ingest.evaluation.metrics import score
    from trustreg.ingest.extractor import Claim
    from trustreg.ingest.learned.fusion import fuse

    passages = gold()
    batches = ("dev3", "dev4", "dev5")
    seen: dict[str, list[Claim]] = {}
    for batch in batches:
        for line in (work / f"first-{batch}.jsonl").open(encoding="utf-8"):
            row = json.loads(line)
            seen[row["id"]] = [
                Claim(c["dimension"], c["polarity"], c["facts"], c["quote"], 0, 0) for c in row["claims"]
            ]

    def scored(names: tuple[str, ...], reader: str, settings: dict[str, Any]) -> Any:
        read_as: dict[str, Any] = {}
        for name in names:
            read_as.update(readings(work / f"{name}.e{epoch}.json", reader))
        golds = [passages[i] for i in read_as]

        def fused(g: Any) -> list[dict[str, Any]]:
            return [c.as_dict() for c in fuse(g.text, seen[g.id], *read_as[g.id], settings)]

        return score(golds, fused)

    off = {"veto": None, "polarity": None, "add": None}
    for batch in batches:
        print(f"{batch} rules at first sight: {summary(scored((batch,), 'tuned', off))}")
    print(f"dev3+dev4 rules: {summary(scored(('dev3', 'dev4'), 'tuned', off))}")
    for reader, (veto, flip, add) in itertools.product(READERS, FIXED):
        settings = {"veto": veto, "polarity": flip, "add": add}
        for names in (("dev3",), ("dev4",), ("dev5",), ("dev3", "dev4")):
            print(f"{reader} {veto}/{flip}/{add} {'+'.join(names)}: {summary(scored(names, reader, settings))}")
    ranked = []
    for veto, flip, add in GRID:
        settings = {"veto": veto, "polarity": flip, "add": add}
        ranked.append((objective(scored(("dev3", "dev4"), "tuned", settings)), (veto, flip, add)))
    ranked.sort(key=lambda item: -item[0])
    for value, design in ranked[:8]:
        print(f"grid on dev3+dev4 (tuned) {design}: objective {value:.4f}")
    veto, flip, add = ranked[0][1]
    chosen = {"veto": veto, "polarity": flip, "add": add}
    print(f"chosen {ranked[0][1]} on dev5, once: {summary(scored(('dev5',), 'tuned', chosen))}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("cv", "fusion"))
    parser.add_argument("work")
    parser.add_argument("--epochs", default="1,2,3,4", help="cv: the epochs to score; fusion: the one epoch")
    options = parser.parse_args()
    epochs = [int(e) for e in options.epochs.split(",")]
    if options.step == "cv":
        cross_validate(Path(options.work), epochs)
    else:
        fusion(Path(options.work), epochs[0])


if __name__ == "__main__":
    sys.exit(main())
