"""The presets' fit results, built with the bulk files and shown by /fit/?preset=ID."""

from __future__ import annotations

import re
import shutil

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from trustreg.bulk import store
from trustreg.bulk.build import build
from trustreg.buyers import files, fitpage
from trustreg.buyers.pagepack import read_page, write_pages

pytestmark = pytest.mark.django_db


def _page(client: Client, url: str) -> str:
    return re.sub(r'nonce="[^"]*"', "", client.get(url).content.decode())


def test_a_preset_page_shows_the_results_built_on_write_as_the_page_would_compute_them(client: Client, built):
    assert files.built_results("phi-hipaa") is not None
    with CaptureQueriesContext(connection) as ctx:
        from_file = _page(client, "/fit/?preset=phi-hipaa")
    # the catalogue (groups, questions) for the form; no offering, cell or grade is read
    assert not [q["sql"] for q in ctx.captured_queries if re.search(r"registry_(offering|cell|resolvedgrade)", q["sql"])]
    assert 'class="fit-card' in from_file
    shutil.rmtree(settings.TRUSTREG_BULK_DIR)  # not built: computed on the request, as before
    assert store.current() is None
    assert _page(client, "/fit/?preset=phi-hipaa") == from_file


def test_only_a_preset_asked_alone_today_reads_the_built_results(client: Client, built):
    path = store.current().file(files.preset_file("phi-hipaa"))
    marked = read_page(path, 1).replace("</h2>", " (from the file)</h2>", 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        write_pages(fh, [marked])
    assert "(from the file)" in client.get("/fit/?preset=phi-hipaa").content.decode()
    assert "(from the file)" in client.get("/fit/?preset=phi-hipaa&page=1").content.decode()
    for other in ("/fit/?preset=phi-hipaa&as_of=2026-07-05", "/fit/?preset=phi-hipaa&utm=x", "/fit/?r_hipaa_baa=any"):
        assert "(from the file)" not in client.get(other).content.decode(), other


def test_a_preset_is_built_in_pages_each_as_the_page_computes_it(client: Client, loaded, monkeypatch):
    monkeypatch.setattr(fitpage, "PER_PAGE", 5)  # the bundled registry's 18 offerings in 4 pages
    build()
    path = store.current().file(files.preset_file("phi-hipaa"))
    assert [read_page(path, n) is not None for n in range(1, 6)] == [True] * 4 + [False]
    urls = ["/fit/?preset=phi-hipaa"] + [f"/fit/?preset=phi-hipaa&page={n}" for n in range(2, 5)]
    from_files = [_page(client, url) for url in urls]
    past_the_end = _page(client, "/fit/?preset=phi-hipaa&page=9")
    assert 'href="?preset=phi-hipaa&amp;page=2" rel="next"' in from_files[0]
    assert 'href="?preset=phi-hipaa&amp;page=3" rel="prev"' in from_files[3]
    # the allow list has pages of its own size: its link names the profile, not this page
    assert 'href="/fit/allow-list.json?preset=phi-hipaa">' in from_files[3]
    shutil.rmtree(settings.TRUSTREG_BULK_DIR)  # not built: each page computed on the request
    assert [_page(client, url) for url in urls] == from_files
    # a page past the last reads as the last, built or not (its permalink keeps the page asked)
    assert "page 4 of 4" in past_the_end
    assert past_the_end.replace("page=9", "page=4") == from_files[3]
    assert _page(client, "/fit/?preset=phi-hipaa&page=9") == past_the_end


def test_a_preset_page_reads_one_page_of_the_built_file_not_the_whole(client: Client, loaded, monkeypatch):
    monkeypatch.setattr(fitpage, "PER_PAGE", 5)
    build()
    size = store.current().file(files.preset_file("phi-hipaa")).stat().st_size
    read: list[int] = []
    real_open = open

    def counting_open(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN202
        fh = real_open(file, mode, *args, **kwargs)
        if str(file).endswith(".pages"):
            real_read = fh.read
            fh.read = lambda n=-1: (read.append(n), real_read(n))[1]  # type: ignore[method-assign]
        return fh

    monkeypatch.setattr("builtins.open", counting_open)
    assert client.get("/fit/?preset=phi-hipaa&page=3").status_code == 200
    assert read and all(0 <= n < size // 2 for n in read)  # bounded reads: the table's line and one page
