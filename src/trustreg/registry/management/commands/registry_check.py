"""`trustreg check DIR`: validate a registry directory; list every problem (exit 1)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.domain.bundle import BundleError, read_dir
from trustreg.domain.bundled_history import read_history
from trustreg.domain.review_flags import read_review_flags


class Command(BaseCommand):
    help = "Validate a registry directory and list every problem as `file: path.to.field: reason`."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")

    def handle(self, *args: object, directory: str, **options: object) -> None:
        try:
            bundle = read_dir(directory)
            history = read_history(directory, bundle)
            flags = read_review_flags(directory, bundle)
        except BundleError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(exc.problems)} problem(s) in {directory}", returncode=1) from None
        cells = sum(len(p.cells) for p in bundle.parties) + sum(
            len(o.cells) + len(o.scopes) for o in bundle.offerings
        )
        self.stdout.write(
            f"{directory}: OK: {len(bundle.catalogue.dimensions)} dimensions, {len(bundle.parties)} parties, "
            f"{len(bundle.offerings)} offerings, {cells} cells, {len(bundle.copies)} kept copies, "
            f"{sum(len(h) for h in history.values())} dated revisions, {len(flags)} open review flags"
        )
