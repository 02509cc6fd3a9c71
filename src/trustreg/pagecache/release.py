"""What renders a cached page besides the registry: the deployed code and templates, and the
hashed names collectstatic gave the static files.

A page is kept per public generation and day (``cache``), and a deploy moves neither, yet it can
change every page: a view or template edited, or the stylesheet collected under a new hashed name
(the page cached before links the old one, which ``collectstatic --clear`` deletes: the page is then
unstyled). So a page's key also names the release: a digest of the package's source and template
files, by content so that every host of one release agrees (and a client's ETag holds across them),
and of the static names this process links (the storage's manifest, read when the process starts).
Computed once per process: a deploy restarts the web processes.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.contrib.staticfiles.storage import staticfiles_storage

PACKAGE = Path(__file__).resolve().parents[1]
RENDERING = (".py", ".html")  # the views and templates; static files are named by the manifest


def sources_digest(root: Path) -> str:
    """A digest of the content of every view and template file under ``root``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in RENDERING and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\x00")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def release_key(sources: str, static_names: dict[str, str]) -> str:
    """A short name for a release: its sources' digest and the hashed name of each static file."""
    names = "\x00".join(f"{k}\x01{v}" for k, v in sorted(static_names.items()))
    return hashlib.sha256(f"{sources}\x00{names}".encode()).hexdigest()[:16]


@functools.cache
def fingerprint() -> str:
    """This process's release: its code and templates, and the static names its pages link."""
    manifest = getattr(staticfiles_storage, "hashed_files", None) or {}
    return release_key(sources_digest(PACKAGE), dict(manifest))
