"""`trustreg export DIR`: write the registry as data files that load back to the same registry."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from trustreg.domain.bundle import write_dir
from trustreg.registry.selectors import bundle_from_db


class Command(BaseCommand):
    help = "Export the registry as YAML data files (one per offering and party)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")

    def handle(self, *args: object, directory: str, **options: object) -> None:
        bundle = bundle_from_db()
        written = write_dir(bundle, directory)
        self.stdout.write(f"exported {len(bundle.offerings)} offerings, {len(bundle.parties)} parties "
                          f"to {directory} ({len(written)} files written, the others unchanged)")
