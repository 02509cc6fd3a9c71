"""`trustreg extract --jsonl IN.jsonl`: the batch contract, one output line per input line.

Needs no database: text in, claims out. Rules by default; the optional LLM extractor only when
configured (TRUSTREG_LLM_URL).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.ingest.evaluation.batch import EXTRACTORS, make_predictor, run_jsonl
from trustreg.ingest.evaluation.llm import LLMUnavailable
from trustreg.ingest.learned.model import ModelProblem


class Command(BaseCommand):
    help = 'Read {"id", "text"} JSON lines; write {"id", "claims": [...]} JSON lines to standard output.'
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl", required=True, help="input file of JSON lines, or - for standard input"
        )
        parser.add_argument(
            "--extractor",
            choices=EXTRACTORS,
            default=settings.TRUSTREG_EXTRACTOR,
            help="rules (default, or TRUSTREG_EXTRACTOR); rules+arbiter reads TRUSTREG_EXTRACT_MODEL;"
            " rules+encoder needs the model extra and TRUSTREG_ENCODER_HEADS;"
            " llm ones need TRUSTREG_LLM_URL",
        )

    def handle(self, *args: Any, jsonl: str, extractor: str, **options: Any) -> None:
        try:
            predict = make_predictor(
                extractor,
                model=Path(settings.TRUSTREG_EXTRACT_MODEL),
                heads=Path(settings.TRUSTREG_ENCODER_HEADS),
                encoder_dir=settings.TRUSTREG_ENCODER_DIR,
            )
        except (LLMUnavailable, ModelProblem) as exc:
            raise CommandError(str(exc)) from None
        try:
            if jsonl == "-":
                run_jsonl(sys.stdin, self.stdout, predict)
                return
            with open(jsonl, encoding="utf-8") as handle:
                run_jsonl(handle, self.stdout, predict)
        except OSError as exc:
            raise CommandError(f"{jsonl}: cannot read: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{jsonl}: not UTF-8 text (byte {exc.start})") from None
