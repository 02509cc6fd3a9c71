"""Registry health figures from resolved cells: coverage, evidence age, and the statistics used.

Framework-free: the caller hands in resolved cells, the kept copies' texts and each cell's evidence
strength (the one rule for it is ``trustreg.domain.strength``), and gets the figures the /health/ page
and /api/v1/health publish.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from trustreg.domain.cells import CitationRole, ResolvedCell
from trustreg.domain.freshness import is_expired
from trustreg.domain.quotes import normalise
from trustreg.domain.strength import Strength


def median(values: list[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: list[float], p: int) -> float | None:
    """The nearest-rank ``p``th percentile: the smallest value with at least p% of values at or
    below it; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return float(ordered[rank - 1])


class QuoteFinder:
    """Whether a quote occurs in a kept copy, normalising each copy's text once."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = texts
        self._normalised: dict[str, str] = {}
        self._seen: dict[tuple[str, str], bool] = {}

    def found(self, quote: str, copy_id: str) -> bool:
        key = (quote, copy_id)
        if key not in self._seen:
            if copy_id not in self._texts:
                self._seen[key] = False
            else:
                if copy_id not in self._normalised:
                    self._normalised[copy_id] = normalise(self._texts[copy_id])
                needle = normalise(quote)
                self._seen[key] = bool(needle) and needle in self._normalised[copy_id]
        return self._seen[key]


def primary_quote_in_copy(cell: ResolvedCell, finder: QuoteFinder) -> bool:
    """A primary source (not a lead) backs the cell with a quote found in its kept copy."""
    return any(
        s.primary and s.role != CitationRole.LEAD and s.quote and s.copy and finder.found(s.quote, s.copy)
        for s in cell.sources
    )


@dataclass(frozen=True)
class CellFigures:
    cells: int  # offerings x questions
    graded: int
    primary_quote_in_copy: int
    secondary_only: int
    dated: int  # graded cells with a verified date
    median_age_days: float | None
    p90_age_days: float | None
    expired: int

    def share(self, count: int) -> float:
        return round(100 * count / self.cells, 1) if self.cells else 0.0


def cell_figures(
    cells: Iterable[ResolvedCell], today: dt.date, finder: QuoteFinder,
    strength: Callable[[ResolvedCell], Strength],
) -> CellFigures:
    total = graded = backed = secondary = expired = 0
    ages: list[float] = []
    for c in cells:
        total += 1
        if not c.is_graded or c.record is None:
            continue
        graded += 1
        backed += primary_quote_in_copy(c, finder)
        secondary += strength(c) == Strength.SECONDARY
        verified = c.record.verified
        if verified is not None:
            ages.append(float((today - verified).days))
            expired += is_expired(verified, c.dimension.freshness_days, today)
    return CellFigures(total, graded, backed, secondary, len(ages), median(ages), percentile(ages, 90), expired)


def month_ends(start: dt.date, today: dt.date, count: int) -> list[dt.date]:
    """The last day of each of the ``count`` months before today's, from ``start`` on, then today."""
    days = []
    first_of_month = today.replace(day=1)
    for _ in range(count):
        end = first_of_month - dt.timedelta(days=1)
        if end < start:
            break
        days.append(end)
        first_of_month = end.replace(day=1)
    return [*reversed(days), today]
