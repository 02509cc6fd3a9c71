"""Registry health: the one computation behind the /health/ page and /api/v1/health.

A fixed number of queries whatever the size of the registry: the current cells, the kept copies,
flags, corrections and monitor attempts in aggregate, and one replay of the revisions per point of
history (at most ``HISTORY_MONTHS`` month ends, plus today). The bulk worker computes them after
each build (:func:`health_warm`, named in ``settings.TRUSTREG_AFTER_BULK_BUILD``) into the host's
shared cache, so a visitor after a published change reads them; a request computes them only when
something the build does not follow changed since (a flag, a correction, a monitor attempt).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import BaseCache, caches
from django.db.models import Count, Max, Q, Subquery
from django.utils import timezone

from trustreg.accounts import aftermath
from trustreg.accounts.models import PublicGeneration
from trustreg.domain.health import CellFigures, QuoteFinder, cell_figures, median, month_ends
from trustreg.domain.history import end_of_day
from trustreg.domain.strength import cell_strength
from trustreg.evidence.models import FetchAttempt
from trustreg.evidence.selectors import bundled_copies, quote_states
from trustreg.flags.models import Flag
from trustreg.pagecache.cache import CACHE as SHARED_CACHE
from trustreg.registry import history
from trustreg.registry.models import Revision
from trustreg.registry.selectors import all_cells, catalogue, cells_at, listed_offerings, resolve_offering
from trustreg.workbench.models import Correction

HISTORY_MONTHS = 12
MONITOR_WINDOW_DAYS = 30
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class HealthPoint:
    day: dt.date
    figures: CellFigures
    open_flags: int


@dataclass(frozen=True)
class Health:
    today: dt.date
    figures: CellFigures
    open_flags: dict[str, int]  # kind -> count, only kinds with open flags
    corrections_decided: int
    correction_turnaround_days: float | None  # median, submission to decision
    monitor_since: dt.datetime
    monitor_outcomes: dict[str, int]  # outcome -> attempts in the window
    history: list[HealthPoint]

    @property
    def open_flags_total(self) -> int:
        return sum(self.open_flags.values())


# What the health figures read besides what the public generation stands for (cells, revisions, kept
# copies, quote checks: every change to them bumps it): the newest of each, by its index.
LATEST = ((Flag, "created_at"), (Flag, "decided_at"), (Correction, "created_at"), (Correction, "triaged_at"),
          (FetchAttempt, "started_at"))


def data_version(now: dt.datetime | None = None) -> tuple[dt.datetime, str]:
    """When anything the public documents read last changed (or the start of today in UTC when
    later: expiry and the 30-day windows move with the day), and a key that changes with it: one
    query, whatever the size of the registry (the public generation, which every published change
    bumps, deletions included, and the newest flag, correction and monitor attempt, each read by
    its index; flags, corrections and attempts are never deleted and their dates only move forward)."""
    now = now or timezone.now()
    latest = {f"{model._meta.model_name}_{field}": Subquery(
        model.objects.filter(**{f"{field}__isnull": False}).order_by(f"-{field}").values(field)[:1])
        for model, field in LATEST}
    row = (PublicGeneration.objects.filter(pk=aftermath.ROW).annotate(**latest)
           .values_list("number", "token", "changed_at", *latest).first())
    if row is None:  # no generation row yet (a flushed database): the stamps alone
        row = (0, "", None, *(model.objects.aggregate(x=Max(field))["x"] for model, field in LATEST))
    number, token, *stamps = row
    start_of_today = dt.datetime.combine(now.date(), dt.time.min, tzinfo=dt.UTC)
    changed = min(now, max([start_of_today, *(s for s in stamps if s is not None)]))
    state = f"{number}.{token}/" + "-".join(s.isoformat() if s is not None else "" for s in stamps)
    return changed, f"{changed.isoformat()}/{hashlib.sha256(state.encode()).hexdigest()[:32]}"


def _cache() -> BaseCache:
    """The pages' cache: file-based, shared by the web processes and the bulk worker of the host."""
    return caches[SHARED_CACHE]


def registry_health(now: dt.datetime | None = None) -> Health:
    """The figures, computed once per change of the data (or of the day) and then kept in the cache:
    the history replays up to a year of revisions, seconds of work on a large registry."""
    now = now or timezone.now()
    key = f"trustreg:health:{now.date().isoformat()}:{data_version(now)[1]}"
    found = _cache().get(key)
    if found is None:
        found = _compute(now)
        _cache().set(key, found, CACHE_SECONDS)
    return found


def health_warm() -> None:
    """After a bulk build (``settings.TRUSTREG_AFTER_BULK_BUILD``): the figures of the data as it is now,
    computed unless the cache holds them already, so the next request only reads them."""
    registry_health()


def _compute(now: dt.datetime) -> Health:
    today = now.date()
    cat = catalogue()
    offerings = list(listed_offerings().order_by("sort_order", "id"))
    copies = bundled_copies()
    finder = QuoteFinder({c.id: c.text for c in copies})
    quotes = quote_states()

    def figures(split: history.Split, day: dt.date, existing: list) -> CellFigures:  # type: ignore[type-arg]
        cells = (c for o in existing for c in resolve_offering(o, cat, *split))
        return cell_figures(cells, day, finder, lambda c: cell_strength(c, quotes, day).strength)

    current = figures(all_cells(), today, offerings)
    points = []
    start = history.history_start()
    if start is not None:
        # A past month's point depends only on the revisions up to its end, the listed offerings and
        # the kept copies: it stays in the cache until one of those changes.
        listed = hashlib.sha256(repr(([o.id for o in offerings], [c.sha256 for c in copies], sorted(quotes.items()))).encode())
        for day in month_ends(start.date(), today, HISTORY_MONTHS)[:-1]:
            upto = Revision.objects.filter(published_at__lt=end_of_day(day)).aggregate(n=Count("pk"), last=Max("pk"))
            key = f"trustreg:health:point:{day.isoformat()}:{upto['n']}:{upto['last']}:{listed.hexdigest()}"
            point = _cache().get(key)
            if point is None:
                at = cells_at(offerings, day)
                point = HealthPoint(day, figures(at.split, day, at.offerings), _open_flags_at(day))
                _cache().set(key, point, CACHE_SECONDS)
            points.append(point)
    open_flags = dict(
        Flag.objects.filter(status=Flag.Status.OPEN).order_by("kind").values_list("kind")
        .annotate(n=Count("id")).values_list("kind", "n")
    )
    points.append(HealthPoint(today, current, sum(open_flags.values())))
    decided = Correction.objects.exclude(status=Correction.Status.RECEIVED).filter(triaged_at__isnull=False)
    turnaround = [(t - c).total_seconds() / 86400 for c, t in decided.values_list("created_at", "triaged_at") if t]
    # Whole days, so the figures (and the API's ETag) hold still through a day without new attempts.
    since = dt.datetime.combine(today - dt.timedelta(days=MONITOR_WINDOW_DAYS), dt.time.min, tzinfo=dt.UTC)
    outcomes = dict(
        FetchAttempt.objects.filter(started_at__gte=since).order_by("outcome").values_list("outcome")
        .annotate(n=Count("id")).values_list("outcome", "n")
    )
    middle = median(turnaround)
    return Health(
        today=today, figures=current, open_flags=open_flags, corrections_decided=len(turnaround),
        correction_turnaround_days=None if middle is None else round(middle, 1),
        monitor_since=since, monitor_outcomes=outcomes, history=points,
    )


def health_shares(f: CellFigures) -> dict[str, float]:
    """The counted cells as percentages of all cells (one decimal)."""
    return {k: f.share(getattr(f, k)) for k in ("graded", "primary_quote_in_copy", "secondary_only", "expired")}


def _open_flags_at(day: dt.date) -> int:
    """Flags raised before the end of ``day`` and not decided by then."""
    end = end_of_day(day)
    return Flag.objects.filter(Q(created_at__lt=end) & (Q(decided_at__isnull=True) | Q(decided_at__gte=end))).count()
