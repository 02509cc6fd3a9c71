"""Each offering's fit inputs on every core question in one narrow row (``FitVector``), written
beside the stored grades.

``resolved_grades_refresh`` hands each chunk of offerings' rows as just resolved (every core
question) to ``fit_vectors_write``, after their fit inputs are kept (``registry.fitinputs``), in
the same transaction; only rows that differ are rewritten. Slot ``k`` holds the catalogue's ``k``-th
core question (``slots``): the id of its ``FitInput`` and the first day its evidence is weak
(``domain.fitkeys.weak_from``). The fit check of a custom profile reads this table alone, once
(``buyers.fitflat``). The catalogue changes only with a load, which refreshes every offering.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from trustreg.dbinsert import values_insert
from trustreg.domain.catalogue import Catalogue
from trustreg.domain.fitkeys import weak_from
from trustreg.registry.models import FIT_SLOTS, FitInput, FitVector, Offering

PER_QUERY = 500
COLUMNS = ("listed", "sort_order", *(f"i{k}" for k in range(FIT_SLOTS)), *(f"w{k}" for k in range(FIT_SLOTS)))
Row = tuple[Any, ...]  # a stored grade's values, in ``registry.resolved.STORED`` order


def slots(cat: Catalogue) -> dict[str, int]:
    """The slot of each core question a vector holds: the first ``FIT_SLOTS``, in catalogue order
    (a question past them is checked from the stored grades instead, ``buyers.fitpage``)."""
    return {d.id: k for k, d in enumerate(cat.dimensions[:FIT_SLOTS])}


def fit_vectors_write(offerings: Sequence[Offering], cat: Catalogue, rows: Mapping[tuple[str, str], Row],
                      stored: Sequence[str]) -> int:
    """Make these offerings' vectors hold ``rows`` (their stored grades' values by (offering,
    question), fields named by ``stored``); rows rewritten. Their fit inputs must be kept already."""
    at_key, at_strength, at_expires = stored.index("fit_key"), stored.index("strength"), stored.index("expires_on")
    keys = sorted({row[at_key] for row in rows.values()})
    ids: dict[str, int] = {}
    for i in range(0, len(keys), PER_QUERY):
        ids.update(FitInput.objects.filter(key__in=keys[i:i + PER_QUERY]).values_list("key", "id"))
    where = slots(cat)
    desired: dict[str, tuple[Any, ...]] = {}
    for o in offerings:
        inputs: list[Any] = [None] * FIT_SLOTS
        weak: list[Any] = [None] * FIT_SLOTS
        for dimension_id, k in where.items():
            row = rows.get((o.id, dimension_id))
            if row is not None:
                inputs[k] = ids[row[at_key]]
                weak[k] = weak_from(row[at_strength], row[at_expires])
        desired[o.id] = (o.retired_at is None, o.sort_order, *inputs, *weak)
    stale = []
    for offering_id, *values in FitVector.objects.filter(offering_id__in=list(desired)).values_list(
            "offering_id", *COLUMNS):
        if desired.get(offering_id) == tuple(values):
            del desired[offering_id]
        else:
            stale.append(offering_id)
    for i in range(0, len(stale), PER_QUERY):
        FitVector.objects.filter(offering_id__in=stale[i:i + PER_QUERY]).delete()
    return values_insert(FitVector, ("offering_id", *COLUMNS), [(oid, *v) for oid, v in desired.items()])
