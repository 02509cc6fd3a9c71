"""`trustreg load DIR`: load a registry directory into the database, all-or-nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from trustreg.domain.bundle import BundleError, read_dir
from trustreg.domain.bundled_history import read_history
from trustreg.domain.heap import full_collections_paused
from trustreg.domain.review_flags import read_review_flags
from trustreg.flags.services import bundled_flags_raise
from trustreg.registry.services import LoadRefused, registry_load


class Command(BaseCommand):
    help = "Load a registry directory (all-or-nothing, idempotent); changed cells get revisions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")
        parser.add_argument("--reason", default="Loaded from registry data files")
        parser.add_argument(
            "--retire-missing", action="store_true",
            help="retire offerings DIR does not list (kept with history and corrections, no longer listed)",
        )

    def handle(
        self, *args: object, directory: str, reason: str, retire_missing: bool = False, **options: object
    ) -> None:
        # The registry's load and the flags bundled with the data (review questions) in one
        # transaction, all or nothing.
        try:
            with full_collections_paused():  # the registry's objects live to the end: domain/heap.py
                bundle = read_dir(directory)
                history = read_history(directory, bundle)
                flags = read_review_flags(directory, bundle)
                with transaction.atomic():
                    report = registry_load(actor="cli:load", bundle=bundle, reason=reason,
                                           retire_missing=retire_missing, history=history)
                    raised = bundled_flags_raise(actor="cli:load", flags=flags)
        except (BundleError, LoadRefused) as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"nothing loaded: {len(exc.problems)} problem(s)", returncode=1) from None
        self.stdout.write(
            f"loaded {directory}: {report.offerings} offerings, {report.parties} parties; cells "
            f"{report.created} created, {report.updated} updated, {report.removed} removed, "
            f"{report.unchanged} unchanged; {report.replayed} dated revisions replayed from history, "
            f"{report.copies} kept copies; {raised} of {len(flags)} bundled review flags raised"
        )
        if report.missing:
            self.stdout.write(
                f"not in {directory}, kept as they were (retire them with --retire-missing): "
                f"{', '.join(report.missing)}"
            )
        if report.retired:
            self.stdout.write(f"retired (history and corrections kept): {', '.join(report.retired)}")
