"""`trustreg extract-eval GOLD.jsonl`: score the extractor on a labelled file. Needs no database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.ingest.evaluation.batch import EXTRACTORS, make_predictor
from trustreg.ingest.evaluation.llm import LLMUnavailable
from trustreg.ingest.evaluation.metrics import GoldPassage, GoldProblem, format_table, read_gold, score
from trustreg.ingest.learned.model import ModelProblem


class Command(BaseCommand):
    help = "Per-dimension precision/recall/F1, micro and macro averages, polarity and fact accuracy."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("gold", help="labelled JSON lines in the format of dev-claims.jsonl")
        parser.add_argument("--errors", action="store_true", help="also list passages with a wrong detection")
        parser.add_argument(
            "--extractor",
            choices=EXTRACTORS,
            default=settings.TRUSTREG_EXTRACTOR,
            help="rules (default, or TRUSTREG_EXTRACTOR); rules+arbiter reads TRUSTREG_EXTRACT_MODEL;"
            " rules+encoder needs the model extra and TRUSTREG_ENCODER_HEADS;"
            " llm ones need TRUSTREG_LLM_URL",
        )

    def handle(self, *args: Any, gold: str, errors: bool, extractor: str, **options: Any) -> None:
        try:
            predictor = make_predictor(
                extractor,
                model=Path(settings.TRUSTREG_EXTRACT_MODEL),
                heads=Path(settings.TRUSTREG_ENCODER_HEADS),
                encoder_dir=settings.TRUSTREG_ENCODER_DIR,
            )
            rows = read_gold(Path(gold))
        except (GoldProblem, LLMUnavailable, ModelProblem) as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"{gold}: cannot read: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{gold}: not UTF-8 text (byte {exc.start})") from None
        predictions: dict[str, list[dict[str, Any]]] = {}

        def predict(passage: GoldPassage) -> list[dict[str, Any]]:
            try:
                predictions[passage.id] = predictor(passage.text)
            except LLMUnavailable as exc:
                raise CommandError(f"{passage.id}: {exc}") from None
            return predictions[passage.id]

        scores = score(rows, predict)
        self.stdout.write(format_table(scores, title=f"{gold} ({len(rows)} passages, extractor {extractor})"))
        if errors:
            by_id = {row.id: row for row in rows}
            for ident in scores.errors:
                row = by_id[ident]
                got = sorted(c["dimension"] for c in predictions[ident])
                self.stdout.write(f"{ident}: gold {sorted(row.dimensions)} got {got}: {row.text[:120]!r}")
