"""The bulk worker's side of the past days' data.json (``bulk.daystore``): record, check, fill.

What ``/data.json?as_of=DAY`` must equal is the replay (``registry.datajson.export_document(as_of=DAY)``),
and that reads two things: the revisions published before the day ended, and the registry's details
as they are *now* (the offerings listed today with today's names, parties and summaries, the
catalogue, the registry's name and licence: the :func:`frame`). A day's file is therefore exact
while both are what they were when it was read. Each file records them (the frame's SHA-256, and
the count and largest id of the revisions before the day's end), and :func:`refresh`, run after
every build, drops every file for which either moved (a later load that renamed an offering moves
the frame, a revision dated back into the day moves its count), then queues the replay of the
kept days that have no file. Which means, for the day's own file, which each build copies from the
data.json it built (the replay of today equals today's registry, ``tests/bulk/test_dayfill.py``):
the last build of a day stays that day's file exactly when no revision was published after it
that day and nothing in the frame changed since; otherwise the day is replayed in the background.

Both are read before the registry itself (as the build reads the public generation first): a change
landing meanwhile makes the recorded marks older than the text, so the file is dropped and
replayed, never kept wrongly.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from trustreg.bulk import daystore, store
from trustreg.registry import selectors
from trustreg.registry.datajson import export_document
from trustreg.registry.models import Dimension, DimensionGroup, Offering, Party, Revision

log = logging.getLogger(__name__)


def frame() -> str:
    """SHA-256 of what the replay of a past day reads from today's registry, besides revisions."""
    meta = selectors.registry_meta()
    parts = [
        [meta.name, meta.license, meta.disclaimer, meta.extra],
        list(DimensionGroup.objects.order_by("id").values_list()),
        list(Dimension.objects.order_by("id").values_list()),
        list(Party.objects.order_by("id").values_list("id", "name")),
        list(Offering.objects.order_by("id").values_list(
            "id", "name", "developer_id", "platform_id", "category", "model_family", "summary", "sort_order",
            "extra", "retired_at")),
    ]
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Marks:
    """The revisions by day: the (count, largest id) of those published before any day's end."""

    days: list[dt.date]  # days with revisions, oldest first
    totals: list[tuple[int, int]]  # cumulative (count, largest id) up to and including each

    @property
    def first_day(self) -> dt.date | None:
        return self.days[0] if self.days else None

    def before_end_of(self, day: dt.date) -> tuple[int, int]:
        i = bisect.bisect_right(self.days, day)
        return self.totals[i - 1] if i else (0, 0)


def marks() -> Marks:
    """One query (days in UTC, as ``as_of`` counts them)."""
    rows = (Revision.objects.annotate(day=TruncDate("published_at", tzinfo=dt.UTC)).order_by("day")
            .values("day").annotate(n=Count("id"), top=Max("id")).values_list("day", "n", "top"))
    days, totals, n, top = [], [], 0, 0
    for day, count, largest in rows:
        n, top = n + count, max(top, largest)
        days.append(day)
        totals.append((n, top))
    return Marks(days, totals)


@dataclass(frozen=True)
class Label:
    """What a reading of the registry was: taken before the reading."""

    frame: str
    marks: Marks
    registry_generation: int | None = None


def label(registry_generation: int | None = None) -> Label:
    return Label(frame(), marks(), registry_generation)


def _utc_today(now: dt.datetime) -> dt.date:
    return now.astimezone(dt.UTC).date()


def record_today(generation: store.Generation, name: str, lab: Label) -> None:
    """After a build: the day's file from the data.json just built, then :func:`refresh`. Call under
    ``store.build_lock``. Skipped (the day is replayed instead) when the build's day is not the UTC
    day ``as_of`` counts in (a ``TIME_ZONE`` other than UTC)."""
    now = timezone.now()
    index = _usable(daystore.read_index(), lab)
    day = generation.day
    if day == _utc_today(now) and lab.marks.first_day is not None and name in generation.files:
        _put(index, day, lambda: daystore.copy_twins(day, generation, name), lab, now)
    refresh(lab, index=index, now=now)


def _usable(index: daystore.Index | None, lab: Label) -> daystore.Index:
    index = index or daystore.Index()
    index.frame = lab.frame
    index.first_day = lab.marks.first_day
    return index


def _put(index: daystore.Index, day: dt.date, write: Callable[[], daystore.Written], lab: Label,
         now: dt.datetime) -> None:
    written = write()
    old = index.days.get(day)
    changed_at = old.last_modified if old is not None and old.sha256 == written.sha256 else now
    index.days[day] = daystore.DayFile(written.sha256, written.size, written.gzip_size, written.br_size, changed_at,
                                       lab.frame, lab.marks.before_end_of(day), lab.registry_generation)


def refresh(lab: Label, *, index: daystore.Index | None = None, now: dt.datetime | None = None) -> list[dt.date]:
    """Drop the files that no longer equal their day's replay (or are no longer kept), write the
    index, and return the kept days without a file, newest first. Call under ``store.build_lock``."""
    now = now or timezone.now()
    index = _usable(index if index is not None else daystore.read_index(), lab)
    today = _utc_today(now)
    first = index.first_day
    for day, f in list(index.days.items()):
        if (first is None or not daystore.is_kept(day, first, today) or f.frame != lab.frame
                or f.revisions != lab.marks.before_end_of(day)):
            del index.days[day]
    index.checked_at = now
    daystore.write_index(index)
    daystore.prune(index)
    return [d for d in daystore.kept(first, today) if d not in index.days] if first else []


def fill(day: dt.date) -> bool:
    """Replay ``day`` and keep its file, unless the registry moved meanwhile (then the next refresh
    asks again). The replay runs outside the build lock; only the index update takes it."""
    from trustreg.bulk.build import one_snapshot  # the build module records the day's file through this one

    with one_snapshot():
        lab = label()
        text = replay_text(day)
    with store.build_lock():
        index = daystore.read_index()
        if index is None or index.frame != lab.frame or lab.marks.first_day != index.first_day:
            return False
        _put(index, day, lambda: daystore.write_text(day, text), lab, timezone.now())
        daystore.write_index(index)
        daystore.prune(index)
    return True


def replay_text(day: dt.date) -> bytes:
    """The replay of ``day`` as ``/data.json?as_of=DAY`` answers it (and as the build writes data.json)."""
    return (json.dumps(export_document(as_of=day), indent=2, ensure_ascii=False) + "\n").encode()


def missing() -> list[dt.date]:
    """The kept days without a file, newest first, as the index last said (no query)."""
    index = daystore.read_index()
    if index is None or index.first_day is None:
        return []
    today = _utc_today(timezone.now())
    return [d for d in daystore.kept(index.first_day, today) if d not in index.days]


def fill_next() -> dt.date | None:
    """Replay the newest kept day without a file; the day, or None when none is missing or the
    registry moved meanwhile (the refresh after the build it queued asks again)."""
    for day in missing():
        if not fill(day):
            return None
        log.info("as_of files: %s written", day)
        return day
    return None
