"""`trustreg memo OFFERING [--format md|pdf] [-o FILE] [--as-of DATE] [--preset ID | --profile FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.buyers import memo, profiles
from trustreg.domain import fitfiles
from trustreg.domain.fit import Profile, ProfileError
from trustreg.domain.history import BadDate, parse_date
from trustreg.domain.memo import render_markdown
from trustreg.registry.selectors import NotFound, catalogue


class Command(BaseCommand):
    help = "Write the vendor-file memo of one offering as Markdown or PDF (standard output, or -o FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("offering")
        parser.add_argument("--format", choices=("md", "pdf"), default="md")
        parser.add_argument("-o", "--output", default="-", help="a file to write ('-': standard output)")
        parser.add_argument("--as-of", default="", help="the registry as it was at the end of YYYY-MM-DD")
        parser.add_argument("--preset", default="", help="report on a fit-check preset's requirements")
        parser.add_argument("--profile", default="", help="report on a requirement profile file (YAML)")

    def handle(self, *args: Any, offering: str, format: str, output: str, as_of: str, preset: str,
               profile: str, **options: Any) -> None:
        try:
            day = parse_date(as_of, name="--as-of") if as_of else None
        except BadDate as exc:
            raise CommandError(str(exc)) from None
        chosen = self._profile(preset, profile)
        query = f"preset={preset}" if preset else ""
        try:
            data = memo.memo_input(offering, day, chosen, query)
        except NotFound as exc:
            raise CommandError(f"{offering}: {exc}") from None
        text = render_markdown(data)
        payload = memo.render_pdf(text, f"Vendor-file memo: {data.name}") if format == "pdf" else text.encode()
        if output == "-":
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
            return
        Path(output).write_bytes(payload)
        self.stderr.write(f"wrote {output} ({len(payload)} bytes, registry as of {data.as_of.isoformat()})")

    def _profile(self, preset: str, path: str) -> Profile | None:
        if preset and path:
            raise CommandError("give --preset or --profile, not both")
        cat = catalogue()
        if path:
            try:
                return fitfiles.read_profile_file(Path(path), cat)
            except ProfileError as exc:
                raise CommandError("; ".join(exc.problems)) from None
        if preset:
            found = profiles.preset(preset, cat)
            if found is None:
                raise CommandError(f"--preset: no preset {preset!r}")
            return found
        return None
