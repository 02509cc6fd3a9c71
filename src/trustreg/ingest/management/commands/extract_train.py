"""`trustreg extract-train`: choose the learned arbiter's design by k-fold cross-validation on the tune
part, then train it on the whole tune part and write the model file. Deterministic: the same data and
options write the same file. Never reads the test part. Needs no database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.ingest.evaluation.metrics import GoldProblem
from trustreg.ingest.evaluation.training import (
    Design,
    TrainingProblem,
    best,
    cross_validate,
    file_digest,
    fit,
    read_sets,
    summary,
)

EVAL = Path(settings.PROJECT_DIR) / "data" / "eval"
TEAM_SETS = (
    "labelled-claims.jsonl",
    "heldout-claims.jsonl",
    "heldout2-claims.jsonl",
    "heldout3-claims.jsonl",
    "heldout4-claims.jsonl",
    "heldout5-claims.jsonl",
    "heldout6-claims.jsonl",
    "generality-tune.jsonl",
    "polarity-tune.jsonl",
)


class Command(BaseCommand):
    help = "Cross-validate the arbiter's designs on the tune part, train the best, write the model file."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tune", default=str(EVAL / "real-tune.jsonl"), help="labelled tune part")
        parser.add_argument(
            "--team", nargs="*", default=[str(EVAL / name) for name in TEAM_SETS], help="team-written sets"
        )
        parser.add_argument("--out", default=str(settings.TRUSTREG_EXTRACT_MODEL), help="model file to write")
        parser.add_argument("--folds", type=int, default=5, help="k of the k-fold cross-validation")
        parser.add_argument("--all", action="store_true", help="list every design, not the best ten")

    def handle(
        self, *args: Any, tune: str, team: list[str], out: str, folds: int, all: bool, **options: Any
    ) -> None:
        tune_paths, team_paths = [Path(tune)], [Path(p) for p in team]
        try:
            tune_set = read_sets(tune_paths)
            team_set = read_sets(team_paths)
            baseline, outcomes = cross_validate(tune_set, team_set, folds)
        except (GoldProblem, TrainingProblem) as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:
            raise CommandError(f"{exc.filename}: cannot read: {exc.strerror}") from None
        ranked = sorted(outcomes, key=lambda o: -o.objective)
        self.stdout.write(
            f"{folds}-fold cross-validation on {tune} ({len(tune_set)} passages), folds pooled:"
        )
        self.stdout.write(summary(baseline))
        for outcome in ranked if all else ranked[:10]:
            self.stdout.write(summary(outcome))
        chosen = best(outcomes)
        assert chosen.design is not None
        design: Design = chosen.design
        train_on = tune_set + (team_set if design.data == "tune+team" else [])
        model = fit(train_on, design)
        s, b = chosen.scores, baseline.scores
        model.about.update(
            {
                "design": design.data,
                "trained_on": file_digest(tune_paths + (team_paths if design.data == "tune+team" else [])),
                "cross_validation": {
                    "folds": folds,
                    "rules": {
                        "macro_f1": round(b.macro_f1, 4),
                        "polarity": round(b.polarity_accuracy, 4),
                        "no_claim": round(b.no_claim_rate, 4),
                    },
                    "arbiter": {
                        "macro_f1": round(s.macro_f1, 4),
                        "polarity": round(s.polarity_accuracy, 4),
                        "no_claim": round(s.no_claim_rate, 4),
                    },
                },
            }
        )
        model.save(Path(out))
        self.stdout.write(
            f"chosen: {design.label()}; wrote {out} ({Path(out).stat().st_size} bytes, "
            f"{len(model.weights)} features)"
        )
        self.stdout.write(json.dumps(model.settings, sort_keys=True))
