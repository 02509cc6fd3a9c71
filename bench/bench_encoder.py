"""Speed and size of the optional rules+encoder extractor beside the rules alone (prints; writes nothing).

    make model && python bench/bench_encoder.py [--repeat 3]

Needs the `model` extra and the weights. On one core (BLAS threads pinned to one, this process):
passages per CPU second for the rules alone, for rules+encoder as configured (the encoder runs only
where its answer can change something) and for the encoder on every passage, over the 1,000-1,300-
character paragraphs of bench/long-passages.jsonl and the tune part's passages (never a test part).
First it checks the forward pass on the real weights: the two passages of
tests/ingest/learned/fixtures/encoder-vectors.json (embeddings checked against the reference
implementation at cosine > 0.9999) must come out the same.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
from bench_extract import forget  # noqa: E402

from trustreg.ingest.extractor import extract_claims  # noqa: E402
from trustreg.ingest.learned.runtime import EncoderExtractor, model_directory  # noqa: E402

HEADS = ROOT / "data" / "models" / "extract-encoder.json"
FIXTURE = ROOT / "tests" / "ingest" / "learned" / "fixtures" / "encoder-vectors.json"
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
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.process_time()
    extractor = EncoderExtractor.load(heads=HEADS, directory=os.environ.get("TRUSTREG_ENCODER_DIR"))
    loaded = time.process_time() - start
    weights = model_directory(os.environ.get("TRUSTREG_ENCODER_DIR")) / "model.safetensors"
    print(
        f"weights {weights}: {weights.stat().st_size:,} bytes; heads {HEADS.name}: {HEADS.stat().st_size:,} bytes;"
        f" loaded in {loaded * 1000:.0f} ms CPU; settings {dict(extractor.heads.settings)}"
    )
    for passage in json.loads(FIXTURE.read_text(encoding="utf-8"))["passages"]:
        cosine = float(np.dot(extractor.embed(passage["text"]), passage["vector"]))
        print(f"forward check {passage['id']}: cosine {cosine:.7f}")
        if cosine < 0.9999:
            raise SystemExit("the forward pass does not reproduce the checked embedding")
    for name, path in SETS.items():
        texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
        mean = sum(map(len, texts)) / len(texts)
        ran = sum(1 for t in texts if extract_claims(t))
        print(
            f"{name}: {len(texts)} passages, mean {mean:.0f} chars, {ran} with a rule claim, x{args.repeat}"
        )
        for label, run in (
            ("rules alone", extract_claims),
            ("rules+encoder", extractor.claims),
            ("encoder, every passage", extractor.embed),
        ):
            cpu, wall = rate(texts, run, args.repeat)
            print(f"  {label:<24} {cpu:7.1f} passages/CPU s  {wall:7.1f} passages/s wall")


if __name__ == "__main__":
    main()
