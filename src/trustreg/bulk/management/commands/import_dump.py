"""`trustreg import-dump FILE`: build a mirror of a registry from its full dump (all-or-nothing)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.bulk.dumpread import DumpRefused
from trustreg.bulk.mirror import registry_mirror_import


class Command(BaseCommand):
    help = "Build a mirror from a full dump (/bulk/dump.jsonl), history included, in an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: object, file: str, **options: object) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file", returncode=1)
        try:
            report = registry_mirror_import(actor="cli:import-dump", path=path)
        except DumpRefused as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)", returncode=1) from None
        self.stdout.write(f"imported {file}: {report.offerings} offerings, {report.parties} parties, "
                          f"{report.cells} cells, {report.revisions} revisions, {report.sources} sources, "
                          f"{report.copies} kept copies")
