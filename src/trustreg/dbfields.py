"""Database fields shared by the apps (no rules here, only storage)."""

from __future__ import annotations

from typing import Any

from django.db import models


class OrderedJSONField(models.JSONField):
    """A JSON field that gives its object keys back in the order they were written, on every database.

    PostgreSQL's ``jsonb`` (Django's JSONField) reorders object keys (shorter keys first), so facts,
    a catalogue's fact list and imported extras came back in another order than the data files
    wrote them, and `trustreg export` differed between databases. On PostgreSQL this field is
    stored as ``json``, which keeps the text as written; elsewhere it is the ordinary JSONField
    (SQLite stores text). Nothing queries inside these values, so ``jsonb``'s operators are not missed.
    """

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        adapted = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor == "postgresql" and type(adapted).__name__ == "Jsonb":
            from psycopg.types.json import Json  # sent as ``json`` text: no reordering on the way in

            return Json(adapted.obj, dumps=adapted.dumps)
        return adapted

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is not None and not isinstance(value, str):
            return value  # psycopg parsed ``json`` already (keeping key order)
        return super().from_db_value(value, expression, connection)
