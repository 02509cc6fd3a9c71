"""Inserting many rows in few statements (no rules here, only storage).

Django's ``bulk_create`` compiles each value through the SQL compiler (a dozen calls per value) and,
on SQLite, keeps to 999 parameters a statement (58 cells per INSERT). A registry load writes
hundreds of thousands of values, so the write core inserts through ``rows_insert`` instead: the
same SQL (one multi-row ``INSERT ... RETURNING`` per batch), each value prepared by its field
exactly as ``bulk_create`` prepares it (``pre_save`` then ``get_db_prep_save``), batches as large
as the database accepts. Like ``bulk_create`` it sends no signals and calls no ``save()``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from itertools import chain
from operator import attrgetter
from typing import Any, TypeVar

from django.db import connections, models, router
from django.db.backends.base.operations import BaseDatabaseOperations

from trustreg.dbfields import OrderedJSONField

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
    ids = _insert(model, db, fields, _saved_values(fields, objs), len(objs), returning=auto)
    for obj, pk in zip(objs, ids or [o.pk for o in objs], strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = db
    return list(objs)


def unsaved(model: type[M], values: dict[str, Any]) -> M:
    """An unsaved ``model`` object holding ``values`` (by attribute name, e.g. ``cell_id``) and every
    other field's default: the object ``model(**values)`` makes, built as Django builds a row it
    reads (its fields' values in order), in a third of the time (a load makes hundreds of thousands)."""
    layout = _LAYOUT.get(model)
    if layout is None:
        fields = tuple((f.attname, f) for f in model._meta.concrete_fields)
        layout = _LAYOUT[model] = (fields, frozenset(name for name, _ in fields))
    order, names = layout
    unknown = values.keys() - names
    if unknown:
        raise TypeError(f"unsaved: {model._meta.label} has no field {sorted(unknown)[0]!r}")
    return model(*[values[name] if name in values else field.get_default() for name, field in order])


_LAYOUT: dict[type[models.Model], tuple[tuple[tuple[str, Any], ...], frozenset[str]]] = {}


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


def _saved_values(fields: list[Any], objs: Sequence[models.Model]) -> list[Sequence[Any]]:
    """Each object's values of ``fields`` as ``bulk_create`` takes them (``pre_save``), read by one
    ``attrgetter`` where ``pre_save`` only reads the attribute (every field but a date stamped
    ``auto_now`` or ``auto_now_add``, and the few other kinds that override it)."""
    special = [(i, f) for i, f in enumerate(fields) if not _reads_attribute(f)]
    getter = attrgetter(*[f.attname for f in fields])
    rows: list[Sequence[Any]] = [getter(obj) for obj in objs] if len(fields) > 1 else [(getter(obj),) for obj in objs]
    if special:
        for n, obj in enumerate(objs):
            row = rows[n] = list(rows[n])
            for i, f in special:
                row[i] = f.pre_save(obj, True)
    return rows


def _reads_attribute(field: Any) -> bool:
    """Whether ``field.pre_save(obj, add=True)`` is ``getattr(obj, field.attname)``."""
    if type(field).pre_save is models.Field.pre_save:
        return True
    return type(field) in (models.DateField, models.DateTimeField) and not (field.auto_now or field.auto_now_add)


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
    plain = _plain_type(field)
    if plain is None:
        target = field.target_field if field.is_relation else field
        return _same_as_last(prep) if isinstance(target, models.DateField) else prep

    def fast(value: Any, connection: Any) -> Any:
        return value if value is None or type(value) is plain else prep(value, connection)

    return fast


# JSON fields whose ``get_db_prep_save`` of a dict or list is ``ops.adapt_json_value(value, encoder)``
# (``JSONField``'s own, and ``OrderedJSONField``'s, which differs on PostgreSQL alone).
_JSON_PREP_VALUE = (models.JSONField.get_db_prep_value, OrderedJSONField.get_db_prep_value)


def _json_preparer(field: Any, connection: Any, prep: Any) -> Any:
    """For a JSON field on a database that stores JSON as text (SQLite), ``prep`` with a dict or a
    list sent straight to ``json.dumps``, as Django's ``adapt_json_value`` sends it there (four
    method calls fewer a value: a load writes half a million); any other value takes ``prep``.
    None when the field or the database prepares JSON otherwise."""
    if not (isinstance(field, models.JSONField)
            and type(field).get_db_prep_save is models.JSONField.get_db_prep_save
            and type(field).get_db_prep_value in _JSON_PREP_VALUE
            and type(field).get_prep_value is models.Field.get_prep_value
            and type(connection.ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value):
        return None
    encoder = field.encoder
    dumps = json.JSONEncoder().encode if encoder is None else lambda value: json.dumps(value, cls=encoder)

    def fast(value: Any, connection: Any) -> Any:
        kind = type(value)
        return dumps(value) if kind is dict or kind is list else prep(value, connection)

    return fast


def _plain_type(field: Any) -> type | None:
    """The type of value ``field`` sends as it is (``_PLAIN``), or None."""
    target = field.target_field if field.is_relation else field
    return _PLAIN.get(type(target)) if not field.is_relation or type(field) is models.ForeignKey else None


def _prepared(rows: Sequence[Sequence[Any]], fields: list[Any], preps: list[Any], connection: Any) -> list[Any]:
    """The batch's values prepared, column by column: a column whose values are all None or of the
    type its field sends untouched (told apart in C, by ``map(type, ...)``) is sent as it is, the
    others value by value through their field."""
    columns: list[Any] = list(zip(*rows, strict=True))
    for i, (field, prep) in enumerate(zip(fields, preps, strict=True)):
        plain = _plain_type(field)
        if plain is None or not set(map(type, columns[i])) <= {plain, type(None)}:
            columns[i] = [prep(value, connection) for value in columns[i]]
    return columns


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
    model: type[models.Model], db: str, fields: list[Any], rows: Sequence[Sequence[Any]], count: int, *,
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
    preps = [_json_preparer(f, connection, prep) or prep for f, prep in zip(fields, preps, strict=True)]
    ids: list[Any] = []
    with connection.cursor() as cursor:
        direct = _sqlite_execute(connection, cursor)
        execute = direct or cursor.execute
        if direct is not None:
            per_row = per_row.replace("%s", "?")
        for start in range(0, count, batch):
            part = rows[start:start + batch]
            prepared = _prepared(part, fields, preps, connection)
            n = len(part)
            if unnest:
                cursor.execute(unnest, [list(column) for column in prepared])
            else:
                execute(head + ", ".join([per_row] * n) + tail, list(chain.from_iterable(zip(*prepared, strict=True))))
            if returning:
                got = [r[0] for r in cursor.fetchall()]
                if len(got) != n:
                    raise RuntimeError(f"rows_insert: {n} {meta.label} rows sent, {len(got)} ids back")
                ids.extend(got)
    return ids


def _sqlite_execute(connection: Any, cursor: Any) -> Any:
    """On SQLite, an ``execute`` for statements already written with ``?`` placeholders, or None.

    Django's SQLite cursor rewrites every ``%s`` of a statement into ``?`` with a regular
    expression on each call: for a batch of 2,000 rows of 16 columns that is 32,000 substitutions,
    about a quarter of what SQLite then takes to insert them. The statement goes straight to the
    sqlite3 cursor instead, with Django's translation of its errors; but not while Django logs the
    queries or wraps their execution (a test counting them, a debug page), which read the ``%s``
    form: then None, and the statement takes Django's path."""
    if connection.vendor != "sqlite" or connection.queries_logged or connection.execute_wrappers:
        return None
    raw = cursor.cursor  # Django's SQLiteCursorWrapper, a sqlite3.Cursor

    def execute(sql: str, params: Sequence[Any]) -> Any:
        with connection.wrap_database_errors:
            return sqlite3.Cursor.execute(raw, sql, params)

    return execute
