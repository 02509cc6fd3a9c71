"""The data.json of past days, kept as compressed files: ``/data.json?as_of=DAY`` served, never replayed.

``BULK_DIR/asof/`` holds, per kept day, ``DAY.json.br`` and ``DAY.json.gz`` (the plain text is not
kept: a client that takes neither encoding gets the gzip twin decompressed as it is sent) and one
``index.json`` saying which days have an exact file and what each was read at. Only the bulk worker
writes here (``bulk.dayfill``): each build records the day's file from the data.json it just built,
and a background job replays the kept days that have none. A request reads the index (re-read only
when the file changed: one ``stat`` per request) and answers from the files, whatever the size of
the registry; a kept day without its file yet answers 503, never a replay.

Which days are kept (the retention policy, :func:`kept`): the registry's first day, the last day of
every month since, and every one of the last ``TRUSTREG_ASOF_DAILY_DAYS`` days (default 31). Another
past day is answered by a redirect to the nearest kept day before it. Files are written beside their
place and renamed into it, the index last, so a reader sees an old file or a new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import shutil
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from trustreg.bulk import store
from trustreg.domain import codings

INDEX = "index.json"
FORMAT = 1  # of the index; an index of another format is read as empty (the worker rewrites every day)


def day_dir() -> Path:
    return store.bulk_dir() / "asof"


def daily_days() -> int:
    return int(getattr(settings, "TRUSTREG_ASOF_DAILY_DAYS", 31))


@dataclass(frozen=True)
class DayFile:
    """One kept day's file: what a request needs to answer it, and what it was read at."""

    sha256: str  # of the plain text: the strong ETags of the three representations derive from it
    size: int
    gzip_size: int
    br_size: int
    last_modified: dt.datetime  # when this day's text last changed
    frame: str  # bulk.dayfill.frame(): the offering details (names, summaries, ...) it was read with
    revisions: tuple[int, int]  # (count, largest id) of the revisions published before the day ended
    registry_generation: int | None = None
    # Its details were seen still in force after its day ended: a later edit to them belongs to a
    # later day, so it keeps this file (bulk.dayfill.refresh).
    settled: bool = False

    def entry(self, day: dt.date) -> store.FileEntry:
        """As a bulk file's entry: the same ETags for the same bytes as ``/data.json``'s."""
        return store.FileEntry(f"{day.isoformat()}.json", "application/json", self.size, self.sha256,
                               self.gzip_size, self.last_modified, br_size=self.br_size)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "last_modified": self.last_modified.isoformat(), "revisions": list(self.revisions)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> DayFile:
        return cls(d["sha256"], d["size"], d["gzip_size"], d["br_size"], dt.datetime.fromisoformat(d["last_modified"]),
                   d["frame"], (int(d["revisions"][0]), int(d["revisions"][1])), d.get("registry_generation"),
                   bool(d.get("settled", False)))


@dataclass
class Index:
    first_day: dt.date | None = None  # the registry's first day (its first revision); None: no history
    frame: str = ""  # the frame the worker last checked the files against
    checked_at: dt.datetime | None = None
    days: dict[dt.date, DayFile] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "first_day": self.first_day.isoformat() if self.first_day else None,
                "frame": self.frame, "checked_at": self.checked_at.isoformat() if self.checked_at else None,
                "days": {d.isoformat(): f.to_json() for d, f in sorted(self.days.items())}}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Index:
        if d.get("format") != FORMAT:
            return cls()
        return cls(dt.date.fromisoformat(d["first_day"]) if d.get("first_day") else None, d.get("frame", ""),
                   dt.datetime.fromisoformat(d["checked_at"]) if d.get("checked_at") else None,
                   {dt.date.fromisoformat(k): DayFile.from_json(v) for k, v in d.get("days", {}).items()})


def read_index() -> Index | None:
    """The index as the worker last wrote it (None before it first did)."""
    try:
        return Index.from_json(json.loads((day_dir() / INDEX).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None


class _Cached:
    """The index parsed once per change of its file: a request costs one ``stat``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: tuple[tuple[str, int, int, int], Index] | None = None

    def get(self) -> Index | None:
        path = day_dir() / INDEX
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        key = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
        seen = self._seen
        if seen is not None and seen[0] == key:
            return seen[1]
        with self._lock:
            index = read_index()
            if index is not None:
                self._seen = (key, index)
            return index


cached_index = _Cached()


def write_index(index: Index) -> None:
    root = day_dir()
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{INDEX}.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(json.dumps(index.to_json(), indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, root / INDEX)


def path(day: dt.date, sha256: str, twin: str) -> Path:
    """``twin``: "gz" or "br". Named by content, so a new text for a day never replaces the bytes of
    the one a reader's index still names; the files no index names are removed after the index moves."""
    return day_dir() / f"{day.isoformat()}-{sha256[:16]}.json.{twin}"


@dataclass(frozen=True)
class Written:
    sha256: str
    size: int
    gzip_size: int
    br_size: int


def write_text(day: dt.date, text: bytes) -> Written:
    """Compress ``text`` (the day's data.json) into the day's two files."""
    root = day_dir()
    root.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(text).hexdigest()
    tag = f"{os.getpid()}.{threading.get_ident()}"
    gz_tmp, br_tmp = root / f".{day}.gz.{tag}", root / f".{day}.br.{tag}"
    # mtime=0 and no name: the same text always makes the same bytes (as the bulk files' twins)
    with open(gz_tmp, "wb") as out, gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=store.GZIP_LEVEL, mtime=0) as gz:
        gz.write(text)
    br_tmp.write_bytes(codings.compress(text, "br"))
    os.replace(gz_tmp, path(day, sha, "gz"))
    os.replace(br_tmp, path(day, sha, "br"))
    return Written(sha, len(text), path(day, sha, "gz").stat().st_size, path(day, sha, "br").stat().st_size)


def copy_twins(day: dt.date, generation: store.Generation, name: str) -> Written:
    """The day's files as copies of a built generation's twins of ``name`` (no compressing again)."""
    root = day_dir()
    root.mkdir(parents=True, exist_ok=True)
    entry = generation.files[name]
    for twin in ("gz", "br"):
        tmp = root / f".{day}.{twin}.{os.getpid()}.{threading.get_ident()}"
        shutil.copyfile(generation.file(f"{name}.{twin}"), tmp)
        os.replace(tmp, path(day, entry.sha256, twin))
    return Written(entry.sha256, entry.size, entry.gzip_size, entry.br_size)


def prune(index: Index) -> int:
    """Remove the files ``index`` does not name (call after writing it); returns the bytes freed."""
    named = {path(day, f.sha256, twin).name for day, f in index.days.items() for twin in ("gz", "br")}
    freed = 0
    for p in day_dir().glob("*.json.*"):
        if p.name not in named:
            freed += p.stat().st_size
            p.unlink(missing_ok=True)
    return freed


def disk_bytes(index: Index) -> int:
    return sum(f.gzip_size + f.br_size for f in index.days.values())


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def is_kept(day: dt.date, first_day: dt.date, today: dt.date) -> bool:
    """Is ``day`` one of the days whose file is kept (first day, month ends, the last days)?"""
    if day < first_day or day > today:
        return False
    return day == first_day or _month_end(day) or (today - day).days < daily_days()


def kept(first_day: dt.date, today: dt.date) -> list[dt.date]:
    """Every kept day, newest first (the order the worker fills them in)."""
    recent = [today - dt.timedelta(days=n) for n in range(daily_days())]
    days = {d for d in recent if d >= first_day} | {first_day}
    month = dt.date(first_day.year, first_day.month, 1)
    while month <= today:
        nxt = (month + dt.timedelta(days=32)).replace(day=1)
        end = nxt - dt.timedelta(days=1)
        if first_day <= end < today:
            days.add(end)
        month = nxt
    return sorted(days, reverse=True)


def nearest_kept(day: dt.date, first_day: dt.date, today: dt.date) -> dt.date:
    """The kept day nearest before ``day`` (a day between the first day and today that is not kept):
    the end of the previous month, or the first day, whichever is later."""
    previous_month_end = day.replace(day=1) - dt.timedelta(days=1)
    return max(previous_month_end, first_day)
