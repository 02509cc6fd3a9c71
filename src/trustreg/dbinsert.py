"""Inserting many rows in few statements (no rules here, only storage).

Django's ``bulk_create`` compiles each value through the SQL compiler (a dozen calls per value) and,
on SQLite, keeps to 999 parameters a statement (58 cells per INSERT). A registry load writes
hundreds of thousands of values, so the write core inserts through ``rows_insert`` instead: the
same SQL (one multi-row ``INSERT ... RETURNING`` per batch), each value prepared by its field
exactly as ``bulk_create`` prepares it (``pre_save`` then ``get_db_prep_save``), batches as large
as the database accepts. Like ``bulk_create`` it sends no signals and calls no ``save()``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import connections, models, router

M = TypeVar("M", bound=models.Model)

POSTGRES_MAX_PARAMS = 65535  # the wire protocol's limit on the parameters of one statement
MAX_ROWS = 2000  # rows per statement, whatever the parameter limit (bounds a statement's size)


def max_params(connection: Any) -> int:
    """Parameters one statement may hold on this connection."""
    if connection.vendor == "postgresql":
        return POSTGRES_MAX_PARAMS
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit: int = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return limit
    return int(connection.features.max_query_params or 999)


def rows_insert(model: type[M], objs: Sequence[M]) -> list[M]:
    """Insert unsaved ``objs`` of ``model`` in the fewest statements; their primary keys are set.

    Every object either has its primary key set (a natural key) or none has (an automatic one).
    Returns ``objs``, saved.
    """
    if not objs:
        return list(objs)
    meta = model._meta
    if meta.parents:
        raise ValueError(f"rows_insert: {meta.label} inherits from another model; use bulk_create")
    with_pk = [o.pk is not None for o in objs]
    if any(with_pk) and not all(with_pk):
        raise ValueError(f"rows_insert: some {meta.label} rows have a primary key and some have none")
    auto = not with_pk[0]
    fields = [f for f in meta.local_concrete_fields if not (auto and f is meta.pk)]
    db = router.db_for_write(model)
    ids = _insert(model, db, fields, ([f.pre_save(obj, True) for f in fields] for obj in objs), len(objs),
                  returning=auto)
    for obj, pk in zip(objs, ids or [o.pk for o in objs], strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = db
    return list(objs)


def values_insert(model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Insert ``rows`` of values for the fields ``names`` (attribute names, e.g. ``offering_id``),
    without making model objects; fields not named take their database default. Returns the count.

    For derived tables written in bulk: no field's ``pre_save`` runs, so a field with a Python-side
    default or ``auto_now`` must be named and given."""
    if not rows:
        return 0
    meta = model._meta
    by_attname = {f.attname: f for f in meta.local_concrete_fields}
    unknown = [n for n in names if n not in by_attname]
    if unknown:
        raise ValueError(f"values_insert: {meta.label} has no field {unknown[0]!r}")
    fields = [by_attname[n] for n in names]
    for row in rows:
        if len(row) != len(fields):
            raise ValueError(f"values_insert: a {meta.label} row has {len(row)} values for {len(fields)} fields")
    _insert(model, router.db_for_write(model), fields, rows, len(rows), returning=False)
    return len(rows)


# Fields whose preparation leaves a value of this exact type as it is (``get_prep_value`` converts
# only other types): such values are sent untouched, every other value goes through the field.
_PLAIN: dict[type[models.Field], type] = {  # type: ignore[type-arg]
    models.CharField: str, models.TextField: str, models.SlugField: str, models.URLField: str,
    models.IntegerField: int, models.BigIntegerField: int, models.SmallIntegerField: int,
    models.PositiveIntegerField: int, models.PositiveSmallIntegerField: int, models.PositiveBigIntegerField: int,
    models.AutoField: int, models.BigAutoField: int, models.BooleanField: bool,
}


def _preparer(field: Any) -> Any:
    """``field.get_db_prep_save``, skipped for None and for the values it would return unchanged."""
    prep = field.get_db_prep_save
    target = field.target_field if field.is_relation else field
    plain = _PLAIN.get(type(target)) if not field.is_relation or type(field) is models.ForeignKey else None
    if plain is None:
        return _same_as_last(prep) if isinstance(target, models.DateField) else prep

    def fast(value: Any, connection: Any) -> Any:
        return value if value is None or type(value) is plain else prep(value, connection)

    return fast


_UNSET = object()


def _same_as_last(prep: Any) -> Any:
    """``prep`` for dates and datetimes (immutable), skipped for a value the same as the one it just
    prepared (same type, same zone object, equal): a load stamps every revision and event with one
    datetime, and the stored spans it writes start at the datetimes read back from them."""
    last: list[Any] = [_UNSET, None]  # the value, then what it was prepared as

    def memo(value: Any, connection: Any) -> Any:
        seen = last[0]
        if value is not seen and not (type(value) is type(seen) and getattr(value, "tzinfo", None) is getattr(
                seen, "tzinfo", None) and value == seen):
            last[0], last[1] = value, prep(value, connection)
        return last[1]

    return memo


def _insert(
    model: type[models.Model], db: str, fields: list[Any], rows: Iterable[Sequence[Any]], count: int, *,
    returning: bool,
) -> list[Any]:
    """One multi-row INSERT per batch of python values; the new primary keys when ``returning``."""
    connection = connections[db]
    ops, meta = connection.ops, model._meta
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    per_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {ops.quote_name(meta.pk.column or meta.pk.attname)}" if returning else ""
    head = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES "  # noqa: S608 (names from the model, quoted)
    batch = max(1, min(MAX_ROWS, max_params(connection) // len(fields)))
    unnest = ""
    if connection.vendor == "postgresql":
        # One array a column (as Django's own bulk insert does there): a statement of a few
        # placeholders, which psycopg parses once, not one per value.
        types = [f.db_type(connection).split("(")[0] for f in fields]
        unnest = (f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) SELECT * FROM UNNEST("  # noqa: S608
                  + ", ".join(f"(%s)::{db_type}[]" for db_type in types) + ")" + tail)
        batch = MAX_ROWS
    preps = [_preparer(f) for f in fields]
    ids: list[Any] = []
    pending: list[Any] = []
    done = 0
    with connection.cursor() as cursor:
        for row in rows:
            pending.extend(prep(value, connection) for prep, value in zip(preps, row, strict=True))
            done += 1
            if done % batch == 0 or done == count:
                n = len(pending) // len(fields)
                if unnest:
                    cursor.execute(unnest, [pending[i::len(fields)] for i in range(len(fields))])
                else:
                    cursor.execute(head + ", ".join([per_row] * n) + tail, pending)
                if returning:
                    got = [r[0] for r in cursor.fetchall()]
                    if len(got) != n:
                        raise RuntimeError(f"rows_insert: {n} {meta.label} rows sent, {len(got)} ids back")
                    ids.extend(got)
                pending = []
    return ids
