"""The derived tables rebuilt after a migration: the stored grades, their spans, the grade counts and
the fit inputs (``registry.resolved``, ``registry.resolved_spans``, ``registry.fitinputs``).

A migration that changes what those tables hold must not fill them itself: it would call today's
code (``resolved_grades_refresh``), which writes today's columns, and a database migrated from
further back reaches that migration before the columns exist (0006, 0009, 0011 and 0012 each ran
into it). Such a migration empties the derived tables with its historical models instead, and
``trustreg migrate`` (``registry/management/commands/migrate.py``) rebuilds them with today's code
once every migration is applied: a registry with offerings and no stored grade is one a migration
emptied (a load writes a row for every offering x question).
"""

from __future__ import annotations

from django.db import transaction

from trustreg.registry.models import Offering, ResolvedGrade
from trustreg.registry.resolved import resolved_grades_refresh


def derived_rebuild_needed() -> bool:
    """Whether a migration emptied the stored grades of a registry that has offerings."""
    return Offering.objects.exists() and not ResolvedGrade.objects.exists()


def derived_tables_rebuild() -> int:
    """Rebuild the derived tables when a migration emptied them (all or nothing); rows written."""
    with transaction.atomic():
        if not derived_rebuild_needed():
            return 0
        return resolved_grades_refresh()
