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
from trustreg.buyers import files

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
    path.write_text(path.read_text(encoding="utf-8").replace("</h2>", " (from the file)</h2>", 1), encoding="utf-8")
    assert "(from the file)" in client.get("/fit/?preset=phi-hipaa").content.decode()
    for other in ("/fit/?preset=phi-hipaa&as_of=2026-07-05", "/fit/?preset=phi-hipaa&utm=x", "/fit/?r_hipaa_baa=any"):
        assert "(from the file)" not in client.get(other).content.decode(), other
