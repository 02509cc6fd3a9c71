"""Each requirement of a profile decided once per projection of its question's fit inputs.

A requirement reads little of a cell (``domain.fitkeys.reads_of``): the grade, whether there is a
record, whether each qualifier's value is one it refuses or one the step file words, the facts its
tests name, and geography only when it asks for one. ``FitInput`` keeps the inputs typed (columns,
and ``FitFact`` per fact), so SQL groups a question's inputs by that projection: one row per group
with one member's inputs, whatever the number of offerings or distinct inputs. Each group's verdict
is the one rule's on that member (``domain.fitkeys.verdict_of``); a process remembers it by the
projection, so a repeated profile runs no rule at all. The rows' fit keys are then mapped to
verdicts by the database: per verdict, a subquery of the keys whose projection is one of its groups
(evaluated once per statement), never a list of keys sent from Python.

Grouping reads every kept input of the question (``FitInput`` keeps each distinct input there has
been): a pass in SQL over the distinct inputs, not Python work per input.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models.expressions import RawSQL

from trustreg.domain.catalogue import Dimension
from trustreg.domain.fit import Requirement, StepCatalogue
from trustreg.domain.fitkeys import SEVERITY, WEAK_SEVERITY, Reads, reads_of, verdict_of
from trustreg.registry.models import FitFact, FitInput

MEMO_SIZE = 200_000  # projections remembered (a few hundred a question in a registry of 20,000)
_VERDICTS: dict[tuple[Any, ...], int] = {}


class Projection:
    """The SQL of one requirement's projection of a question's kept inputs (``fi``)."""

    def __init__(self, reads: Reads) -> None:
        q = connection.ops.quote_name
        fi_table, ff_table = q(FitInput._meta.db_table), q(FitFact._meta.db_table)
        self.columns = [f"fi.{q('grade')}", f"CASE WHEN fi.{q('record')} THEN '1' ELSE '0' END"]
        self.params: list[Any] = []
        for qualifier, values in reads.refused:
            self._flag(f"fi.{q('q_' + qualifier)}", values)
        for qualifier, values in reads.worded:
            self._flag(f"COALESCE(fi.{q('q_' + qualifier)}, '')", values)
        if reads.geography:  # None apart from any text: the column as it is, told from NULL
            self.columns.append(f"CASE WHEN fi.{q('geography')} IS NULL THEN 'n' ELSE 'v' || fi.{q('geography')} END")
        joins, self.join_params = [], []
        for i, name in enumerate(reads.facts):
            joins.append(f"LEFT JOIN {ff_table} f{i} ON f{i}.{q('input_id')} = fi.{q('key')} AND f{i}.{q('name')} = %s")
            self.join_params.append(name)
            self.columns.append(f"COALESCE(f{i}.{q('value')}, '')")  # no fact: '' is no JSON text
        self.source = f"{fi_table} fi {' '.join(joins)} WHERE fi.{q('dimension_id')} = %s"

    def _flag(self, column: str, values: tuple[str, ...]) -> None:
        self.columns.append(f"CASE WHEN {column} IN ({', '.join(['%s'] * len(values))}) THEN '1' ELSE '0' END")
        self.params += values

    def groups_sql(self, dimension_id: str, number: int, width: int) -> tuple[str, list[Any]]:
        """Each distinct projection with one member's inputs, as rows (``number``, the projection
        padded to ``width`` values, the inputs): a part of one ``UNION ALL`` over the requirements."""
        n = len(self.columns)
        padded = [*self.columns, *(["''"] * (width - n))]
        sql = (f"SELECT {number}, {', '.join(padded)}, MIN(fi.{connection.ops.quote_name('inputs')}) "  # noqa: S608 (names from the models, quoted)
               f"FROM {self.source} GROUP BY {', '.join(str(i + 2) for i in range(n))}")
        return sql, [*self.params, *self.join_params, dimension_id]

    def keys_in(self, dimension_id: str, groups: list[tuple[str, ...]]) -> RawSQL:
        """The keys of the question's inputs whose projection is one of ``groups``."""
        row = f"({', '.join(['%s'] * len(self.columns))})"
        sql = (f"SELECT fi.{connection.ops.quote_name('key')} FROM {self.source} "  # noqa: S608 (as above)
               f"AND ({', '.join(self.columns)}) IN (VALUES {', '.join([row] * len(groups))})")
        return RawSQL(sql, [*self.join_params, dimension_id, *self.params,  # noqa: S611 (values as parameters)
                            *(v for g in groups for v in g)])


Verdicts = tuple[int, dict[int, RawSQL]]  # the most common severity; a subquery of keys for each other


def verdict_keys(reqs: list[tuple[Requirement, Dimension]], steps: StepCatalogue) -> list[Verdicts]:
    """Each requirement's verdict (as ``SEVERITY``) on solid evidence, for every kept input of its
    question: the most common one, and for each other one a subquery of the keys that have it.
    One query; the rule runs once per projection this process has not met yet."""
    if not reqs:
        return []
    projections = [Projection(reads_of(req, steps)) for req, _ in reqs]
    width = max(len(p.columns) for p in projections)
    parts = [p.groups_sql(d.id, i, width) for i, (p, (_, d)) in enumerate(zip(projections, reqs, strict=True))]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql for sql, _ in parts), [v for _, params in parts for v in params])
        found = cursor.fetchall()
    steps_memo = repr(steps)
    memos = [(d.id, req.model_dump_json(), steps_memo) for req, d in reqs]
    by_severity: list[dict[int, list[tuple[str, ...]]]] = [{} for _ in reqs]
    for number, *values, inputs in found:
        req, dimension = reqs[number]
        group = tuple(values[:len(projections[number].columns)])
        severity = _VERDICTS.get((*memos[number], group))
        if severity is None:
            if len(_VERDICTS) >= MEMO_SIZE:
                _VERDICTS.clear()
            severity = _VERDICTS[(*memos[number], group)] = SEVERITY[verdict_of(req, dimension, inputs, steps)]
        by_severity[number].setdefault(severity, []).append(group)
    out: list[Verdicts] = []
    for (_, dimension), projection, groups in zip(reqs, projections, by_severity, strict=True):
        if not groups:
            out.append((WEAK_SEVERITY, {}))
            continue
        # The most common verdict is the default: the statement lists the fewest groups.
        default = max(groups, key=lambda s: (len(groups[s]), -s))
        out.append((default, {s: projection.keys_in(dimension.id, g) for s, g in sorted(groups.items()) if s != default}))
    return out
