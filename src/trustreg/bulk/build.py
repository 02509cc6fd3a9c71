"""Build the bulk files (data.json, the CSV, the full dump) from one reading of the registry.

The parts above this one add their own registry-wide files (``settings.TRUSTREG_BULK_FILES`` names
functions returning :class:`ExtraFile` lists: the calendars), so that they too are built once per
change instead of on each request.

Run after every commit that changes published state (``accounts.aftermath``; ``after_commit``
below is what settings name), by ``trustreg bulk build``, and by the static mirror. Requests only
ever serve the files (``trustreg.bulk.views``): no request does work that grows with the registry.

Consistency: on PostgreSQL the whole build reads one REPEATABLE READ snapshot. SQLite's
transactions here take the write lock (IMMEDIATE), so the build reads without one; a change
committed while a build runs triggers its own build, which starts after this one (``store``'s
lock) and reads the change, so the files are never behind a commit for longer than one build.
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

from trustreg.bulk import csvfile, dump, store
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
def _one_snapshot() -> Iterator[None]:
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def build() -> store.Generation:
    """Write the files as the next generation (or keep the current one when nothing changed)."""
    with store.build_lock(), _one_snapshot():
        now = timezone.now()
        day = timezone.localdate(now)

        def write_data_json(fh: IO[str]) -> None:
            fh.write(json.dumps(export_document(generated=day), indent=2, ensure_ascii=False))
            fh.write("\n")

        extra = extra_files()
        return store.publish([
            (DATA_JSON, "application/json", write_data_json),
            (CSV, "text/csv; charset=utf-8", lambda fh: csvfile.write(fh, day)),
            (DUMP, "application/jsonl; charset=utf-8", lambda fh: dump.write(fh, day)),
            *((f.name, f.content_type, f.write) for f in extra),
        ], now=now, day=day, urls={f.name: f.url for f in extra})


def after_commit() -> None:
    """Named in ``settings.TRUSTREG_AFTER_PUBLISH``: rebuild right after the commit, in the
    process that committed (``TRUSTREG_BULK_ON_COMMIT=0`` leaves it to ``trustreg bulk build``)."""
    if not settings.TRUSTREG_BULK_ON_COMMIT:
        return
    generation = build()
    log.info("bulk files: generation %s", generation.number)
