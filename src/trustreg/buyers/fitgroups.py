"""Each requirement of a profile decided once per projection of its question's fit inputs.

A requirement reads little of a cell (``domain.fitkeys.reads_of``): the grade, whether there is a
record, whether each qualifier's value is one it refuses or one the step file words, the facts its
tests name, and geography only when it asks for one. ``FitInput`` keeps the inputs typed (columns,
and ``FitFact`` per fact), so SQL groups a question's inputs by that projection: one row per group
with one member's inputs, whatever the number of offerings or distinct inputs. Each group's verdict
is the one rule's on that member (``domain.fitkeys.verdict_of``); a process remembers it by the
projection, so a repeated profile runs no rule at all, and remembers each requirement's groups
while the kept inputs stay as they are (``_kept_state``), so a repeated profile reads no groups
either. The database then maps inputs to verdicts by their projection: today's check in one pass
over the question's inputs (``Verdicts.by_input``, ``buyers.fitflat``), a past day's by a subquery
of the keys of each verdict (``Verdicts.keys_in``). A set of projections is one parameter (a JSON
array on SQLite, an array on PostgreSQL), never a parameter a group: a statement's parameters do
not grow with the registry, whatever its variety (SQLite takes at most 32,766).

Grouping and mapping read every kept input of the question (``FitInput`` keeps each distinct
input there has been): a pass in SQL over the distinct inputs, not Python work per input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL

from trustreg.domain.catalogue import Dimension
from trustreg.domain.fit import Requirement, StepCatalogue
from trustreg.domain.fitkeys import SEVERITY, WEAK_SEVERITY, Reads, reads_of, verdict_of
from trustreg.registry.models import FitFact, FitInput

MEMO_SIZE = 200_000  # projections remembered (a few hundred a question in a registry of 20,000)
_VERDICTS: dict[tuple[Any, ...], int] = {}
GROUPS_KEPT = 512  # requirements' groups remembered, with the kept inputs' state they were read at
_GROUPS: dict[tuple[Any, ...], list[tuple[str, str]]] = {}


def _kept_state() -> tuple[Any, ...] | None:
    """What the kept inputs are now, as far as their groups go: how many, and the first and last by
    id with their keys. Rows are only added (a refresh never deletes one; a migration that empties
    them is followed by new ids), so equal states hold the same inputs; the keys tell apart tables
    emptied and refilled from the start (a test database flushed). None inside a transaction, whose
    own rows, unseen by others, may yet be rolled back and their ids given again."""
    if connection.in_atomic_block:
        return None
    q = connection.ops.quote_name
    table, key, pk = q(FitInput._meta.db_table), q("key"), q("id")
    ends = [f"(SELECT {pk} || ':' || {key} FROM {table} ORDER BY {pk} {way} LIMIT 1)"  # noqa: S608 (quoted names)
            for way in ("ASC", "DESC")]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT COUNT(*) FROM {table}), {', '.join(ends)}")  # noqa: S608 (quoted names)
        return tuple(cursor.fetchone() or ())


class Projection:
    """The SQL of one requirement's projection of a question's kept inputs (``fi``), as one text:
    a JSON array of its parts, so that two projections are equal exactly when their parts are. A
    set of projections travels as one parameter (a JSON array on SQLite, an array on PostgreSQL),
    so no statement's parameters grow with the groups."""

    def __init__(self, reads: Reads) -> None:
        q = connection.ops.quote_name
        fi_table, ff_table = q(FitInput._meta.db_table), q(FitFact._meta.db_table)
        parts = [f"fi.{q('grade')}", f"CASE WHEN fi.{q('record')} THEN '1' ELSE '0' END"]
        self.params: list[Any] = []
        for qualifier, values in reads.refused:
            parts.append(self._flag(f"fi.{q('q_' + qualifier)}", values))
        for qualifier, values in reads.worded:
            parts.append(self._flag(f"COALESCE(fi.{q('q_' + qualifier)}, '')", values))
        if reads.geography:  # None apart from any text: the column as it is, told from NULL
            parts.append(f"CASE WHEN fi.{q('geography')} IS NULL THEN 'n' ELSE 'v' || fi.{q('geography')} END")
        joins, self.join_params = [], []
        for i, name in enumerate(reads.facts):
            joins.append(f"LEFT JOIN {ff_table} f{i} ON f{i}.{q('input_id')} = fi.{q('key')} AND f{i}.{q('name')} = %s")
            self.join_params.append(name)
            parts.append(f"COALESCE(f{i}.{q('value')}, '')")  # no fact: '' is no JSON text
        if connection.vendor == "postgresql":
            self.expr = f"CAST(JSON_BUILD_ARRAY({', '.join(parts)}) AS TEXT)"
        else:
            self.expr = f"JSON_ARRAY({', '.join(parts)})"
        self.tables, self.where = f"{fi_table} fi {' '.join(joins)}", f"fi.{q('dimension_id')} = %s"
        self.source = f"{self.tables} WHERE {self.where}"

    def _flag(self, column: str, values: tuple[str, ...]) -> str:
        self.params += values
        return f"CASE WHEN {column} IN ({', '.join(['%s'] * len(values))}) THEN '1' ELSE '0' END"

    def groups_sql(self, dimension_id: str, number: int) -> tuple[str, list[Any]]:
        """Each distinct projection with one member's inputs, as rows (``number``, the projection,
        the inputs): a part of one ``UNION ALL`` over the requirements."""
        sql = (f"SELECT {number}, {self.expr}, MIN(fi.{connection.ops.quote_name('inputs')}) "  # noqa: S608 (names from the models, quoted)
               f"FROM {self.source} GROUP BY 2")
        return sql, [*self.params, *self.join_params, dimension_id]

    def one_of(self, groups: list[str]) -> tuple[str, list[Any]]:
        """A test that the projection is one of ``groups``, with its parameters (one for the set)."""
        if connection.vendor == "postgresql":
            return f"({self.expr}) = ANY(%s)", [*self.params, groups]
        return f"({self.expr}) IN (SELECT value FROM json_each(%s))", [*self.params, json.dumps(groups)]  # noqa: S608


@dataclass(frozen=True)
class Verdicts:
    """One requirement's verdict (as ``SEVERITY``) on solid evidence for every kept input of its
    question: ``default`` for most, and the projections of the inputs with each other verdict."""

    dimension_id: str
    projection: Projection | None
    default: int
    groups: dict[int, list[str]]

    def keys_in(self, severity: int) -> RawSQL:
        """The keys of the question's inputs with this verdict (a subquery)."""
        assert self.projection is not None
        test, params = self.projection.one_of(self.groups.get(severity, []))
        sql = f"SELECT fi.{connection.ops.quote_name('key')} FROM {self.projection.source} AND {test}"  # noqa: S608 (as above)
        return RawSQL(sql, [*self.projection.join_params, self.dimension_id, *params])  # noqa: S611 (parameters)

    def by_input(self) -> tuple[str, list[Any]]:
        """Each kept input of the question (``id``) with its verdict (``sev``): one pass over them,
        each input's projection looked up among the groups (one parameter, or two on PostgreSQL)."""
        q = connection.ops.quote_name
        if self.projection is None:
            return f"SELECT {q('id')}, {self.default} AS sev FROM {q(FitInput._meta.db_table)} WHERE 1 = 0", []  # noqa: S608
        pairs = [(group, severity) for severity, groups in sorted(self.groups.items()) for group in groups]
        if connection.vendor == "postgresql":
            verdicts = "SELECT * FROM UNNEST(%s::text[], %s::int[]) AS m(p, s)"
            params: list[Any] = [[p for p, _ in pairs], [s for _, s in pairs]]
        else:
            verdicts = "SELECT json_extract(value, '$[0]') AS p, json_extract(value, '$[1]') AS s FROM json_each(%s)"
            params = [json.dumps(pairs)]
        projection = self.projection
        return (f"SELECT fi.{q('id')} AS {q('id')}, COALESCE(m.s, {self.default}) AS sev "  # noqa: S608 (as above)
                f"FROM {projection.tables} LEFT JOIN ({verdicts}) m ON m.p = {projection.expr} WHERE {projection.where}",
                [*projection.join_params, *params, *projection.params, self.dimension_id])


def verdict_keys(reqs: list[tuple[Requirement, Dimension]], steps: StepCatalogue) -> list[Verdicts]:
    """Each requirement's verdicts on solid evidence, for every kept input of its question.
    One query for the groups of the requirements this process has not read at the kept inputs'
    present state (outside a transaction: ``_kept_state``, one more query), none when it has; the
    rule runs once per projection this process has not met yet."""
    if not reqs:
        return []
    reads = [reads_of(req, steps) for req, _ in reqs]
    projections = [Projection(r) for r in reads]
    state = _kept_state()
    keys = [(connection.vendor, d.id, r, state) for r, (_, d) in zip(reads, reqs, strict=True)]
    missing = [i for i, key in enumerate(keys) if state is None or key not in _GROUPS]
    if missing:
        parts = [projections[i].groups_sql(reqs[i][1].id, i) for i in missing]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(sql for sql, _ in parts), [v for _, params in parts for v in params])
            rows = cursor.fetchall()
        fetched: dict[int, list[tuple[str, str]]] = {i: [] for i in missing}
        for number, group, inputs in rows:
            fetched[number].append((group, inputs))
        if state is not None:
            if len(_GROUPS) + len(missing) > GROUPS_KEPT:
                _GROUPS.clear()
            _GROUPS.update({keys[i]: found for i, found in fetched.items()})
    found = [(i, group, inputs) for i, key in enumerate(keys)
             for group, inputs in (fetched[i] if i in missing else _GROUPS[key])]
    steps_memo = repr(steps)
    memos = [(d.id, req.model_dump_json(), steps_memo) for req, d in reqs]
    by_severity: list[dict[int, list[str]]] = [{} for _ in reqs]
    for number, group, inputs in found:
        req, dimension = reqs[number]
        severity = _VERDICTS.get((*memos[number], group))
        if severity is None:
            if len(_VERDICTS) >= MEMO_SIZE:
                _VERDICTS.clear()
            severity = _VERDICTS[(*memos[number], group)] = SEVERITY[verdict_of(req, dimension, inputs, steps)]
        by_severity[number].setdefault(severity, []).append(group)
    out: list[Verdicts] = []
    for (_, dimension), projection, groups in zip(reqs, projections, by_severity, strict=True):
        if not groups:
            out.append(Verdicts(dimension.id, None, WEAK_SEVERITY, {}))
            continue
        # The most common verdict is the default: the statement lists the fewest groups.
        default = max(groups, key=lambda s: (len(groups[s]), -s))
        out.append(Verdicts(dimension.id, projection, default, {s: g for s, g in groups.items() if s != default}))
    return out
