"""Offerings' details through time: the name, parties, category, model family, summary, order, extra
keys and retirement an offering had at the end of a past day.

Today's details are the ``Offering`` row. Each change a load makes to them keeps the details it
replaces as an ``OfferingDetailsSpan`` (``details_keep``, in the load's transaction, stamped with the
load's instant like its revisions), so the details valid at a cut ``c`` are those of the offering's
span with ``since < c <= until``, or the row itself when none is. Spans of one offering follow each
other without gap or overlap; a state that lasted no time at all (two changes in one instant) is
not kept, as no cut ever saw it. A database older than the spans knows one state: its rows.

Reads: ``then`` annotates a query of offerings with their details at the end of a day (one join,
what the index filters and sorts on), ``listed_then`` keeps those listed then (not retired then),
and ``shown`` gives offerings as a page shows them on that day (one query, whatever the history).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Case, F, FilteredRelation, Max, Q, QuerySet, When
from django.db.models.functions import Coalesce

from trustreg.domain.history import end_of_day
from trustreg.registry.models import Offering, OfferingDetailsSpan

# The columns of an offering that are its details (what a span keeps), as ``values()`` names them.
DETAILS = ("name", "developer_id", "platform_id", "category", "model_family", "summary", "sort_order", "extra",
           "retired_at")
Details = dict[str, Any]
# Above this many offerings, ``shown`` reads every span valid on the day instead of naming the ids.
NAMED_IDS = 500


def details_now() -> dict[str, Details]:
    """Every offering's details as its row holds them, by id: one query."""
    return {row.pop("id"): row for row in Offering.objects.order_by().values("id", *DETAILS)}


def details_keep(before: Mapping[str, Details], at: dt.datetime) -> int:
    """Keep, as spans ending at ``at``, the details of every offering of ``before`` (its details
    read before the change) whose row now differs; runs in the caller's transaction. Spans written."""
    now = details_now()
    changed = sorted(oid for oid, was in before.items() if oid in now and now[oid] != was)
    if not changed:
        return 0
    last: dict[str, dt.datetime] = {}
    for i in range(0, len(changed), NAMED_IDS):
        last.update(OfferingDetailsSpan.objects.filter(offering_id__in=changed[i:i + NAMED_IDS]).order_by()
                    .values_list("offering_id").annotate(last=Max("until")).values_list("offering_id", "last"))
    spans = [OfferingDetailsSpan(offering_id=oid, since=last.get(oid), until=at, **before[oid])
             for oid in changed if oid not in last or last[oid] < at]
    OfferingDetailsSpan.objects.bulk_create(spans, batch_size=NAMED_IDS)
    return len(spans)


def moved_since(day: dt.date) -> bool:
    """Whether any offering's details changed after ``day`` ended (one query): when none did, every
    offering's details then are its row's, and a past page reads the rows (and their indexes)."""
    return OfferingDetailsSpan.objects.filter(until__gte=end_of_day(day)).exists()


def _valid(day: dt.date, prefix: str = "") -> Q:
    cut = end_of_day(day)
    return ((Q(**{f"{prefix}since__lt": cut}) | Q(**{f"{prefix}since__isnull": True}))
            & Q(**{f"{prefix}until__gte": cut}))


# What ``then`` annotates: ``then_<column>``, the detail valid at the end of the day.
THEN = ("name", "developer_id", "platform_id", "category", "model_family", "sort_order", "retired_at")
ORDER: str = "then_sort_order"  # registry order on a past day: ``order_by(ORDER, "id")``


def then(offerings: QuerySet[Offering], day: dt.date) -> QuerySet[Offering]:
    """``offerings`` with ``then_<column>`` (``THEN``) annotated: their details at the end of ``day``,
    a span's or the row's own (one LEFT JOIN, on the spans' (offering, until) index)."""
    qs = offerings.annotate(past=FilteredRelation("details_spans", condition=_valid(day, "details_spans__")))
    found = Q(past__until__isnull=False)  # ``until`` is never NULL on a span: NULL is no span
    return qs.annotate(**{f"then_{c}": Case(When(found, then=F(f"past__{c}")), default=F(c)) for c in THEN})


def with_party_names(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    """A query from ``then`` with ``then_developer_name`` and ``then_platform_name`` too (the names
    of the parties it named then, as the parties are named today)."""
    return offerings.annotate(then_developer_name=Coalesce("past__developer__name", "developer__name"),
                              then_platform_name=Coalesce("past__platform__name", "platform__name"))


def listed_then(day: dt.date, offerings: QuerySet[Offering] | None = None) -> QuerySet[Offering]:
    """The offerings (all when None) listed at the end of ``day``, not retired then, with ``then``'s
    annotations; whether they were in the registry yet is ``resolved_spans.existed_on``'s to say."""
    return then(Offering.objects.all() if offerings is None else offerings, day).filter(**{"then_retired_at__isnull": True})


def shown(offerings: Iterable[Offering], day: dt.date) -> list[Offering]:
    """``offerings`` as they were at the end of ``day``: copies carrying the details then (their
    parties included), in the same order; one query, two with the parties."""
    rows = list(offerings)
    if not rows:
        return rows
    spans = OfferingDetailsSpan.objects.filter(_valid(day)).select_related("developer", "platform")
    if len(rows) <= NAMED_IDS:
        spans = spans.filter(offering_id__in=[o.id for o in rows])
    found = {s.offering_id: s for s in spans}
    out = []
    for o in rows:
        s = found.get(o.id)
        if s is not None:
            o = copy.copy(o)
            for column in DETAILS:
                if column not in ("developer_id", "platform_id"):
                    setattr(o, column, getattr(s, column))
            o.developer, o.platform = s.developer, s.platform
        out.append(o)
    return out
