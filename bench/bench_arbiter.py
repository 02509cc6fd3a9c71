"""Speed of the optional learned arbiter beside the rules alone (prints; writes nothing).

    python bench/bench_arbiter.py [--repeat 10]

On one core (this process): passages per CPU second and per wall second for the rules alone and for
rules+arbiter (data/models/extract-arbiter.json), over the 1,000-1,300-character paragraphs of
bench/long-passages.jsonl and over the tune part's passages (never the test part). Memo caches are
emptied before every repeat, as in bench_extract.py. Also the model file's size and load time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_extract import forget  # noqa: E402

from trustreg.ingest.extractor import extract_claims  # noqa: E402
from trustreg.ingest.learned.arbiter import Arbiter  # noqa: E402

MODEL = ROOT / "data" / "models" / "extract-arbiter.json"
SETS = {
    "long passages (bench/long-passages.jsonl)": ROOT / "bench" / "long-passages.jsonl",
    "tune part (data/eval/real-tune.jsonl)": ROOT / "data" / "eval" / "real-tune.jsonl",
}


def rate(texts: list[str], run: Callable[[str], object], repeat: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        forget()
        for text in texts:
            run(text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    done = len(texts) * repeat
    return done / cpu, done / wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    start = time.process_time()
    arbiter = Arbiter.from_file(MODEL)
    loaded = time.process_time() - start
    print(
        f"model {MODEL.name}: {MODEL.stat().st_size} bytes, {len(arbiter.model.weights)} features, "
        f"loaded in {loaded * 1000:.0f} ms CPU; settings {arbiter.model.settings}"
    )
    for name, path in SETS.items():
        texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
        mean = sum(map(len, texts)) / len(texts)
        rules = rate(texts, extract_claims, args.repeat)
        both = rate(texts, lambda t: arbiter.apply(t, extract_claims(t)), args.repeat)
        print(f"{name}: {len(texts)} passages, mean {mean:.0f} chars, x{args.repeat}")
        print(f"  rules alone    {rules[0]:7.0f} passages/CPU s  {rules[1]:7.0f} passages/s wall")
        print(f"  rules+arbiter  {both[0]:7.0f} passages/CPU s  {both[1]:7.0f} passages/s wall")


if __name__ == "__main__":
    main()
