"""The monitor's dates kept once per (source, quote) (``QuoteDates``).

Written only by the services that record quote checks (``evidence.services.quote_checks_record`` and
``quote_checks_keep``), in their transaction, dates only moving forward; read by the pages in one
query that follows the page's own quotes, never the number of citations sharing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce, Greatest

from trustreg.evidence.models import QuoteDates, quote_key

_BATCH = 500
# The pairs asked about as row values joined to the kept dates: each one search of the unique (source,
# quote hash) index; only placeholders are put in {rows}, the values are parameters.
_ASKED = ('WITH "asked" ("source_id", "quote_hash") AS (VALUES {rows}) '
          'SELECT d."id", d."source_id", d."quote_hash", d."last_seen", d."last_checked" FROM "asked" '
          'JOIN "evidence_quotedates" d ON d."source_id" = "asked"."source_id" '
          'AND d."quote_hash" = "asked"."quote_hash" WHERE d."last_checked" IS NOT NULL')
_T = TypeVar("_T")
Pair = tuple[int, str]  # (source id, quote)


def dates_advance(moves: Mapping[Pair, tuple[dt.datetime, dt.datetime | None]]) -> None:
    """(source id, quote) -> (looked for at, found at or None): each pair's dates move to these
    when they are newer (caller's transaction). Two writers at once never move a date backwards:
    a missing row is inserted empty (a concurrent insert wins quietly), then each date is set to the
    greater of the stored one and this one, in the UPDATE itself."""
    keyed = {(sid, quote_key(q)): (q, checked, seen) for (sid, q), (checked, seen) in moves.items() if q}
    if not keyed:
        return
    QuoteDates.objects.bulk_create([QuoteDates(source_id=sid, quote_hash=h, quote=q)
                                    for (sid, h), (q, _, _) in keyed.items()],
                                   ignore_conflicts=True, batch_size=_BATCH)
    rows = []
    for chunk in _chunks(list(keyed)):
        for row in QuoteDates.objects.filter(source_id__in={s for s, _ in chunk},
                                             quote_hash__in={h for _, h in chunk}).only("pk", "source_id",
                                                                                        "quote_hash"):
            moved = keyed.get((row.source_id, row.quote_hash))
            if moved is None:
                continue
            _, checked, seen = moved
            row.last_checked = _later("last_checked", checked)  # type: ignore[assignment]
            row.last_seen = _later("last_seen", seen) if seen else F("last_seen")  # type: ignore[assignment]
            rows.append(row)
    QuoteDates.objects.bulk_update(rows, ["last_checked", "last_seen"], batch_size=_BATCH)


def _later(column: str, moment: dt.datetime) -> Greatest:
    value = Value(moment, output_field=DateTimeField())
    return Greatest(Coalesce(F(column), value), value)


def _chunks(items: list[_T]) -> Iterable[list[_T]]:
    for start in range(0, len(items), _BATCH):
        yield items[start:start + _BATCH]


def dates_of(pairs: Iterable[Pair]) -> dict[Pair, tuple[dt.datetime | None, dt.datetime | None]]:
    """(source id, quote) -> (last found, last looked for) of these pairs that were ever looked for:
    one query (per 500 pairs) by the (source, quote) index, reading these pairs' rows alone. (Asked
    as every source by every quote, it read the rows of other pairs too, which exist once the
    monitor has checked them: a page's 19 pairs read 91 rows at 20,000 offerings.)"""
    wanted: dict[tuple[int, str], str] = {(sid, quote_key(q)): q for sid, q in pairs if q}
    out: dict[Pair, tuple[dt.datetime | None, dt.datetime | None]] = {}
    for chunk in _chunks(sorted(wanted)):
        rows = QuoteDates.objects.raw(_ASKED.format(rows=", ".join(["(%s, %s)"] * len(chunk))),
                                      [v for pair in chunk for v in pair])
        for row in rows:
            out[(row.source_id, wanted[(row.source_id, row.quote_hash)])] = (row.last_seen, row.last_checked)
    return out
