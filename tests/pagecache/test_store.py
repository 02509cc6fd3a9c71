"""The page cache's limit counts pages, each with its compressed twins (``trustreg.pagecache.store``)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches

from trustreg.pagecache import cache, encoding
from trustreg.pagecache.store import FILES_PER_PAGE, PageFileCache


def keep_page(store: PageFileCache, n: int) -> str:
    """A page's entry and a twin per coding, as the cache keeps them."""
    key = f"page:{n}"
    store.set(key, b"page", timeout=None)
    for coding in encoding.CODINGS:
        store.set(cache.twin_key(key, coding), b"twin", timeout=None)
    return key


def test_as_many_pages_as_the_limit_are_kept_with_every_twin(tmp_path):
    store = PageFileCache(str(tmp_path), {"OPTIONS": {"MAX_PAGES": 4}})
    keys = [keep_page(store, n) for n in range(4)]
    assert all(store.get(k) == b"page" and all(store.get(cache.twin_key(k, c)) == b"twin"
                                                for c in encoding.CODINGS) for k in keys)


def test_one_page_beyond_the_limit_culls_a_third_of_the_files(tmp_path):
    store = PageFileCache(str(tmp_path), {"OPTIONS": {"MAX_PAGES": 4}})
    for n in range(5):
        keep_page(store, n)
    kept = len(store._list_cache_files())
    assert kept < 5 * FILES_PER_PAGE


def test_a_page_counts_its_entry_and_a_twin_per_coding():
    assert FILES_PER_PAGE == 1 + len(encoding.CODINGS) == 3


def test_the_sites_page_cache_holds_ten_thousand_pages_by_default():
    store = caches[cache.CACHE]
    assert isinstance(store, PageFileCache)
    assert settings.CACHES[cache.CACHE]["OPTIONS"]["MAX_PAGES"] == store.max_pages == 10_000
    assert store._max_entries == 30_000


@pytest.mark.django_db
def test_a_page_asked_in_every_coding_is_kept_as_the_files_one_page_counts(loaded, client):  # noqa: ANN001
    for accept in ("br", "gzip", ""):
        assert client.get("/offerings/azure-openai/", HTTP_ACCEPT_ENCODING=accept).status_code == 200
    assert len(caches[cache.CACHE]._list_cache_files()) == FILES_PER_PAGE
