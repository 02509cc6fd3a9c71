"""Build the bulk files (data.json, the CSV, the full dump) from one reading of the registry.

The parts above this one add their own registry-wide files (``settings.TRUSTREG_BULK_FILES`` names
functions returning :class:`ExtraFile` lists: the calendars, the fit presets' results), so that
they too are built once per change instead of on each request.

A commit that changes published state only queues a build (``bulk.tasks``, after the commit);
``trustreg bulk worker`` runs it (:func:`catch_up`), coalescing: the build reads the registry as it
is when it starts, and a build that finds the files already read at the current public generation
(and judged on today) does nothing. ``trustreg bulk build`` and the static mirror build now
(:func:`build`). Requests only ever serve the files (``trustreg.bulk.serving``): no request does
work that grows with the registry, and until a build is done the previous files are served.

Consistency: on PostgreSQL the whole build, and the public generation it records, read one
REPEATABLE READ snapshot. SQLite's transactions here take the write lock (IMMEDIATE), so the build
reads without one, after reading the generation: the files are at least as new as the generation
they record, and a change committed meanwhile queues a build of its own.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from trustreg.accounts.aftermath import public_generation
from trustreg.bulk import claim, csvfile, dayfill, dump, store
from trustreg.registry.datajson import export_document

log = logging.getLogger(__name__)

DATA_JSON = "data.json"
CSV = "registry.csv"
DUMP = "dump.jsonl"


@dataclass(frozen=True)
class ExtraFile:
    """A file a part above the bulk part builds with the bulk files (and serves from them)."""

    name: str
    content_type: str
    write: store.Writer
    url: str = ""  # where it is served as a file; empty for a part's own reading (fit results)


def extra_files() -> list[ExtraFile]:
    providers: list[Callable[[], list[ExtraFile]]] = [
        import_string(path) for path in getattr(settings, "TRUSTREG_BULK_FILES", ())]
    return [f for provide in providers for f in provide()]


@contextlib.contextmanager
def one_snapshot() -> Iterator[None]:
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def build() -> store.Generation:
    """Write the files now as the next generation (or keep the current one when nothing changed),
    waiting for a build in progress to finish first."""
    with store.build_lock():
        holder = claim.holder_id()
        claim.take(holder, wait=True)
        return _build_claimed(holder)


@dataclass(frozen=True)
class Outcome:
    state: str  # "built" (a new generation), "unchanged", "current" (nothing to do), "busy"
    generation: store.Generation | None


def behind(generation: store.Generation | None = None, *, registry_now: int | None = None) -> bool:
    """Are the files older than the registry's public generation (``registry_now``: as just read),
    or judged on another day?"""
    generation = generation or store.current()
    if registry_now is None:
        registry_now = public_generation().number
    return (generation is None or generation.registry_generation is None
            or generation.registry_generation < registry_now
            or generation.day != timezone.localdate())


def catch_up() -> Outcome:
    """The queued build: build when the files are behind, unless another build is writing now."""
    with store.build_lock(wait=False) as locked:
        if not locked:
            return Outcome("busy", store.current())
        before = store.current()
        if not behind(before):
            return Outcome("current", before)
        holder = claim.holder_id()
        if not claim.take(holder, wait=False):
            return Outcome("busy", before)
        after = _build_claimed(holder)
        return Outcome("unchanged" if before is not None and after.number == before.number else "built", after)


def after_build() -> None:
    """What the parts above this one compute after a build (``settings.TRUSTREG_AFTER_BULK_BUILD``:
    the health figures), run by the bulk worker and ``trustreg bulk build``; one that fails is logged
    and leaves the files as built (a request then computes what it needs itself)."""
    for path in getattr(settings, "TRUSTREG_AFTER_BULK_BUILD", ()):
        try:
            import_string(path)()
        except Exception:
            log.exception("bulk files: %s failed after the build", path)


def _build_claimed(holder: str) -> store.Generation:
    """Build holding the file lock and the claim; gives the claim back, recording how it went."""
    started = timezone.now()
    try:
        generation = _build()
    except BaseException as exc:
        claim.give_back(holder, started=started, outcome=f"failed: {type(exc).__name__}: {exc}",
                        registry_generation=None)
        raise
    claim.give_back(holder, started=started, outcome=f"generation {generation.number}",
                    registry_generation=generation.registry_generation)
    log.info("bulk files: generation %s (registry generation %s)", generation.number,
             generation.registry_generation)
    return generation


def _build() -> store.Generation:
    with one_snapshot():
        registry_generation = public_generation().number  # first: on PostgreSQL it fixes the snapshot
        # what the day's as_of file will be checked against, read before the registry (bulk.dayfill)
        day_label = dayfill.label(registry_generation)
        now = timezone.now()
        day = timezone.localdate(now)

        def write_data_json(fh: IO[str]) -> None:
            fh.write(json.dumps(export_document(generated=day), indent=2, ensure_ascii=False))
            fh.write("\n")

        extra = extra_files()
        generation = store.publish([
            (DATA_JSON, "application/json", write_data_json),
            (CSV, "text/csv; charset=utf-8", lambda fh: csvfile.write(fh, day)),
            (DUMP, "application/jsonl; charset=utf-8", lambda fh: dump.write(fh, day)),
            *((f.name, f.content_type, f.write) for f in extra),
        ], now=now, day=day, urls={f.name: f.url for f in extra}, registry_generation=registry_generation)
    try:
        dayfill.record_today(generation, DATA_JSON, day_label)
    except Exception:  # the files are published; the past days' answer 503 until the next build
        log.exception("bulk files: recording the day's as_of file failed")
    return generation
