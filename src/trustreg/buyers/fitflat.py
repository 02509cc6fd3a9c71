"""Today's fit check of a profile in one statement over one narrow table (``FitVector``).

Each listed offering has one row naming, per core question, its fit input (a small integer) and
the first day its evidence is weak (``registry.fitvectors``). A request decides each requirement
once per projection of its question's inputs (``buyers.fitgroups``); the statement maps each input
of the question to its verdict in one pass (``Verdicts.by_input``), then scans the vectors once:
each offering's verdict is the worst of its requirements' (unknown where the evidence is weak on
the day shown), and the same statement returns the counts by verdict, the page's offerings in
result order (verdict, then listing order) and, when the page may not show them, the first
offerings that meet the profile.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import connection

from trustreg.buyers.fitgroups import Verdicts
from trustreg.domain.fit import Verdict
from trustreg.domain.fitkeys import SEVERITY, WEAK_SEVERITY
from trustreg.registry.models import FitVector

_COUNTS, _PAGE, _LEADING = 0, 1, 2
_MEETING = SEVERITY[Verdict.MEETS_AFTER_STEPS]  # meets, with steps or without


@dataclass(frozen=True)
class Flat:
    counted: Counter[int]  # listed offerings by severity
    page: list[str]  # the page's offering ids, in result order
    leading: list[str] | None  # the first offerings that meet it (None: not asked)


def flat_check(verdicts: list[tuple[Verdicts, int]], today: dt.date, start: int, per_page: int,
               leading: int | None) -> Flat:
    """Counts, the page from ``start`` and (``leading`` of them, when given) the first offerings
    meeting the profile; ``verdicts``: each requirement's, with its question's vector slot."""
    q = connection.ops.quote_name
    day = connection.ops.adapt_datefield_value(today)
    ctes, joins, terms, params, term_params = [], [], [], [], []
    for j, (v, slot) in enumerate(verdicts):
        sql, sql_params = v.by_input()
        ctes.append(f"v{j} AS MATERIALIZED ({sql})")
        params += sql_params
        joins.append(f"LEFT JOIN v{j} ON v{j}.{q('id')} = fv.{q(f'i{slot}')}")
        terms.append(f"CASE WHEN fv.{q(f'w{slot}')} <= %s THEN {WEAK_SEVERITY} ELSE COALESCE(v{j}.sev, {WEAK_SEVERITY}) END")
        term_params.append(day)
    worst = terms[0] if len(terms) == 1 else (
        f"{'GREATEST' if connection.vendor == 'postgresql' else 'MAX'}({', '.join(terms)})")
    scored = (f"scored AS MATERIALIZED (SELECT fv.{q('offering_id')} AS oid, fv.{q('sort_order')} AS so, "  # noqa: S608 (names from the models, quoted)
              f"{worst} AS sev FROM {q(FitVector._meta.db_table)} fv {' '.join(joins)} WHERE fv.{q('listed')})")
    params += term_params
    parts = [f"SELECT {_COUNTS}, sev, COUNT(*), NULL FROM scored GROUP BY sev",  # noqa: S608 (constants)
             f"SELECT * FROM (SELECT {_PAGE}, sev, so, oid FROM scored ORDER BY sev, so, oid LIMIT %s OFFSET %s) p"]  # noqa: S608
    params += [per_page, start]
    if leading is not None:
        parts.append(f"SELECT * FROM (SELECT {_LEADING}, sev, so, oid FROM scored WHERE sev <= {_MEETING} "  # noqa: S608
                     "ORDER BY sev, so, oid LIMIT %s) l")
        params.append(leading)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join([*ctes, scored])} {' UNION ALL '.join(parts)}", params)
        found: list[tuple[Any, ...]] = cursor.fetchall()
    counted: Counter[int] = Counter({sev: n for part, sev, n, _ in found if part == _COUNTS})
    page = [oid for part, _, _, oid in found if part == _PAGE]
    first = [oid for part, _, _, oid in found if part == _LEADING] if leading is not None else None
    return Flat(counted, page, first)
