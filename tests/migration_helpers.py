"""Migrate the test database to a past state and back: the rows written before a move must survive it."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The last migrations before the audit trail moved to ``accounts`` and flags to ``flags``.
BEFORE_THE_MOVES = (("registry", "0007_ordered_json"), ("workbench", "0006_flag_kind_review"))


def migrate_to(*targets: tuple[str, str]):  # noqa: ANN201 - returns Django's historical app registry
    """Migrate to ``targets`` (``latest`` as a name: the app's leaf); the historical models there."""
    executor = MigrationExecutor(connection)
    leaves = dict(executor.loader.graph.leaf_nodes())
    plan = [(app, leaves[app] if name == "latest" else name) for app, name in targets]
    executor.migrate(plan)
    executor.loader.build_graph()
    return executor.loader.project_state(plan).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
