"""`trustreg export-data-json [FILE]`: the registry in the public data.json layout."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from trustreg.registry.datajson import export_document


class Command(BaseCommand):
    help = "Write the registry as data.json (the AI Provider Trust Registry layout); '-' for stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default="-")

    def handle(self, *args: object, file: str, **options: object) -> None:
        document = export_document()
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if file == "-":
            sys.stdout.write(text)
        else:
            with open(file, "w", encoding="utf-8") as fh:
                fh.write(text)
            offerings = len(document.get("offerings", []))
            self.stdout.write(f"wrote {file}: {offerings} offerings, {len(text.encode())} bytes")
