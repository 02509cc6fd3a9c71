"""Benchmark the rule-based claim extractor; write the "## Extraction" section of docs/benchmarks.md.

    python bench/bench_extract.py [--repeat 20] [--no-write]

Measures, on one core (this process, no workers):
- passages/s: the rule extractor over every labelled passage (dev set, our sets, the real-text set, and
  the passages of the three seed documents), repeated; per-passage latency median and p95;
- long passages/s: the same over 1,000-1,300-character paragraphs of real public documentation
  (bench/long-passages.jsonl); the extractor's memo caches are emptied before every repeat, so each
  repeat does the full work, as on a document seen for the first time;
- documents/s: the whole framework-free pipeline on the seed documents (text extraction from bytes,
  description, passage splitting, claims), repeated; per-document median and p95;
- scores (macro F1, polarity and fact accuracy) on each labelled set.
Only the section "## Extraction" of docs/benchmarks.md is replaced; other sections are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from trustreg.ingest import cues, generic, scope  # noqa: E402
from trustreg.ingest.analysis import analyse  # noqa: E402
from trustreg.ingest.evaluation.batch import evaluate_file  # noqa: E402
from trustreg.ingest.evaluation.metrics import read_gold  # noqa: E402
from trustreg.ingest.extractor import EXTRACTOR_NAME, extract_claims  # noqa: E402
from trustreg.ingest.passages import split_passages  # noqa: E402
from trustreg.textextract import extract  # noqa: E402

SHARED = Path(os.environ.get("TRUSTREG_SHARED", ROOT.parent / "shared"))
DEV = SHARED / "eval" / "dev-claims.jsonl"
SEEDS = sorted((SHARED / "seeds").glob("*")) if (SHARED / "seeds").is_dir() else []
SEEDS = [p for p in SEEDS if not p.name.startswith("registry-entry")]
LABELLED = {
    "dev (shared/eval/dev-claims.jsonl)": DEV,
    "own (data/eval/labelled-claims.jsonl)": ROOT / "data" / "eval" / "labelled-claims.jsonl",
    "held-out 1 (data/eval/heldout-claims.jsonl)": ROOT / "data" / "eval" / "heldout-claims.jsonl",
    "held-out 2 (data/eval/heldout2-claims.jsonl)": ROOT / "data" / "eval" / "heldout2-claims.jsonl",
    "held-out 3 (data/eval/heldout3-claims.jsonl)": ROOT / "data" / "eval" / "heldout3-claims.jsonl",
    "held-out 4 (data/eval/heldout4-claims.jsonl)": ROOT / "data" / "eval" / "heldout4-claims.jsonl",
    "held-out 5 (data/eval/heldout5-claims.jsonl)": ROOT / "data" / "eval" / "heldout5-claims.jsonl",
    "held-out 6 (data/eval/heldout6-claims.jsonl)": ROOT / "data" / "eval" / "heldout6-claims.jsonl",
    "generality tune (data/eval/generality-tune.jsonl)": ROOT / "data" / "eval" / "generality-tune.jsonl",
    "generality test (data/eval/generality-test.jsonl)": ROOT / "data" / "eval" / "generality-test.jsonl",
    "polarity tune (data/eval/polarity-tune.jsonl)": ROOT / "data" / "eval" / "polarity-tune.jsonl",
    "polarity test (data/eval/polarity-test.jsonl)": ROOT / "data" / "eval" / "polarity-test.jsonl",
    "real tune (data/eval/real-tune.jsonl)": ROOT / "data" / "eval" / "real-tune.jsonl",
    "real test (data/eval/real-test.jsonl)": ROOT / "data" / "eval" / "real-test.jsonl",
    "real test 2 (data/eval/real-test2.jsonl)": ROOT / "data" / "eval" / "real-test2.jsonl",
}
# Test parts are scored once before and once after a pass, by hand, and recorded below; a bench run
# must not score them again (that would invite tuning on them). Their text still counts for speed.
SCORED_ONCE = {label for label, path in LABELLED.items() if "-test" in path.stem}
LONG = ROOT / "bench" / "long-passages.jsonl"
# The generality sets (other vendors' wording, many distractors) scored with the rules before the
# generality pass (commit c72802e) and after it. The test set was written up front, scored once before
# and once after, and never used to tune; the tune set guided the changes.
GENERALITY = (
    "| set | passages | rules | macro F1 | micro F1 | polarity accuracy | fact accuracy |",
    "|---|---|---|---|---|---|---|",
    "| generality tune | 164 | before | 0.976 | 0.969 | 0.894 (127/142) | 0.746 (91/122) |",
    "| generality tune | 164 | after | 0.988 | 0.990 | 0.980 (144/147) | 0.975 (119/122) |",
    "| generality test | 79 | before | 0.984 | 0.980 | 0.822 (60/73) | 0.885 (54/61) |",
    "| generality test | 79 | after | 0.991 | 0.987 | 0.838 (62/74) | 0.934 (57/61) |",
)
# The polarity pass (branch extract3): "may" only as an option or limit, requirements as conditions,
# hedges as unclear, negation scoped to its predicate. The polarity sets carry no gold facts (fact
# accuracy n/a). The polarity test set was written before any rule change, scored once before and once
# after, and never used to tune; the tune set guided the changes.
POLARITY = (
    "| set | passages | rules | macro F1 | micro F1 | polarity accuracy | fact accuracy |",
    "|---|---|---|---|---|---|---|",
    "| polarity tune | 79 | before | 0.974 | 0.982 | 0.675 (56/83) | n/a |",
    "| polarity tune | 79 | after | 0.974 | 0.982 | 0.976 (81/83) | n/a |",
    "| polarity test | 70 | before | 0.969 | 0.955 | 0.743 (55/74) | n/a |",
    "| polarity test | 70 | after | 0.969 | 0.955 | 0.959 (71/74) | n/a |",
    "| generality tune | 164 | before | 0.988 | 0.990 | 0.980 (144/147) | 0.975 (119/122) |",
    "| generality tune | 164 | after | 0.988 | 0.990 | 0.986 (145/147) | 0.975 (119/122) |",
    "| generality test | 79 | before | 0.991 | 0.987 | 0.838 (62/74) | 0.934 (57/61) |",
    "| generality test | 79 | after | 0.991 | 0.987 | 0.919 (68/74) | 0.951 (58/61) |",
)
# Issue 14: the real-text set (verbatim passages of public documents, two labelling passes settled to
# docs/labels.md). Scored with the rules as they were before the work (commit 9cebc11), at the end of the
# first pass (commit 2cf0a86) and at the end of the second pass (this commit); the test part was never
# tuned on: its aggregate was printed before the work, at the end of each pass, and never read passage by
# passage. The tune part grew from 362 to 543 passages in the second pass (docs/real-text-set.md). Pass 3
# (general scope handling, after the independent relabelling) printed the test aggregate three times, never
# its passages.
REAL = (
    "| set | passages | rules | macro F1 | micro F1 | polarity accuracy | retention_days | no claim on no-claim passages |",
    "|---|---|---|---|---|---|---|---|",
    "| real tune | 362 | before (9cebc11) | 0.612 | 0.729 | 0.695 (105/151) | 14/19 | 135/206 (0.655) |",
    "| real tune | 362 | end of pass 1 (2cf0a86) | 0.926 | 0.917 | 0.974 (151/155) | 19/19 | 200/206 (0.971) |",
    "| real tune | 543 | end of pass 1 (2cf0a86) | 0.855 | 0.846 | 0.895 (214/239) | 26/27 | 245/273 (0.897) |",
    "| real tune | 543 | end of pass 2 | 0.946 | 0.940 | 0.964 (265/275) | 26/27 | 259/273 (0.949) |",
    "| real test | 271 | before (9cebc11) | 0.683 | 0.730 | 0.697 (83/119) | 8/10 | 87/129 (0.674) |",
    "| real test | 271 | end of pass 1 (2cf0a86) | 0.767 | 0.788 | 0.846 (99/117) | 9/10 | 105/129 (0.814) |",
    "| real test | 271 | end of pass 2 | 0.840 | 0.822 | 0.848 (106/125) | 8/10 | 106/129 (0.822) |",
    "| real tune | 542 | relabelled by the second pass, end of pass 2 (4e72b3e) | 0.930 | 0.920 | 0.934 (254/272)"
    " | 25/27 | 251/267 (0.940) |",
    "| real tune | 542 | relabelled, end of pass 3 | 0.947 | 0.928 | 0.949 (258/272) | 25/27 | 254/267 (0.951) |",
    "| real test | 271 | relabelled by the second pass, end of pass 2 (4e72b3e) | 0.847 | 0.834 | 0.820 (105/128)"
    " | 8/9 | 106/126 (0.841) |",
    "| real test | 271 | relabelled, end of pass 3 | 0.864 | 0.845 | 0.840 (110/131) | 8/9 | 106/126 (0.841) |",
    "| real tune | 661 | grown by 119 passages, end of pass 3 (9aba769) | 0.897 | 0.883 | 0.925 (298/322) | 29/33"
    " | 286/321 (0.891) |",
    "| real tune | 661 | end of pass 4 (39e62f1) | 0.932 | 0.919 | 0.939 (310/330) | 30/33 | 301/321 (0.938) |",
    "| real test | 271 | end of pass 4 (39e62f1) | 0.861 | 0.841 | 0.838 (109/130) | 8/9 | 106/126 (0.841) |",
    "| real test 2 | 151 | first score, never tuned on (e870cb9) | 0.729 | 0.744 | 0.705 (43/61) | 10/11 | 57/79 (0.722) |",
    "| real test 2 | 151 | same, rules + arbiter (e870cb9) | 0.753 | 0.734 | 0.724 (42/58) | 9/11 | 60/79 (0.759) |",
)
# Each held-out set's score the first time it was run, before any rule change it prompted.
FIRST_SCORES = {
    "held-out 1": "macro F1 0.921, polarity accuracy 0.862, fact accuracy 0.619 (40 passages)",
    "held-out 2": "macro F1 0.967, polarity accuracy 0.923, fact accuracy 1.000 (40 passages, vendor style)",
    "held-out 3": "macro F1 0.876, polarity accuracy 0.864, fact accuracy 0.929 (30 longer vendor passages)",
    "held-out 4": "macro F1 0.878, polarity accuracy 0.885, fact accuracy 0.800 (30 legal, portal, forum passages)",
    "held-out 5": "macro F1 0.957, polarity accuracy 0.852, fact accuracy 0.706 (30 negations and conditions)",
    "held-out 6": "macro F1 0.952, polarity accuracy 0.905, fact accuracy 0.706 (25 across all dimensions)",
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def forget() -> None:
    """Empty the memo caches so a repeat measures the work on text never seen before."""
    for cached in (
        cues._sentences,
        cues.negated,
        cues.conditional,
        cues.unclear,
        scope._mention_claims,
        generic.is_generic,
    ):
        cached.cache_clear()


def bench_passages(texts: list[str], repeat: int) -> dict[str, float]:
    latencies = []
    start = time.perf_counter()
    cpu_start = time.process_time()
    for _ in range(repeat):
        forget()
        for text in texts:
            t0 = time.perf_counter()
            extract_claims(text)
            latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    return {
        "count": len(texts),
        "runs": repeat,
        "per_s": len(latencies) / total,
        # Passages per second of this process's own CPU time: what one core does when the machine is
        # shared (wall-clock throughput drops with the load average; CPU time does not).
        "per_cpu_s": len(latencies) / cpu if cpu else 0.0,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
    }


def bench_documents(paths: list[Path], repeat: int) -> dict[str, float]:
    blobs = [(p.name, p.read_bytes()) for p in paths]
    latencies = []
    passages = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for name, data in blobs:
            t0 = time.perf_counter()
            analysis = analyse(extract(data, name=name), parties=["OpenAI", "Microsoft Azure"])
            latencies.append(time.perf_counter() - t0)
            passages += len(analysis.passages)
    total = time.perf_counter() - start
    return {
        "count": len(blobs),
        "bytes": sum(len(d) for _, d in blobs),
        "runs": repeat,
        "per_s": len(latencies) / total,
        "passages_per_s": passages / total,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
    }


def section(repeat: int) -> str:
    texts: list[str] = []
    for path in LABELLED.values():
        if path.exists():
            texts.extend(p.text for p in read_gold(path))
    for path in SEEDS:
        texts.extend(p.text for p in split_passages(extract(path.read_bytes(), name=path.name).text))
    passages = bench_passages(texts, repeat)
    long_texts = [json.loads(line)["text"] for line in LONG.open(encoding="utf-8")] if LONG.exists() else []
    long = bench_passages(long_texts, repeat) if long_texts else None
    long_chars = sum(map(len, long_texts)) / len(long_texts) if long_texts else 0
    documents = bench_documents(SEEDS, repeat) if SEEDS else None
    lines = [
        "## Extraction",
        "",
        f"`python bench/bench_extract.py` on {time.strftime('%Y-%m-%d')}, Python {platform.python_version()},"
        f" {platform.machine()}, one core (single process). Extractor `{EXTRACTOR_NAME}`. The optional LLM"
        " extractor (off by default, TRUSTREG_LLM_URL) is not measured: there is no model endpoint on this"
        " machine. Sentence similarity (all-MiniLM-L6-v2) is not built.",
        "",
        f"Load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores. Throughput per CPU"
        " second is what one core does for this process alone; wall-clock throughput drops when other"
        " processes share the cores.",
        "",
        "| measure | dataset | runs | throughput (wall clock) | throughput (per CPU second) | median | p95 |",
        "|---|---|---|---|---|---|---|",
        f"| rule extractor, passages | {passages['count']} passages (labelled sets + seed passages) |"
        f" {passages['runs']} | {passages['per_s']:,.0f} passages/s | {passages['per_cpu_s']:,.0f} passages/s |"
        f" {passages['median_ms']:.3f} ms | {passages['p95_ms']:.3f} ms |",
    ]
    if long:
        lines.append(
            f"| rule extractor, long passages | {long['count']} paragraphs of public docs, mean"
            f" {long_chars:,.0f} characters (bench/long-passages.jsonl) | {long['runs']} |"
            f" {long['per_s']:,.0f} passages/s | {long['per_cpu_s']:,.0f} passages/s | {long['median_ms']:.3f} ms |"
            f" {long['p95_ms']:.3f} ms |"
        )
    if documents:
        lines.append(
            f"| full pipeline, documents (bytes -> text -> passages -> claims) |"
            f" {documents['count']} seed documents,"
            f" {documents['bytes']:,} bytes | {documents['runs']} | {documents['per_s']:,.1f} documents/s"
            f" ({documents['passages_per_s']:,.0f} passages/s) | n/a | {documents['median_ms']:.2f} ms |"
            f" {documents['p95_ms']:.2f} ms |"
        )
    lines += [
        "",
        "Scores (`trustreg extract-eval FILE`; macro = mean F1 over dimensions present). Test parts are not"
        " scored by a bench run (they are scored once before and once after a pass; their recorded scores"
        " follow):",
        "",
        "| labelled set | passages | macro F1 | micro F1 | polarity accuracy | fact accuracy |",
        "|---|---|---|---|---|---|",
    ]
    for label, path in LABELLED.items():
        if not path.exists() or label in SCORED_ONCE:
            continue
        scores = evaluate_file(path)
        fact = f"{scores.fact_accuracy:.3f}" if scores.facts_gold else "n/a"
        lines.append(
            f"| {label} | {scores.passages} | {scores.macro_f1:.3f} | {scores.micro.f1:.3f} |"
            f" {scores.polarity_accuracy:.3f} | {fact} |"
        )
    lines += [
        "",
        "Real text (issue 14; docs/real-text-set.md): the issue's targets are macro F1 >= 0.92, polarity"
        " accuracy >= 0.85, exact retention_days and no claim on >= 90% of no-claim passages on the test"
        " part. The after-score on the test part is the honest estimate; the tune part's is not:",
        "",
        *REAL,
        "",
        "The rules were written with the dev set and our own set in view, so those scores overstate what"
        " to expect on unseen documents. Each held-out set was written before it was first scored; the rules"
        " were then widened where it showed gaps, so the honest estimates are the first scores: "
        + "; ".join(f"{name}: {text}" for name, text in FIRST_SCORES.items())
        + ".",
        "",
        "Generality (passages in the style of public documents of vendors other than Azure: OpenAI,"
        " Anthropic, Google Vertex AI, AWS Bedrock, Mistral, Cohere, xAI, Meta, trust portals, DPA clauses,"
        " GPAI Code of Practice and Art. 53 pages, forum answers, blogs, and many distractors). The test"
        " set's after-score is the honest estimate for unseen documents; polarity is the weakest part:",
        "",
        *GENERALITY,
        "",
        'Polarity (passages written for the polarity pass: modal "may" as possibility versus option,'
        ' requirements such as "requires disabling", "you still need a signed BAA", "provided ZDR is'
        ' enabled", hedges, and look-alikes that must not flip). Scores with the rules before the pass'
        " (commit 336810d) and after it; the polarity test set is the honest estimate. Its aggregate score"
        " was also printed once mid-pass by the regression loop (no per-passage errors were read), and it"
        " was labelled by the same person who wrote the rules, so it still flatters them:",
        "",
        *POLARITY,
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, text: str) -> None:
    existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Extraction\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(existing):
        updated = pattern.sub(lambda _m: text + "\n", existing, count=1)
    else:
        updated = existing.rstrip("\n") + "\n\n" + text + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    text = section(args.repeat)
    print(text)
    if not args.no_write:
        write_section(ROOT / "docs" / "benchmarks.md", text)
        print(f"wrote the Extraction section of {ROOT / 'docs' / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
