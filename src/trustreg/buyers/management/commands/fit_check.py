"""`trustreg fit PROFILE.yaml | --preset ID`: which offerings meet a requirement profile.

Exit status, like grep's: 0 when at least one offering meets it (now or after steps), 1 when none
does, 2 when the profile cannot be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trustreg.buyers import profiles, selectors
from trustreg.domain import fitfiles
from trustreg.domain.fit import ProfileError, Verdict
from trustreg.registry.selectors import catalogue


class Command(BaseCommand):
    help = "Check every offering against a requirement profile (a YAML file, or --preset ID)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("profile", nargs="?", help="a profile YAML file")
        parser.add_argument("--preset", default="", help="a preset id from data/fit/presets.yaml")
        parser.add_argument("--allow-list", action="store_true", help="print the allow-list as JSON")

    def handle(self, *args: Any, profile: str | None, preset: str, allow_list: bool, **options: Any) -> None:
        cat = catalogue()
        try:
            chosen = self._profile(profile, preset, cat)
        except ProfileError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            sys.exit(2)
        view = selectors.fit_view(chosen)
        if allow_list:
            self.stdout.write(json.dumps(selectors.allow_list(view), indent=2, ensure_ascii=False))
        else:
            self._print(view)
        sys.exit(0 if view.with_verdict(Verdict.MEETS, Verdict.MEETS_AFTER_STEPS) else 1)

    def _profile(self, path: str | None, preset_id: str, cat: Any) -> Any:
        if bool(path) == bool(preset_id):
            raise ProfileError(["give a profile file or --preset ID (one of them)"])
        if path:
            return fitfiles.read_profile_file(Path(path), cat)
        found = profiles.preset(preset_id, cat)
        if found is None:
            known = ", ".join(p.id for p in profiles.presets(cat))
            raise ProfileError([f"--preset: no preset {preset_id!r} (known: {known})"])
        return found

    def _print(self, view: selectors.FitView) -> None:
        out = self.stdout
        out.write(f"{view.profile.title} (evaluated {view.today.isoformat()})")
        for req in view.profile.requirements:
            out.write(f"  - {req.describe()}")
        out.write("  " + ", ".join(f"{v.label}: {n}" for v, n in view.counts))
        for row in view.rows:
            out.write(f"\n{row.verdict.label.upper()}  {row.offering.name} ({row.offering.id})")
            for res in row.fit.results:
                out.write(f"    {res.requirement.question}: {res.cell.label}, {res.verdict.label.lower()}"
                          f" ({res.reason}; {res.evidence.label})")
            for number, (question, step) in enumerate(row.fit.steps, 1):
                out.write(f"    step {number} [{question}]: {step}")
