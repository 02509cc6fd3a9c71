"""The registry's past: the state of every cell at the end of a day, rebuilt from revisions.

Everything here issues a fixed number of queries whatever the number of revisions. The state on a
date is one query: the latest revision of each (holder, dimension) published before the end of that
day, one backward seek per cell on the (holder, dimension, published_at, id) index (portable SQL;
fast on SQLite and PostgreSQL with 100,000 revisions, see docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Min

from trustreg.domain import history as dh
from trustreg.domain.cells import CellRecord, ScopeRecord
from trustreg.registry.models import Dimension, Offering, Party, Revision

Split = tuple[
    dict[tuple[str, str], CellRecord], dict[tuple[str, str], CellRecord], dict[tuple[str, str], ScopeRecord]
]


@dataclass
class AsOf:
    """The registry's cells as they stood at the end of ``day`` (UTC), and what that state covers."""

    day: dt.date
    cells: dict[tuple[str, str], dict[str, Any]]  # (holder, dimension) -> data; removed cells absent
    history_start: dt.datetime | None  # the registry's first revision ever
    first_own: dict[str, dt.datetime] = field(default_factory=dict)  # offering -> its first own revision

    @property
    def before_history(self) -> bool:
        return self.history_start is None or self.history_start >= dh.end_of_day(self.day)

    def offering_existed(self, offering_id: str) -> bool:
        """An offering exists from its first own revision; one that never had a cell of its own
        (it only inherits) is taken to exist from the registry's first revision."""
        first = self.first_own.get(offering_id)
        if first is not None:
            return first < dh.end_of_day(self.day)
        return not self.before_history

    def split(self) -> Split:
        """The state as (party cells, offering cells, scope entries), like the selectors' ``split_cells``."""
        party_cells: dict[tuple[str, str], CellRecord] = {}
        offering_cells: dict[tuple[str, str], CellRecord] = {}
        scopes: dict[tuple[str, str], ScopeRecord] = {}
        for (holder, dim), data in self.cells.items():
            kind, holder_id = dh.split_holder(holder)
            rec = dh.record_from_data(data)
            if kind == "party" and isinstance(rec, CellRecord):
                party_cells[(holder_id, dim)] = rec
            elif kind == "offering" and isinstance(rec, ScopeRecord):
                scopes[(holder_id, dim)] = rec
            elif kind == "offering" and isinstance(rec, CellRecord):
                offering_cells[(holder_id, dim)] = rec
        return party_cells, offering_cells, scopes


def latest_revisions(
    end: dt.datetime, *, holders: list[str] | None = None, dimension: str | None = None,
) -> list[Revision]:
    """The last revision of each cell published before ``end`` (removals included): one query.

    Every candidate cell (holder x dimension) finds its last revision by one backward seek on the
    (holder, dimension, published_at) index, so the cost follows the number of cells, not the
    number of revisions. Holders default to every offering and party there is today.
    """
    qn = connection.ops.quote_name
    params: list[Any] = []
    if holders is None:
        holder_sql = (f"SELECT 'offering:' || id AS holder FROM {qn(Offering._meta.db_table)} "  # noqa: S608
                      f"UNION ALL SELECT 'party:' || id FROM {qn(Party._meta.db_table)}")
    elif not holders:
        return []
    else:
        holders = list(dict.fromkeys(holders))  # a first-party offering's developer is its platform
        holder_sql = " UNION ALL ".join(["SELECT CAST(%s AS VARCHAR(100)) AS holder"] * len(holders))
        params.extend(holders)
    dimension_sql = f"SELECT id AS dimension_id FROM {qn(Dimension._meta.db_table)}"  # noqa: S608
    if dimension is not None:
        dimension_sql += " WHERE id = %s"
        params.append(dimension)
    params.append(connection.ops.adapt_datetimefield_value(end))
    table = qn(Revision._meta.db_table)
    # Only identifiers from our own models and placeholders go into the text; values are parameters.
    sql = (
        f"SELECT r.id, r.holder, r.dimension_id, r.published_at, r.{qn('after')} "  # noqa: S608
        f"FROM ({holder_sql}) h CROSS JOIN ({dimension_sql}) d "
        f"JOIN {table} r ON r.id = (SELECT r2.id FROM {table} r2 WHERE r2.holder = h.holder "
        "AND r2.dimension_id = d.dimension_id AND r2.published_at < %s "
        "ORDER BY r2.published_at DESC, r2.id DESC LIMIT 1)"
    )
    return list(Revision.objects.raw(sql, params))


def as_of(
    day: dt.date, *, holders: list[str] | None = None, dimension: str | None = None,
    offering_ids: list[str] | None = None,
) -> AsOf:
    """The state on ``day`` of the given holders' cells (all when None); three queries.

    ``offering_ids`` limits whose first own revision is looked up (all offerings when None).
    """
    latest = latest_revisions(dh.end_of_day(day), holders=holders, dimension=dimension)
    own = Revision.objects.filter(offering__isnull=False)
    if offering_ids is not None:
        own = own.filter(offering_id__in=offering_ids)
    first_own = dict(own.order_by().values_list("offering_id").annotate(first=Min("published_at"))
                     .values_list("offering_id", "first"))
    return AsOf(
        day=day,
        cells={(r.holder, r.dimension_id): r.after for r in latest if r.after is not None},
        history_start=history_start(),
        first_own=first_own,
    )


def history_start() -> dt.datetime | None:
    return Revision.objects.order_by("published_at").values_list("published_at", flat=True).first()
