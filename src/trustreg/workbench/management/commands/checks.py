"""`trustreg checks run`: run every check and raise the flags they find (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trustreg.workbench.checks import checks_run


class Command(BaseCommand):
    help = "Run the registry's checks and raise flags for what they find (`trustreg checks run`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["run"], help="run: run every check now")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] != "run":
            raise CommandError("unknown verb")
        report = checks_run(actor="cli")
        for kind, n in sorted(report.raised.items()):
            self.stdout.write(f"raised {n} {kind}")
        self.stdout.write(f"{sum(report.raised.values())} flag(s) raised, {report.already_open} already open")
