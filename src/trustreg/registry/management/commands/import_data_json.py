"""`trustreg import-data-json FILE`: fold a public-registry data.json into the registry."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.domain.bundle import BundleError
from trustreg.domain.datajson import MAX_BYTES
from trustreg.registry.datajson import import_document
from trustreg.registry.services import LoadRefused


class Command(BaseCommand):
    help = "Import a data.json in the AI Provider Trust Registry layout (all-or-nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: object, file: str, **options: object) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file", returncode=1)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{file}: file is larger than {MAX_BYTES} bytes", returncode=1)
        try:
            report = import_document(actor="cli:import-data-json", text=path.read_bytes(), file=file)
        except (BundleError, LoadRefused) as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)", returncode=1) from None
        self.stdout.write(f"imported {file}: cells {report.created} created, {report.updated} updated, "
                          f"{report.removed} removed, {report.unchanged} unchanged; registry "
                          + (f"{', '.join(report.meta_changed)} changed" if report.meta_changed else "unchanged"))
