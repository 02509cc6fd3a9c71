"""`trustreg extract --jsonl IN.jsonl`: the batch contract, one output line per input line.

Needs no database: rules only, text in, claims out.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.ingest.batch import run_jsonl


class Command(BaseCommand):
    help = 'Read {"id", "text"} JSON lines; write {"id", "claims": [...]} JSON lines to standard output.'
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jsonl", required=True, help="input file of JSON lines, or - for standard input"
        )

    def handle(self, *args: Any, jsonl: str, **options: Any) -> None:
        try:
            if jsonl == "-":
                run_jsonl(sys.stdin, self.stdout)
                return
            with open(jsonl, encoding="utf-8") as handle:
                run_jsonl(handle, self.stdout)
        except OSError as exc:
            raise CommandError(f"{jsonl}: cannot read: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{jsonl}: not UTF-8 text (byte {exc.start})") from None
