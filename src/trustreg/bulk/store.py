"""Where the bulk files live: one directory per generation, switched atomically.

``BULK_DIR/current`` is a symbolic link to ``g<N>/``, which holds every file of generation N, their
pre-compressed ``.gz`` and ``.br`` twins and ``manifest.json`` (size, SHA-256, ETag and Last-Modified of each).
A build writes a new generation beside the old one and then swaps the link with one ``rename``, so a
reader who resolved ``current`` once reads files and manifest of the same generation, never a
half-written file and never a mix of two builds. Builds take an exclusive lock on ``.lock`` for
their whole run (and the database claim of ``trustreg.bulk.claim``): a build that starts later
reads the database later, so generations only move forward. The manifest also records the
registry's public generation (``accounts.aftermath``) the files were read at, and when a build last
found them current (``checked_at``): a build that finds every file unchanged rewrites only that
(the manifest, atomically), so the files keep their generation, ETags and dates. The two newest generations are kept (a reader still streaming the previous one keeps its
open file; POSIX unlinks never cut it off).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import gzip
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import brotli
from django.conf import settings

from trustreg.domain.codings import BROTLI_QUALITY, BROTLI_WINDOW, GZIP_LEVEL

MANIFEST = "manifest.json"
KEEP_GENERATIONS = 2
CHUNK = 1 << 20


def bulk_dir() -> Path:
    return Path(settings.TRUSTREG_BULK_DIR)


@dataclass(frozen=True)
class FileEntry:
    name: str
    content_type: str
    size: int
    sha256: str
    gzip_size: int
    last_modified: dt.datetime  # when this file's content last changed
    url: str = ""  # where it is served, for files the parts above this one add (``build.extra_files``)
    br_size: int = 0  # of the brotli twin; 0: none (a generation written before there were any)

    @property
    def etag(self) -> str:
        return f'"{self.sha256[:32]}"'

    @property
    def gzip_etag(self) -> str:
        return f'"{self.sha256[:32]}-gz"'

    @property
    def br_etag(self) -> str:
        return f'"{self.sha256[:32]}-br"'

    def to_json(self) -> dict[str, Any]:
        doc = {"name": self.name, "content_type": self.content_type, "size": self.size, "sha256": self.sha256,
               "etag": self.etag, "gzip_size": self.gzip_size, "br_size": self.br_size,
               "last_modified": self.last_modified.isoformat()}
        return {**doc, "url": self.url} if self.url else doc

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> FileEntry:
        return cls(d["name"], d["content_type"], d["size"], d["sha256"], d["gzip_size"],
                   dt.datetime.fromisoformat(d["last_modified"]), d.get("url", ""), d.get("br_size", 0))


@dataclass(frozen=True)
class Generation:
    number: int
    built_at: dt.datetime
    day: dt.date  # the day expiry and evidence strength were judged on
    files: dict[str, FileEntry]
    path: Path
    registry_generation: int | None = None  # the public generation the files were read at
    checked_at: dt.datetime | None = None  # when a build last read the registry for these files

    def file(self, name: str) -> Path:
        return self.path / name

    def manifest(self) -> dict[str, Any]:
        checked = self.checked_at or self.built_at
        return {"generation": self.number, "built_at": self.built_at.isoformat(), "day": self.day.isoformat(),
                "registry_generation": self.registry_generation, "checked_at": checked.isoformat(),
                "files": [f.to_json() for f in self.files.values()]}


def current() -> Generation | None:
    """The generation ``current`` points at (None before the first build)."""
    link = bulk_dir() / "current"
    try:
        target = link.parent / os.readlink(link)
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None
    return Generation(
        number=manifest["generation"], built_at=dt.datetime.fromisoformat(manifest["built_at"]),
        day=dt.date.fromisoformat(manifest["day"]),
        files={f["name"]: FileEntry.from_json(f) for f in manifest["files"]}, path=target,
        registry_generation=manifest.get("registry_generation"),
        checked_at=dt.datetime.fromisoformat(manifest["checked_at"]) if manifest.get("checked_at") else None,
    )


def current_path(name: str) -> Path | None:
    """Where the current generation keeps the file ``name``, without reading its manifest (a page
    that reads one file of the generation; None before the first build)."""
    link = bulk_dir() / "current"
    try:
        target = link.parent / os.readlink(link)
    except OSError:  # no link yet (before the first build)
        return None
    return target / name


@contextlib.contextmanager
def build_lock(*, wait: bool = True) -> Iterator[bool]:
    """One build at a time on this machine; yields False at once when another holds it and not ``wait``."""
    root = bulk_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


Writer = Callable[[IO[str]], None]


def publish(files: list[tuple[str, str, Writer]], *, now: dt.datetime, day: dt.date,
            urls: dict[str, str] | None = None, registry_generation: int | None = None) -> Generation:
    """Write ``files`` (name, content type, writer of the text) as the next generation, unless every
    file is byte-identical to the current one (which has every twin); returns the generation now current. ``urls`` names
    where files other than the bulk part's own are served (kept in the manifest);
    ``registry_generation``, the public generation the files were read at. Call under
    :func:`build_lock`."""
    root = bulk_dir()
    root.mkdir(parents=True, exist_ok=True)
    before = current()
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        entries: dict[str, FileEntry] = {}
        for name, content_type, write in files:
            size, sha = _write_text(work / name, write)
            gz_size = _write_gzip(work / name, work / f"{name}.gz")
            br_size = _write_brotli(work / name, work / f"{name}.br")
            old = before.files.get(name) if before else None
            changed_at = old.last_modified if old is not None and old.sha256 == sha else now
            entries[name] = FileEntry(name, content_type, size, sha, gz_size, changed_at, (urls or {}).get(name, ""),
                                      br_size)
        if before is not None and all(e.br_size for e in before.files.values()) and {
            n: e.sha256 for n, e in entries.items()} == {n: e.sha256 for n, e in before.files.items()}:
            shutil.rmtree(work)
            checked = dataclasses.replace(before, registry_generation=registry_generation, checked_at=now, day=day)
            _replace_json(before.path / MANIFEST, checked.manifest())
            return checked
        number = (before.number if before else 0) + 1
        generation = Generation(number, now, day, entries, root / f"g{number:06d}", registry_generation, now)
        _write_json(work / MANIFEST, generation.manifest())
        os.replace(work, generation.path)
        _switch(root, generation.path.name)
        _prune(root, keep={generation.path.name, before.path.name if before else ""})
        return generation
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _write_text(path: Path, write: Writer) -> tuple[int, str]:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _write_gzip(src: Path, dest: Path) -> int:
    # mtime=0 and no file name: the same text always compresses to the same bytes.
    with open(src, "rb") as raw, open(dest, "wb") as out:
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=GZIP_LEVEL, mtime=0) as gz:
            shutil.copyfileobj(raw, gz, CHUNK)
        out.flush()
        os.fsync(out.fileno())
    return dest.stat().st_size


def _write_brotli(src: Path, dest: Path) -> int:
    # Brotli has no timestamp or name in its stream: the same text always compresses to the same bytes.
    compressor = brotli.Compressor(quality=BROTLI_QUALITY, lgwin=BROTLI_WINDOW)
    with open(src, "rb") as raw, open(dest, "wb") as out:
        while chunk := raw.read(CHUNK):
            out.write(compressor.process(chunk))
        out.write(compressor.finish())
        out.flush()
        os.fsync(out.fileno())
    return dest.stat().st_size


def _write_json(path: Path, data: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())


def _replace_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``path`` anew beside it, then rename it into place: a reader sees the old or the new."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    _write_json(tmp, data)
    os.replace(tmp, path)


def _switch(root: Path, name: str) -> None:
    tmp = root / f".current-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(name, tmp)
    os.replace(tmp, root / "current")


def _prune(root: Path, keep: set[str]) -> None:
    generations = sorted(p.name for p in root.glob("g[0-9]*") if p.is_dir())
    for name in generations[:-KEEP_GENERATIONS]:
        if name not in keep:
            shutil.rmtree(root / name, ignore_errors=True)
