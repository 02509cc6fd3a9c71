"""`trustreg extract-train-encoder`: train the encoder heads on the tune part and write their file.

Needs the `model` extra and the weights (the embeddings are computed here). The fusion thresholds are
given, not searched: they were chosen on first-sight rule outputs (docs/real-text-set.md, "A pretrained
sentence encoder"). Deterministic: the same data writes the same file. Never reads the test parts.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.ingest.evaluation.metrics import GoldProblem, read_gold
from trustreg.ingest.evaluation.training import file_digest
from trustreg.ingest.learned.model import ModelProblem
from trustreg.ingest.learned.runtime import model_directory, require_packages

EVAL = Path(settings.PROJECT_DIR) / "data" / "eval"
# The tune part and every team-written set (never real-test*): the design chosen in the write-up.
TRAINING_SETS = (
    "real-tune.jsonl",
    "labelled-claims.jsonl",
    "heldout-claims.jsonl",
    "heldout2-claims.jsonl",
    "heldout3-claims.jsonl",
    "heldout4-claims.jsonl",
    "heldout5-claims.jsonl",
    "heldout6-claims.jsonl",
    "generality-tune.jsonl",
    "generality-test.jsonl",
    "polarity-tune.jsonl",
    "polarity-test.jsonl",
)


def _threshold(value: str) -> float | None:
    if value.lower() in ("off", "none", "null"):
        return None
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Train the encoder heads (rules+encoder) on the tune part and write the heads file."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tune", nargs="+", default=[str(EVAL / n) for n in TRAINING_SETS], help="labelled files"
        )
        parser.add_argument("--out", default=str(settings.TRUSTREG_ENCODER_HEADS), help="heads file to write")
        parser.add_argument("--cache", default=None, help="directory to keep embeddings in (by text hash)")
        parser.add_argument("--l2-claim", type=float, default=0.03, help="L2 strength of the question heads")
        parser.add_argument(
            "--l2-polarity", type=float, default=0.3, help="L2 strength of the polarity heads"
        )
        for name, default in (("veto", "0.03"), ("polarity", "0.8"), ("add", "0.9")):
            parser.add_argument(
                f"--{name}", type=_threshold, default=_threshold(default), help="threshold or off"
            )

    def handle(self, *args: Any, tune: list[str], out: str, cache: str | None, **options: Any) -> None:
        paths = [Path(p) for p in tune]
        refused = [p for p in paths if "real-test" in p.name]
        if refused:
            raise CommandError(f"{refused[0]}: the test parts are scored, never trained on")
        try:
            require_packages()
            training = importlib.import_module("trustreg.ingest.evaluation.encoder_training")
            passages = [p for path in paths for p in read_gold(path)]
            encoder = importlib.import_module("trustreg.ingest.learned.encoder")
            sentence_encoder = encoder.SentenceEncoder(model_directory(settings.TRUSTREG_ENCODER_DIR))
            vectors = training.embed_all(
                [p.text for p in passages], sentence_encoder.embed, Path(cache) if cache else None
            )
            heads = training.fit_heads(
                vectors,
                passages,
                l2_claim=options["l2_claim"],
                l2_polarity=options["l2_polarity"],
                settings={k: options[k] for k in ("veto", "polarity", "add")},
                about={"encoder": "all-MiniLM-L6-v2", "trained_on": file_digest(paths)},
            )
        except (GoldProblem, ModelProblem, ValueError) as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"{exc.filename}: cannot read: {exc.strerror}") from None
        heads.save(Path(out))
        self.stdout.write(
            f"wrote {out} ({Path(out).stat().st_size} bytes): {len(heads.claim)} question heads, "
            f"{len(passages)} passages; settings {dict(heads.settings)}"
        )
