"""`trustreg migrate`: Django's migrate, then the derived tables rebuilt if a migration emptied them.

The rebuild runs today's code, so only once the database is at the latest migration of every app
(never after a migration back to a past state, whose tables today's models do not match).
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from trustreg.registry.derived import derived_tables_rebuild


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Then rebuilds the stored grades and fit inputs if a migration emptied them."

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        if options.get("plan") or options.get("check_unapplied"):
            return  # nothing was migrated: nothing to rebuild
        executor = MigrationExecutor(connections[options["database"]])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return  # not at the latest migrations: today's models do not match the tables yet
        written = derived_tables_rebuild()
        if written and options["verbosity"] >= 1:
            self.stdout.write(f"Rebuilt the stored grades emptied by a migration: {written} rows written.")
