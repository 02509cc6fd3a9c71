"""The encoder's numpy forward pass, checked on tiny random weights against plain Python (no model needed)."""

from __future__ import annotations

import json
import math
import random
import struct
from pathlib import Path

import numpy as np
import pytest

from trustreg.ingest.learned.encoder import (
    Config,
    Encoder,
    EncoderProblem,
    _require,
    gelu,
    read_safetensors,
)
from trustreg.ingest.learned.model import ModelProblem

TINY = Config(hidden=4, heads=2, layers=2, eps=1e-12)
INNER, VOCAB, POSITIONS = 3, 7, 6


def tiny_weights(seed: int = 14) -> dict[str, np.ndarray]:
    rng = random.Random(seed)

    def tensor(*shape: int) -> np.ndarray:
        return np.array([rng.uniform(-1, 1) for _ in range(math.prod(shape))], dtype=np.float32).reshape(
            shape
        )

    h = TINY.hidden
    w = {
        "embeddings.word_embeddings.weight": tensor(VOCAB, h),
        "embeddings.position_embeddings.weight": tensor(POSITIONS, h),
        "embeddings.token_type_embeddings.weight": tensor(2, h),
        "embeddings.LayerNorm.weight": tensor(h),
        "embeddings.LayerNorm.bias": tensor(h),
    }
    for i in range(TINY.layers):
        p = f"encoder.layer.{i}."
        for name in (
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
            "attention.output.dense",
        ):
            w[p + name + ".weight"], w[p + name + ".bias"] = tensor(h, h), tensor(h)
        w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"] = tensor(INNER, h), tensor(INNER)
        w[p + "output.dense.weight"], w[p + "output.dense.bias"] = tensor(h, INNER), tensor(h)
        for name in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + name + ".weight"], w[p + name + ".bias"] = tensor(h), tensor(h)
    return w


# An independent reading of BERT in plain Python: lists, math.erf, loops.
def _vec(t: np.ndarray) -> list[float]:
    return [float(v) for v in t.reshape(-1)]


def _mat(t: np.ndarray) -> list[list[float]]:
    return [[float(v) for v in row] for row in t]


def _linear(x: list[float], weight: list[list[float]], bias: list[float]) -> list[float]:
    # Hugging Face stores (out, in)
    return [
        sum(wi * xi for wi, xi in zip(row, x, strict=True)) + b for row, b in zip(weight, bias, strict=True)
    ]


def _norm(x: list[float], g: list[float], b: list[float]) -> list[float]:
    mean = sum(x) / len(x)
    var = sum((v - mean) ** 2 for v in x) / len(x)
    return [(v - mean) / math.sqrt(var + 1e-12) * gi + bi for v, gi, bi in zip(x, g, b, strict=True)]


def plain_embedding(w: dict[str, np.ndarray], ids: list[int]) -> list[float]:
    m = {k: _mat(v) if v.ndim == 2 else _vec(v) for k, v in w.items()}
    xs = []
    for pos, tok in enumerate(ids):
        row = [
            a + b + c
            for a, b, c in zip(
                m["embeddings.word_embeddings.weight"][tok],
                m["embeddings.position_embeddings.weight"][pos],
                m["embeddings.token_type_embeddings.weight"][0],
                strict=True,
            )
        ]
        xs.append(_norm(row, m["embeddings.LayerNorm.weight"], m["embeddings.LayerNorm.bias"]))
    size = TINY.hidden // TINY.heads
    for i in range(TINY.layers):
        p = f"encoder.layer.{i}."
        q, k, v = (
            [_linear(x, m[f"{p}attention.self.{n}.weight"], m[f"{p}attention.self.{n}.bias"]) for x in xs]
            for n in ("query", "key", "value")
        )
        context = []
        for t in range(len(xs)):
            out: list[float] = []
            for head in range(TINY.heads):
                sl = slice(head * size, (head + 1) * size)
                scores = [
                    sum(a * b for a, b in zip(q[t][sl], k[s][sl], strict=True)) / math.sqrt(size)
                    for s in range(len(xs))
                ]
                top = max(scores)
                exps = [math.exp(s - top) for s in scores]
                weights = [e / sum(exps) for e in exps]
                out += [sum(weights[s] * v[s][sl][d] for s in range(len(xs))) for d in range(size)]
            context.append(out)
        attended = [
            _linear(c, m[f"{p}attention.output.dense.weight"], m[f"{p}attention.output.dense.bias"])
            for c in context
        ]
        xs = [
            _norm(
                [a + b for a, b in zip(x, o, strict=True)],
                m[f"{p}attention.output.LayerNorm.weight"],
                m[f"{p}attention.output.LayerNorm.bias"],
            )
            for x, o in zip(xs, attended, strict=True)
        ]
        inner = [
            [
                0.5 * u * (1 + math.erf(u / math.sqrt(2)))
                for u in _linear(x, m[f"{p}intermediate.dense.weight"], m[f"{p}intermediate.dense.bias"])
            ]
            for x in xs
        ]
        outs = [_linear(u, m[f"{p}output.dense.weight"], m[f"{p}output.dense.bias"]) for u in inner]
        xs = [
            _norm(
                [a + b for a, b in zip(x, o, strict=True)],
                m[f"{p}output.LayerNorm.weight"],
                m[f"{p}output.LayerNorm.bias"],
            )
            for x, o in zip(xs, outs, strict=True)
        ]
    pooled = [sum(x[d] for x in xs) / len(xs) for d in range(TINY.hidden)]
    length = math.sqrt(sum(v * v for v in pooled))
    return [v / length for v in pooled]


def test_the_forward_pass_matches_a_plain_python_reading_of_bert():
    weights = tiny_weights()
    encoder = Encoder(TINY, weights)
    for ids in ([1, 4, 2], [1, 3, 3, 5, 6, 2], [0]):
        got = encoder.embed_ids(ids)
        assert got.shape == (TINY.hidden,)
        assert np.allclose(got, plain_embedding(weights, ids), atol=1e-5)


def test_an_embedding_is_a_unit_vector():
    vector = Encoder(TINY, tiny_weights(seed=3)).embed_ids([2, 5, 1])
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-6


def test_gelu_follows_the_exact_error_function():
    xs = np.linspace(-6, 6, 121)
    expected = [0.5 * x * (1 + math.erf(x / math.sqrt(2))) for x in xs]
    assert np.allclose(gelu(xs), expected, atol=1e-6)


def test_missing_weights_are_named():
    weights = tiny_weights()
    del weights["encoder.layer.1.output.dense.bias"]
    with pytest.raises(EncoderProblem, match="encoder.layer.1.output.dense.bias"):
        Encoder(TINY, weights)


def write_safetensors(path: Path, tensors: dict[str, np.ndarray], header_extra: dict | None = None) -> None:
    header: dict = {"__metadata__": {"format": "pt"}}
    body = b""
    for name, array in tensors.items():
        raw = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(array.shape),
            "data_offsets": [len(body), len(body) + len(raw)],
        }
        body += raw
    header.update(header_extra or {})
    encoded = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + body)


def test_weights_read_from_a_safetensors_file_give_the_same_embedding(tmp_path):
    weights = tiny_weights()
    write_safetensors(tmp_path / "model.safetensors", weights)
    read = read_safetensors(tmp_path / "model.safetensors")
    assert set(read) == set(weights)
    assert all(np.array_equal(read[k], weights[k]) for k in weights)
    assert np.allclose(Encoder(TINY, read).embed_ids([1, 2]), Encoder(TINY, weights).embed_ids([1, 2]))


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"\x01", "too short"),
        (struct.pack("<Q", 10**12) + b"{}", "out of bounds"),
        (struct.pack("<Q", 3) + b"{x}", "not JSON"),
        (struct.pack("<Q", 2) + b"[]", "must be an object"),
    ],
)
def test_a_malformed_safetensors_file_is_refused_naming_the_file(tmp_path, raw, message):
    path = tmp_path / "bad.safetensors"
    path.write_bytes(raw)
    with pytest.raises(ModelProblem, match=message) as caught:
        read_safetensors(path)
    assert str(path) in str(caught.value)


def test_a_tensor_whose_offsets_do_not_fit_its_shape_is_refused(tmp_path):
    path = tmp_path / "model.safetensors"
    write_safetensors(
        path, {"a": np.zeros((2, 2))}, {"b": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}
    )
    with pytest.raises(EncoderProblem, match="'b' offsets"):
        read_safetensors(path)
    write_safetensors(path, {}, {"c": {"dtype": "BF16", "shape": [1], "data_offsets": [0, 2]}})
    with pytest.raises(EncoderProblem, match="'c' has no usable dtype"):
        read_safetensors(path)


def test_a_config_is_read_from_the_models_config_file(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"hidden_size": 384, "num_attention_heads": 12, "num_hidden_layers": 6}))
    assert Config.from_file(path) == Config(384, 12, 6, 1e-12)
    path.write_text(json.dumps({"hidden_size": 10, "num_attention_heads": 3, "num_hidden_layers": 1}))
    with pytest.raises(EncoderProblem, match="multiple"):
        Config.from_file(path)
    path.write_text("{}")
    with pytest.raises(EncoderProblem, match="config.json"):
        Config.from_file(path)


def test_a_missing_optional_package_is_named():
    with pytest.raises(ModelProblem, match="'no_such_tokenizer_package'.*trustreg\\[model\\]"):
        _require("no_such_tokenizer_package")
