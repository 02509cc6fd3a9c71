"""The bulk worker's side of the past days' data.json (``bulk.daystore``): record, check, fill.

A past day's file shows what was true that day. Its grades come from the revisions published before
the day ended, its offerings' details from the details kept for that day (``registry.details``); the
rest around them (the parties' own names, the catalogue, the registry's name and licence) keep no
history, so whatever reads them (a build, a replay ``registry.datajson.export_document(as_of=DAY)``)
reads them as they are when it runs. Each file records both (the SHA-256 of the :func:`frame`, and
the count and largest id of the revisions before the day's end) and :func:`refresh`, run after
every build, keeps or drops it:

- the revisions before its day's end moved (a write after the day's last build that same day, or a
  revision dated back into it): dropped and replayed, since its grades are no longer that day's;
- only the details moved: kept when the file is *settled*, that is, its details were seen still in
  force after its day ended (a refresh after midnight found the same frame; the worker builds after
  every midnight; a replay is read after its day anyway), because the edit then belongs to a later
  day: a renamed offering or an edited summary leaves every past day as it was published, and
  answering, never 503. An unsettled file (the details moved and no refresh saw them between the
  file's reading and its day's end) may have missed an edit of its own day: dropped and replayed.

What is left approximate: a day replayed later (its file dropped for a revision, or never written)
shows a party's name or the catalogue as they are when it is replayed.

Both are read before the registry itself (as the build reads the public generation first): a change
landing meanwhile makes the recorded marks older than the text, so the file is dropped and
replayed, never kept wrongly.
"""

from __future__ import annotations

import bisect
import dataclasses
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
from trustreg.domain.history import end_of_day
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
    read_at: dt.datetime | None = None  # taken before the frame: the frame was in force then or later

    def settles(self, day: dt.date) -> bool:
        """Were the details read after ``day`` ended (so they were still that day's at its end)?"""
        return self.read_at is not None and end_of_day(day) <= self.read_at


def label(registry_generation: int | None = None) -> Label:
    read_at = timezone.now()
    return Label(frame(), marks(), registry_generation, read_at)


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
                                       lab.frame, lab.marks.before_end_of(day), lab.registry_generation,
                                       settled=lab.settles(day))


def refresh(lab: Label, *, index: daystore.Index | None = None, now: dt.datetime | None = None) -> list[dt.date]:
    """Drop the files that no longer show their day (or are no longer kept), settle those whose
    details outlived their day, write the index, and return the kept days without a file, newest
    first. Call under ``store.build_lock``."""
    now = now or timezone.now()
    index = _usable(index if index is not None else daystore.read_index(), lab)
    today = _utc_today(now)
    first = index.first_day
    for day, f in list(index.days.items()):
        if (first is None or not daystore.is_kept(day, first, today) or f.revisions != lab.marks.before_end_of(day)
                or (f.frame != lab.frame and not f.settled)):
            del index.days[day]
        elif not f.settled and lab.settles(day):  # f.frame == lab.frame, seen after the day ended
            index.days[day] = dataclasses.replace(f, settled=True)
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
