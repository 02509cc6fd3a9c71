"""Where the cached pages live: Django's file-based cache, its limit counted in pages.

A page is kept as up to three files: its entry and its brotli and gzip twins (``cache.twin_key``,
``encoding.CODINGS``). The file cache counts files, so a limit given in pages is made a limit of
that many pages' files: the cache then culls (a random third of its files, Django's rule) only once
it holds more files than ``MAX_PAGES`` pages can make, never while it holds that many pages or fewer.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.filebased import FileBasedCache

from trustreg.pagecache.encoding import CODINGS

FILES_PER_PAGE = 1 + len(CODINGS)  # the entry and a twin per coding
DEFAULT_PAGES = 10_000


class PageFileCache(FileBasedCache):
    """``OPTIONS["MAX_PAGES"]``: how many pages to keep (``MAX_ENTRIES`` is derived from it)."""

    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self.max_pages = int(params.get("OPTIONS", {}).get("MAX_PAGES", DEFAULT_PAGES))
        self._max_entries = self.max_pages * FILES_PER_PAGE
