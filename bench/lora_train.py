"""Fine-tune all-MiniLM-L6-v2 with low-rank adapters plus the question and polarity heads (needs torch).

Runs in a scratch environment, never in the product's. The study found no gain over the frozen encoder
(docs/real-text-set.md, "Fine-tuning the encoder with low-rank adapters"), so the product reads no
adapters; ``check`` applies them to the product's numpy forward pass as ``W + B @ A * scale``.
``prefix`` and ``run`` take the same ``--layers`` (default 2, the last two of six):

    python3.11 -m venv /tmp/ml2ref && /tmp/ml2ref/bin/pip install torch==2.13.0 numpy tokenizers safetensors
    nice -n 19 /tmp/ml2ref/bin/python bench/lora_train.py prefix MODEL_DIR /tmp/lora
    nice -n 19 /tmp/ml2ref/bin/python bench/lora_train.py run /tmp/lora cv0 --hold fold:0 --model MODEL_DIR
    nice -n 19 /tmp/ml2ref/bin/python bench/lora_train.py run /tmp/lora dev3 --hold prefix:dev3- --model MODEL_DIR
    nice -n 19 /tmp/ml2ref/bin/python bench/lora_train.py run /tmp/lora all --export /tmp/lora/tuned.json
    nice -n 19 /tmp/ml2ref/bin/python bench/lora_train.py check /tmp/lora/tuned.json --model MODEL_DIR

``prefix`` tokenizes the tune part and the team sets (at most MAX_TOKENS tokens) and keeps the output of the
frozen layers below the adapted ones for every passage (they never change, so every run shares them).
``run`` trains adapters (rank RANK on query, key, value and attention output of the last ``--layers``
layers) and both heads jointly, the heads starting from the frozen design's Newton fit, on every passage
except the held-out ones (a cross-validation fold, by SHA-256 of the
source URL as in bench/encoder_study.py, or a batch by id prefix) and writes the held-out passages'
question and polarity probabilities, fine-tuned and frozen, after each epoch to ``<work>/<name>.e<k>.json``;
``--export`` writes adapters and heads as JSON (a heads file plus ``"adapters"``). ``check`` compares the
product's numpy forward pass on weights changed by an exported file's adapters with this torch model.
One thread, fixed seeds. Never reads a test part. bench/lora_study.py scores the readings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "data" / "eval"
TUNE = "real-tune.jsonl"
TEAM = (
    "labelled-claims.jsonl",
    "heldout-claims.jsonl",
    "heldout2-claims.jsonl",
    "heldout3-claims.jsonl",
    "heldout4-claims.jsonl",
    "heldout5-claims.jsonl",
    "heldout6-claims.jsonl",
    "polarity-tune.jsonl",
    "polarity-test.jsonl",
    "generality-tune.jsonl",
    "generality-test.jsonl",
)
DIMENSIONS = (
    "soc2_type2",
    "iso_27001",
    "iso_42001",
    "trust_center",
    "hipaa_baa",
    "gdpr_dpa",
    "training_on_customer_data",
    "retention_zdr",
    "data_residency",
    "gpai_cop",
    "art53_summary",
)
POLARITIES = ("positive", "negative", "conditional")
MAX_TOKENS = 128
ADAPTED_LAYERS = 2  # the last two of six
PARTS = ("query", "key", "value", "output")
RANK = 8
ALPHA = 16.0
EPOCHS = 4
BATCH = 16
LORA_LR = 1e-3
HEADS_LR = 1e-3


def read(name: str) -> list[dict[str, Any]]:
    assert "real-test" not in name, "the test parts are never read here"
    return [json.loads(line) for line in (EVAL / name).open(encoding="utf-8") if line.strip()]


class Bert(nn.Module):
    """The BERT encoder of the model (post-LayerNorm, exact GELU) with LoRA on the adapted layers."""

    def __init__(self, weights: dict[str, torch.Tensor], layers: int = 6, heads: int = 12) -> None:
        super().__init__()
        self.w = {k: v.float() for k, v in weights.items()}
        self.layers, self.heads = layers, heads
        self.first_adapted = layers - ADAPTED_LAYERS
        hidden = self.w["embeddings.word_embeddings.weight"].shape[1]
        gen = torch.Generator().manual_seed(0)
        self.lora = nn.ParameterDict()
        for i in range(self.first_adapted, layers):
            for part in PARTS:
                a = torch.randn(RANK, hidden, generator=gen) / math.sqrt(hidden)
                self.lora[f"{i}_{part}_A"] = nn.Parameter(a)
                self.lora[f"{i}_{part}_B"] = nn.Parameter(torch.zeros(hidden, RANK))
        self.claim = nn.Linear(hidden, len(DIMENSIONS))
        self.polarity = nn.Linear(hidden, len(POLARITIES))

    def dense(self, x: torch.Tensor, i: int, name: str, part: str | None) -> torch.Tensor:
        p = f"encoder.layer.{i}.{name}"
        y = x @ self.w[p + ".weight"].T + self.w[p + ".bias"]
        if part is not None and i >= self.first_adapted:
            a, b = self.lora[f"{i}_{part}_A"], self.lora[f"{i}_{part}_B"]
            y = y + (x @ a.T) @ b.T * (ALPHA / RANK)
        return y

    def embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: ids.shape[-1]]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        return nn.functional.layer_norm(
            x, x.shape[-1:], w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], 1e-12
        )

    def layer(self, x: torch.Tensor, mask: torch.Tensor, i: int) -> torch.Tensor:
        """x (batch, tokens, hidden); mask (batch, tokens) of 1 for real tokens."""
        bsz, n, hidden = x.shape
        size = hidden // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(bsz, n, self.heads, size).transpose(1, 2)

        q = split(self.dense(x, i, "attention.self.query", "query"))
        k = split(self.dense(x, i, "attention.self.key", "key"))
        v = split(self.dense(x, i, "attention.self.value", "value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(size)
        scores = scores.masked_fill(mask[:, None, None, :] == 0, float("-inf"))
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(bsz, n, hidden)
        p = f"encoder.layer.{i}."
        x = nn.functional.layer_norm(
            x + self.dense(context, i, "attention.output.dense", "output"),
            (hidden,),
            self.w[p + "attention.output.LayerNorm.weight"],
            self.w[p + "attention.output.LayerNorm.bias"],
            1e-12,
        )
        inner = nn.functional.gelu(self.dense(x, i, "intermediate.dense", None))
        return nn.functional.layer_norm(
            x + self.dense(inner, i, "output.dense", None),
            (hidden,),
            self.w[p + "output.LayerNorm.weight"],
            self.w[p + "output.LayerNorm.bias"],
            1e-12,
        )

    def pooled(self, x: torch.Tensor, mask: torch.Tensor, start: int) -> torch.Tensor:
        for i in range(start, self.layers):
            x = self.layer(x, mask, i)
        m = mask[..., None].float()
        mean = (x * m).sum(1) / m.sum(1)
        return nn.functional.normalize(mean, dim=-1, eps=1e-12)


def load_model(directory: Path) -> Bert:
    from safetensors.torch import load_file

    weights = load_file(str(directory / "model.safetensors"))
    return Bert({k.removeprefix("bert."): v for k, v in weights.items()})


def tokenizer(directory: Path) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    return tok


def prefix(directory: Path, work: Path) -> None:
    """Token ids and the frozen layers' output for every training passage."""
    work.mkdir(parents=True, exist_ok=True)
    model, tok = load_model(directory), tokenizer(directory)
    rows = [dict(r, set=TUNE) for r in read(TUNE)]
    for name in TEAM:
        rows += [dict(r, set=name) for r in read(name)]
    started, states, meta = time.process_time(), [], []
    with torch.no_grad():
        for r in rows:
            ids = torch.tensor(tok.encode(r["text"]).ids)[None]
            x = model.embed_tokens(ids)
            mask = torch.ones(ids.shape)
            for i in range(model.first_adapted):
                x = model.layer(x, mask, i)
            states.append(x[0].numpy().astype(np.float32))
            meta.append(
                {
                    "id": r["id"],
                    "set": r["set"],
                    "source": r.get("source", ""),
                    "dimensions": r["dimensions"],
                    "polarity": r["polarity"],
                    "tokens": ids.shape[1],
                }
            )
    lengths = [s.shape[0] for s in states]
    np.save(work / "states.npy", np.concatenate(states))
    (work / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    print(
        f"{len(rows)} passages, tokens mean {np.mean(lengths):.1f} max {max(lengths)}, "
        f"{sum(n == MAX_TOKENS for n in lengths)} cut at {MAX_TOKENS}; {time.process_time() - started:.0f} s CPU"
    )


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 25) -> np.ndarray:
    """As trustreg.ingest.evaluation.encoder_training.fit_logistic (the frozen design's heads)."""
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


def batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Passages of similar length together (less padding), the batches in the given order's spirit."""
    chunks = [order[i : i + BATCH * 8] for i in range(0, len(order), BATCH * 8)]
    out = []
    for chunk in chunks:
        chunk = sorted(chunk, key=lambda j: lengths[j])
        out += [chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH)]
    return out


def collate(idx: list[int], states: list[np.ndarray]) -> tuple[torch.Tensor, torch.Tensor]:
    n = max(states[j].shape[0] for j in idx)
    x = torch.zeros(len(idx), n, states[idx[0]].shape[1])
    mask = torch.zeros(len(idx), n)
    for row, j in enumerate(idx):
        x[row, : states[j].shape[0]] = torch.from_numpy(states[j])
        mask[row, : states[j].shape[0]] = 1
    return x, mask


def held_out(meta: list[dict[str, Any]], hold: str) -> list[bool]:
    kind, _, value = hold.partition(":")
    if kind == "fold":
        return [
            m["set"] == TUNE and int(hashlib.sha256(m["source"].encode()).hexdigest(), 16) % 5 == int(value)
            for m in meta
        ]
    if kind == "prefix":
        return [m["set"] == TUNE and m["id"].startswith(value) for m in meta]
    return [False] * len(meta)


def pooled_all(model: Bert, idx: list[int], states: list[np.ndarray]) -> np.ndarray:
    out = np.zeros((len(idx), states[0].shape[1]))
    lengths = [states[j].shape[0] for j in idx]
    with torch.no_grad():
        for group in batches(list(range(len(idx))), lengths):
            x, mask = collate([idx[g] for g in group], states)
            out[group] = model.pooled(x, mask, model.first_adapted).double().numpy()
    return out


def frozen_probabilities(model: Bert, idx: list[int], states: list[np.ndarray]) -> dict[int, Any]:
    """The frozen design's reading (frozen encoder, the starting heads) of the held-out passages."""
    if not idx:
        return {}
    vectors = torch.from_numpy(pooled_all(model, idx, states)).float()
    with torch.no_grad():
        claim = torch.sigmoid(model.claim(vectors)).numpy()
        pol = torch.sigmoid(model.polarity(vectors)).numpy()
    pol = pol / pol.sum(1, keepdims=True)
    return {
        j: {
            "claim": dict(zip(DIMENSIONS, map(float, claim[row]), strict=True)),
            "polarity": dict(zip(POLARITIES, map(float, pol[row]), strict=True)),
        }
        for row, j in enumerate(idx)
    }


def write_readings(
    model: Bert, path: Path, test: list[bool], states: list[np.ndarray], meta: list[dict[str, Any]],
    frozen_reads: dict[int, Any],
) -> None:
    """The held-out passages' question and polarity probabilities, fine-tuned and frozen."""
    test_idx = [j for j, t in enumerate(test) if t]
    result: dict[str, Any] = {}
    if test_idx:
        vectors = torch.from_numpy(pooled_all(model, test_idx, states)).float()
        with torch.no_grad():
            claim = torch.sigmoid(model.claim(vectors)).numpy()
            pol = torch.sigmoid(model.polarity(vectors)).numpy()
        pol = pol / pol.sum(1, keepdims=True)
        for row, j in enumerate(test_idx):
            result[meta[j]["id"]] = {
                "claim": dict(zip(DIMENSIONS, map(float, claim[row]), strict=True)),
                "polarity": dict(zip(POLARITIES, map(float, pol[row]), strict=True)),
                "frozen": frozen_reads[j],
            }
    path.write_text(json.dumps(result), encoding="utf-8")


def run(directory: Path, work: Path, name: str, hold: str, export: Path | None, epochs: int) -> None:
    torch.manual_seed(0)
    meta = json.loads((work / "meta.json").read_text(encoding="utf-8"))
    flat = np.load(work / "states.npy")
    ends = np.cumsum([m["tokens"] for m in meta])
    states = [flat[e - m["tokens"] : e] for m, e in zip(meta, ends, strict=True)]
    test = held_out(meta, hold)
    train = [j for j, t in enumerate(test) if not t]
    y_claim = torch.tensor([[d in m["dimensions"] for d in DIMENSIONS] for m in meta], dtype=torch.float32)
    y_pol = torch.tensor([[m["polarity"] == p for p in POLARITIES] for m in meta], dtype=torch.float32)
    claimed = torch.tensor([bool(m["dimensions"]) and m["polarity"] in POLARITIES for m in meta])
    model = load_model(directory)
    started = time.process_time()
    # Heads start as the frozen design's (Newton, L2 0.03 / 0.3) on the frozen embedding.
    frozen = pooled_all(model, train, states)
    with torch.no_grad():
        for k, _ in enumerate(DIMENSIONS):
            y = y_claim[train, k].numpy().astype(np.float64)
            w = fit_logistic(frozen, y, 0.03) if y.any() else np.r_[np.zeros(frozen.shape[1]), -10.0]
            model.claim.weight[k] = torch.from_numpy(w[:-1]).float()
            model.claim.bias[k] = float(w[-1])
        chosen = [j for j in train if claimed[j]]
        xs = frozen[[train.index(j) for j in chosen]]
        for k, _ in enumerate(POLARITIES):
            w = fit_logistic(xs, y_pol[chosen, k].numpy().astype(np.float64), 0.3)
            model.polarity.weight[k] = torch.from_numpy(w[:-1]).float()
            model.polarity.bias[k] = float(w[-1])
    frozen_reads = frozen_probabilities(model, [j for j, t in enumerate(test) if t], states)
    # The heads' rate was 3e-3 in the first two runs (dev3, cv0; docs: "design A"), which overfit them.
    optimizer = torch.optim.AdamW(
        [
            {"params": list(model.lora.values()), "lr": LORA_LR, "weight_decay": 0.0},
            {"params": list(model.claim.parameters()) + list(model.polarity.parameters()), "lr": HEADS_LR,
             "weight_decay": 0.0},
        ]
    )
    lengths = [states[j].shape[0] for j in range(len(states))]
    gen = torch.Generator().manual_seed(1)
    steps = 0
    for epoch in range(epochs):
        order = [train[i] for i in torch.randperm(len(train), generator=gen).tolist()]
        total = 0.0
        for group in batches(order, lengths):
            x, mask = collate(group, states)
            v = model.pooled(x, mask, model.first_adapted)
            loss = nn.functional.binary_cross_entropy_with_logits(model.claim(v), y_claim[group])
            c = claimed[group]
            if c.any():
                loss = loss + nn.functional.binary_cross_entropy_with_logits(
                    model.polarity(v[c]), y_pol[group][c]
                )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss.detach()) * len(group)
            steps += 1
        print(f"{name} epoch {epoch + 1}: loss {total / len(train):.4f} ({time.process_time() - started:.0f} s CPU)",
              flush=True)
        write_readings(model, work / f"{name}.e{epoch + 1}.json", test, states, meta, frozen_reads)
    test_idx = [j for j, t in enumerate(test) if t]
    seconds = time.process_time() - started
    print(f"{name}: trained on {len(train)}, {len(test_idx)} held out, {steps} steps, {seconds:.0f} s CPU", flush=True)
    if export is not None:
        export_file(model, export, len(train), epochs)


def export_file(model: Bert, path: Path, passages: int, epochs: int) -> None:
    """Adapters (A: rank x in, B: out x rank, scale) and heads in the product's heads format."""
    def r(t: torch.Tensor) -> list[Any]:
        return np.round(t.detach().double().numpy(), 6).tolist()

    layers: dict[str, Any] = {}
    for i in range(model.first_adapted, model.layers):
        layers[str(i)] = {p: {"A": r(model.lora[f"{i}_{p}_A"]), "B": r(model.lora[f"{i}_{p}_B"])} for p in PARTS}
    claim = {d: r(model.claim.weight[k]) + [round(float(model.claim.bias[k]), 6)] for k, d in enumerate(DIMENSIONS)}
    polarity = {
        p: r(model.polarity.weight[k]) + [round(float(model.polarity.bias[k]), 6)] for k, p in enumerate(POLARITIES)
    }
    data = {
        "format": "trustreg-extract-encoder",
        "version": 2,
        "size": int(model.claim.weight.shape[1]),
        "settings": {"veto": 0.03, "polarity": 0.8, "add": 0.9},
        "about": {"trained": "bench/lora_train.py", "passages": passages, "epochs": epochs, "rank": RANK,
                  "max_tokens": MAX_TOKENS},
        "adapters": {"rank": RANK, "scale": ALPHA / RANK, "layers": layers},
        "claim": claim,
        "polarity": polarity,
    }
    path.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def check(directory: Path, path: Path, count: int) -> None:
    """The product's numpy forward pass (trustreg.ingest.learned.encoder) on weights changed to
    ``W + B @ A * scale`` by the file's adapters, against this torch model with the same adapters:
    the lowest cosine over tune passages, an accented and CJK text and a text cut at 256 tokens."""
    global ADAPTED_LAYERS
    sys.path.insert(0, str(ROOT / "src"))
    from tokenizers import Tokenizer

    from trustreg.ingest.learned.encoder import Config, Encoder, read_safetensors

    adapters = json.loads(path.read_text(encoding="utf-8"))["adapters"]
    assert adapters["scale"] == ALPHA / RANK and adapters["rank"] == RANK
    ADAPTED_LAYERS = 6 - min(int(i) for i in adapters["layers"])
    model, weights = load_model(directory), read_safetensors(directory / "model.safetensors")
    names = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
             "output": "attention.output.dense"}
    with torch.no_grad():
        for i, parts in adapters["layers"].items():
            for part, pair in parts.items():
                a, b = np.array(pair["A"]), np.array(pair["B"])
                model.lora[f"{i}_{part}_A"].copy_(torch.from_numpy(a))
                model.lora[f"{i}_{part}_B"].copy_(torch.from_numpy(b))
                name = f"encoder.layer.{i}.{names[part]}.weight"
                weights[name] = (weights[name].astype(np.float64) + b @ a * adapters["scale"]).astype(np.float32)
    encoder = Encoder(Config.from_file(directory / "config.json"), weights)
    tok = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(256)
    texts = [r["text"] for r in read(TUNE)[:: max(1, 1344 // count)]][:count]
    texts += ["Données hébergées à Francfort; 数据存储在欧盟。", " ".join(["Customer data is retained for 30 days."] * 60)]
    worst, started = 1.0, time.process_time()
    for text in texts:
        ids = tok.encode(text).ids
        with torch.no_grad():
            x = model.embed_tokens(torch.tensor(ids)[None])
            ours = model.pooled(x, torch.ones(1, len(ids)), 0)[0].double().numpy()
        theirs = encoder.embed_ids(ids).astype(np.float64)
        worst = min(worst, float(ours @ theirs / np.linalg.norm(ours) / np.linalg.norm(theirs)))
    print(f"{len(texts)} passages: lowest cosine numpy-with-adapters vs torch {worst:.7f} "
          f"({time.process_time() - started:.0f} s CPU)")


def main() -> None:
    global ADAPTED_LAYERS
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("prefix", "run", "check"))
    parser.add_argument("args", nargs="*")
    parser.add_argument("--hold", default="none")
    parser.add_argument("--export", default=None)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--model", default=None)
    parser.add_argument("--layers", type=int, default=ADAPTED_LAYERS, help="how many of the last layers to adapt")
    options = parser.parse_intermixed_args()
    ADAPTED_LAYERS = options.layers
    if options.step == "prefix":
        prefix(Path(options.args[0]), Path(options.args[1]))
    elif options.step == "check":
        check(Path(options.model), Path(options.args[0]), 45)
    else:
        run(Path(options.model), Path(options.args[0]), options.args[1], options.hold,
            Path(options.export) if options.export else None, options.epochs)


if __name__ == "__main__":
    sys.exit(main())
